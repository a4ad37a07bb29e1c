import {
  DAPR_APP_ID_ANNOTATION,
  daprServiceName,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@daprise/plugin-daprise-common';
import type {
  ServiceInput,
  ServiceInputDraft,
  ValidationError,
} from '../validation';
import { validateServiceInput } from '../validation';
import { renderApp } from './app';
import { renderComponents } from './components';
import { renderDaprShared, renderDaprSharedValues } from './daprShared';
import { renderNetworkPolicies } from './networkPolicies';
import { renderRoute } from './route';
import type {
  KubernetesManifest,
  RenderedManifest,
  RenderedService,
} from './types';
import { RENDERED_PATHS } from './types';

/**
 * Thrown by `renderService` when its input does not validate.
 * @public
 */
export class ServiceInputError extends Error {
  readonly errors: ValidationError[];

  constructor(errors: ValidationError[]) {
    super(
      `Invalid service input: ${errors
        .map(e => `${e.field}: ${e.message}`)
        .join('; ')}`,
    );
    this.name = 'ServiceInputError';
    this.errors = errors;
  }
}

function publicUrl(input: ServiceInput): string | undefined {
  const host = input.hostnames.find(h => !h.startsWith('*.'));
  if (!input.gateway || !host) return undefined;
  return `${input.gateway.https ? 'https' : 'http'}://${host}${
    input.pathPrefix === '/' ? '' : input.pathPrefix ?? ''
  }`;
}

function notesFor(input: ServiceInput): string[] {
  const notes = [
    `daprd reads the Dapr root certificate from ConfigMap ${input.daprShared.trustAnchorsConfigMap} (key ca.crt) in namespace ${input.namespace}; the platform must provide it (e.g. a copy of dapr-system/dapr-trust-bundle).`,
  ];
  const gateway = input.gateway;
  if (gateway) {
    notes.push(
      `The route is served by the gateway's Dapr Shared (${daprServiceName(
        gateway.gatewayAppId,
      )} in ${gateway.gatewayDaprNamespace}); it must exist.`,
    );
    if (gateway.gatewayDaprNamespace !== gateway.namespace) {
      notes.push(
        `The HTTPRoute lives in ${gateway.gatewayDaprNamespace} but Gateway ${gateway.name} in ${gateway.namespace}: a listener must allow routes from ${gateway.gatewayDaprNamespace} (allowedRoutes.namespaces).`,
      );
    }
    if (input.appProtocol === 'grpc') {
      notes.push(
        `gRPC calls reach ${input.appId} through ${daprServiceName(
          gateway.gatewayAppId,
        )} on daprd's gRPC port (50001), which proxies them by their dapr-app-id metadata: the Gateway listener must accept GRPCRoutes, and clients call the app's own gRPC services (no Dapr SDK needed).`,
      );
    }
    if (input.hostnames.length === 0) {
      notes.push(
        'The route has no hostnames, so it matches every host of the Gateway listener.',
      );
    }
  }
  if (input.networkPolicy) {
    notes.push(
      `Network policies admit only the Gateway path and ${input.appId}'s own pods to its daprd; other apps that invoke ${input.appId}, and metrics scrapers (port 9090), need their own rules.`,
    );
  }
  return notes;
}

function catalogInfo(
  input: ServiceInput,
  url: string | undefined,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    name: input.appId,
    ...(input.description ? { description: input.description } : {}),
    annotations: {
      [DAPR_APP_ID_ANNOTATION]: input.appId,
      [KUBERNETES_NAMESPACE_ANNOTATION]: input.namespace,
      [KUBERNETES_ID_ANNOTATION]: input.appId,
    },
    tags: ['dapr', 'dapr-shared'],
  };
  if (url) metadata.links = [{ url, title: 'Public endpoint' }];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata,
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: input.owner,
      ...(input.system ? { system: input.system } : {}),
    },
  };
}

/**
 * Renders everything a new Dapr Shared service needs: the app, its Dapr Shared instance (and the
 * equivalent chart values), its components, its route through the gateway's Dapr Shared, its
 * network policies and its catalog entity. Validates the input first and throws
 * `ServiceInputError` when it is invalid, or asks for what the platform does not allow (a
 * `secretstores.kubernetes` component unless `platform.allowKubernetesSecretStore`).
 * @public
 */
