import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Daprise backend plugin. */
  daprise?: {
    /**
     * Use the clusters of the Kubernetes plugin's config
     * (`kubernetes.clusterLocatorMethods` of type `config`). Default true, so a portal that
     * runs the Kubernetes plugin needs no second list of clusters.
     */
    useKubernetesPluginClusters?: boolean;
    /** Clusters in addition to the Kubernetes plugin's; one with the same name overrides it. */
    clusters?: Array<{
      /** A unique name; it shows up on entity pages and in the fleet view. */
      name: string;
      /** The API server's URL. */
      url: string;
      /**
       * A bearer token, e.g. of a ServiceAccount bound to the read-only ClusterRole in
       * examples/rbac/daprise-reader.yaml.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** Base64 PEM of the CA that signs the API server's certificate. */
      caData?: string;
      /** Skip TLS verification (never in production). */
      skipTLSVerify?: boolean;
    }>;
    /**
     * The catalog module `catalogModuleDapriseComponents`: each Dapr Component becomes a
     * `Resource` entity of type `dapr-component` that the apps loading it depend on.
     */
    catalog?: {
      components?: {
        /** Put the fleet's Dapr Components into the catalog (default false). */
        enabled?: boolean;
        /**
         * The owner of every component entity, e.g. 'group:default/platform'. Default: the
         * owner of the apps that load the component, else of its namespace's apps.
         */
        owner?: string;
        /** The full sync's schedule (default every 30 minutes); changes come as deltas. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /** How Daprise asks the permission policy. */
    permissions?: {
      /**
       * How long the policy's answer for a principal is reused, e.g. '10s' or
       * { seconds: 30 } (default 10 seconds; 0 asks the policy on every request). A change
       * of policy or of a user's groups shows after at most this long.
       */
      decisionTtl?: string | HumanDuration;
    };
    /** `GET /changes`, the long poll through which open pages learn that the index moved. */
    changes?: {
      /**
       * How many long polls one user (or service) may hold open at once, e.g. one per open
       * tab showing Daprise; one more is answered 429 with Retry-After. Default 4.
       */
      maxLongPollsPerUser?: number;
    };
    /** Governance rules by id: enable or disable, override severity and weight. */
    rules?: {
      [ruleId: string]: {
        enabled?: boolean;
        severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
        weight?: number;
      };
    };
  };
}
