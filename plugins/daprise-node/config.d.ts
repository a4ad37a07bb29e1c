export interface Config {
  /**
   * The configuration the Daprise backend plugin and the scaffolder module share, read by
   * this package (`resolveClusters`, `readRulesConfig`).
   */
  daprise?: {
    /**
     * Use the clusters of the Kubernetes plugin's config
     * (`kubernetes.clusterLocatorMethods` of type `config`, auth provider `serviceAccount`).
     * Default true, so a portal that runs the Kubernetes plugin needs no second list of clusters.
     */
    useKubernetesPluginClusters?: boolean;
    /**
     * Clusters in addition to the Kubernetes plugin's; one with the same name overrides the
     * fields it sets and takes the others (url, caData, token) from the Kubernetes plugin's.
     */
    clusters?: Array<{
      /** A unique name; it shows up on entity pages and in the fleet view, and templates pick a cluster by it. */
      name: string;
      /** The API server's URL; may be left out when the Kubernetes plugin has a cluster of this name. */
      url?: string;
      /**
       * The token Daprise reads with, e.g. of a ServiceAccount bound to the read-only
       * ClusterRole in examples/rbac/daprise-reader.yaml.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** Base64 PEM of the CA that signs the API server's certificate. */
      caData?: string;
      /** Skip TLS verification (never in production). */
      skipTLSVerify?: boolean;
      /** What the scaffolder actions (`daprise:cluster:validate`, `daprise:cluster:apply`) use. */
      scaffolder?: {
        /**
         * The token the scaffolder writes with, bound to the ClusterRole in
         * examples/rbac/daprise-scaffolder.yaml. Without it the scaffolder cannot use the
         * cluster: the read token is never used to write.
         * @visibility secret
         */
        serviceAccountToken?: string;
      };
    }>;
    /**
     * Governance rules by id: enable or disable, override severity and weight. The backend
     * judges live apps by them; the render action refuses a service when an enabled rule
     * finds something in it.
     */
    rules?: {
      [ruleId: string]: {
        enabled?: boolean;
        severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
        weight?: number;
      };
    };
  };
}
