export interface Config {
  daprise?: {
    /** Configuration of the Daprise scaffolder actions (`daprise:*`). */
    scaffolder?: {
      /**
       * Clusters the actions may validate against and apply to. When none are given, the
       * actions use the clusters of `kubernetes.clusterLocatorMethods` (type `config`, auth
       * provider `serviceAccount`); their tokens are usually read-only, so give the scaffolder
       * its own token here, bound to the ClusterRole in examples/rbac/daprise-scaffolder.yaml.
       */
      clusters?: Array<{
        /** A unique name; templates pick a cluster by it. */
        name: string;
        /** The API server's URL (https). */
        url: string;
        /**
         * A bearer token, e.g. of a ServiceAccount bound to the `daprise-scaffolder` ClusterRole.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /** Base64 PEM of the CA that signs the API server's certificate. */
        caData?: string;
        /** Skip TLS verification (never in production). */
        skipTLSVerify?: boolean;
      }>;
      /** Name of the cluster used when an action's input names none; default: the first. */
      defaultCluster?: string;
      /**
       * Directory on the backend host where `daprise:catalog:register-local` publishes a
       * service's catalog-info.yaml before registering it as a `file` location. Relative paths
       * are resolved against the backend's working directory.
       */
      publishDirectory?: string;
      /**
       * Whether services may have a `secretstores.kubernetes` component (default false). Such a
       * store makes the render action grant the service's Dapr Shared service account a Role
       * that reads the Secrets of its namespace, which only the platform team can judge to be
       * acceptable there; when false, render refuses the component.
       */
      allowKubernetesSecretStore?: boolean;
    };
    /**
     * Governance rules by id. The render action refuses a service when an enabled rule finds
     * something in it; `enabled: false` lets such services through.
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
