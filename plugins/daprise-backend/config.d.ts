import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * Configuration of the Daprise backend plugin. Its clusters and rules are declared by
   * `@daprise/plugin-daprise-node`, which reads them.
   */
  daprise?: {
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
  };
}