export function renderService(
  draft: ServiceInputDraft | ServiceInput,
  platform: { allowKubernetesSecretStore?: boolean } = {},
): RenderedService {
  const validation = validateServiceInput(draft, platform);
  if (!validation.ok) throw new ServiceInputError(validation.errors);
  const input = validation.value;
  const manifests: RenderedManifest[] = [];
  const add = (path: string, objects: KubernetesManifest[]) =>
    objects.forEach(object => manifests.push({ path, object }));
  add(RENDERED_PATHS.app, renderApp(input));
  add(RENDERED_PATHS.daprShared, renderDaprShared(input));
  add(RENDERED_PATHS.components, renderComponents(input));
  const route = renderRoute(input);
  if (route)
    add(
      route.kind === 'GRPCRoute'
        ? RENDERED_PATHS.grpcRoute
        : RENDERED_PATHS.httpRoute,
      [route],
    );
  if (input.networkPolicy)
    add(RENDERED_PATHS.networkPolicies, renderNetworkPolicies(input));
  const url = publicUrl(input);
  const rendered: RenderedService = {
    appId: input.appId,
    namespace: input.namespace,
    manifests,
    catalogInfo: catalogInfo(input, url),
    helmValues: renderDaprSharedValues(input),
    notes: notesFor(input),
  };
  if (url) rendered.publicUrl = url;
  return rendered;
}

/**
 * A file of a rendered service: its path, a header comment for humans, and its documents (one
 * YAML document each). Serialising is the caller's business (this package does no I/O).
 * @public
 */
export interface RenderedFile {
  path: string;
  comment: string;
  documents: Array<Record<string, unknown>>;
}

const FILE_COMMENTS: Record<string, string> = {
  [RENDERED_PATHS.app]:
    'The app itself. Its daprd is the Dapr Shared instance in dapr-shared.yaml, not a sidecar.',
  [RENDERED_PATHS.daprShared]:
    "Dapr Shared for this app, as the dapr-shared chart renders it, minus the chart's init container, its ConfigMap (which would hold a copy of the Sentry issuer private key), its API-token Secret and its cluster-wide RBAC. See dapr-shared-values.yaml for the Helm equivalent.",
  [RENDERED_PATHS.helmValues]:
    'Values for oci://registry-1.docker.io/daprio/dapr-shared-chart (release name: the app-id), equivalent to dapr-shared.yaml. Note the chart adds an init container that copies the Sentry issuer key into a ConfigMap.',
  [RENDERED_PATHS.components]:
    'Dapr components, scoped to this app-id. Secrets are referenced, never written here.',
  [RENDERED_PATHS.httpRoute]:
    "Publishes the app through the Gateway and the gateway's Dapr Shared (service invocation).",
  [RENDERED_PATHS.grpcRoute]:
    "Publishes the gRPC app through the Gateway and the gateway's Dapr Shared (gRPC proxying, dapr-app-id).",
  [RENDERED_PATHS.networkPolicies]:
    'Cilium policies confining traffic to Gateway -> gateway daprd -> app daprd -> app.',
  [RENDERED_PATHS.catalogInfo]: 'Backstage catalog entity of the service.',
};

/**
 * The files of a rendered service in a stable order: manifests grouped by path, then the chart
 * values and the catalog entity.
 * @public
 */
export function renderedFiles(rendered: RenderedService): RenderedFile[] {
  const files = new Map<string, RenderedFile>();
  for (const { path, object } of rendered.manifests) {
    let file = files.get(path);
    if (!file) {
      file = { path, comment: FILE_COMMENTS[path] ?? '', documents: [] };
      files.set(path, file);
    }
    file.documents.push(object);
  }
  files.set(RENDERED_PATHS.helmValues, {
    path: RENDERED_PATHS.helmValues,
    comment: FILE_COMMENTS[RENDERED_PATHS.helmValues],
    documents: [rendered.helmValues],
  });
  files.set(RENDERED_PATHS.catalogInfo, {
    path: RENDERED_PATHS.catalogInfo,
    comment: FILE_COMMENTS[RENDERED_PATHS.catalogInfo],
    documents: [rendered.catalogInfo],
  });
  return [...files.values()];
}
