import { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { dapriseBackendPlugin } from '../plugin';

export interface TestCluster {
  name: string;
  url: string;
  caData: string;
  token: string;
}

/** The example catalog's Dapr entities. */
export const exampleEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: {
        'dapr.io/app-id': 'orders',
        'backstage.io/kubernetes-namespace': 'shop',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-shop',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'no-dapr', namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-shop',
    },
  },
];

/**
 * A real Backstage backend with the Daprise plugin, watching real clusters. Only
 * Backstage's own services are test doubles (catalog, permissions, auth).
 */
export async function startDapriseBackend(options: {
  clusters: TestCluster[];
  entities?: Entity[];
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** A permissions service of the test's own, instead of one that answers `permission`. */
  permissions?: ServiceFactory;
  /** Requests without credentials are rejected (instead of acting as a mock user). */
  requireCredentials?: boolean;
  config?: Record<string, unknown>;
  /** More backend features, e.g. a module that adds governance rules. */
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const backend = await startTestBackend({
    features: [
      dapriseBackendPlugin,
      catalogServiceMock.factory({
        entities: options.entities ?? exampleEntities,
      }),
      mockServices.rootConfig.factory({
        data: {
          daprise: {
            clusters: options.clusters.map(c => ({
              name: c.name,
              url: c.url,
              caData: c.caData,
              serviceAccountToken: c.token,
            })),
            ...options.config,
          },
        },
      }),
      options.permissions ??
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
      ...(options.features ?? []),
      ...(options.requireCredentials
        ? [
            mockServices.httpAuth.factory({
              defaultCredentials: mockCredentials.none(),
            }),
          ]
        : []),
    ],
  });
  const get = (path: string) =>
    request(backend.server)
      .get(`/api/daprise${path}`)
      .set('Authorization', mockCredentials.user.header());
  return { backend, get };
}

/** Polls until `check` returns a value, or fails with the last error after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms${
          lastError ? `: ${lastError}` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 50));
  }
}
