import type { KubeObject } from '@daprise/plugin-daprise-node';

/**
 * A Kubernetes object as rendered: plain JSON, ready to serialise to YAML or apply. The same
 * shape the connection applies, so a rendered object goes to the API server as it is.
 * @public
 */
export type KubernetesManifest = KubeObject;

/**
 * A rendered object and the file it belongs in.
 * @public
 */
export interface RenderedManifest {
  path: string;
  object: KubernetesManifest;
}

/**
 * Everything the template produces for a new service.
 * @public
 */
export interface RenderedService {
  appId: string;
  namespace: string;
  /** Kubernetes objects with their file paths, in apply order within each file. */
  manifests: RenderedManifest[];
  /** The catalog entity (`catalog-info.yaml`). */
  catalogInfo: Record<string, unknown>;
  /** dapr-shared chart values equivalent to `deploy/dapr-shared.yaml`, for teams that use Helm. */
  helmValues: Record<string, unknown>;
  /** Where the service is reachable through the Gateway, when it has a route and a host name. */
  publicUrl?: string;
  /** Things a human must know or do that manifests cannot express (prerequisites, caveats). */
  notes: string[];
}

/**
 * Paths of the files the template writes.
 * @public
 */
export const RENDERED_PATHS = {
  app: 'deploy/app.yaml',
  daprShared: 'deploy/dapr-shared.yaml',
  helmValues: 'deploy/dapr-shared-values.yaml',
  components: 'deploy/components.yaml',
  httpRoute: 'deploy/httproute.yaml',
  grpcRoute: 'deploy/grpcroute.yaml',
  networkPolicies: 'deploy/network-policies.yaml',
  catalogInfo: 'catalog-info.yaml',
} as const;
