export interface Config {
  daprise?: {
    /** Configuration of the Daprise scaffolder actions (`daprise:*`). */
    scaffolder?: {
      /**
       * Name of the cluster used when an action's input names none; default: the first that
       * has a scaffolder token. The clusters are `daprise.clusters` (each with
       * `scaffolder.serviceAccountToken`) merged with the Kubernetes plugin's, declared by
       * `@daprise/plugin-daprise-node`.
       */
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
  };
}
