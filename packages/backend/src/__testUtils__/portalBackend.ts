import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import dapriseBackendPlugin from '@daprise/plugin-daprise-backend';
import { testControlPlane } from '@daprise/local-control-plane';
import request from 'supertest';
import { permissionModulePortalPolicy } from '../modules/permissionPolicy';

const repoRoot = path.resolve(__dirname, '../../../..');
const controlPlane = testControlPlane();

/**
 * What the auth backend's catalog sign-in resolves for each user of the example org
 * (examples/catalog/org.yaml): the user and the groups it is a member of. The one test
 * double here; the policy, the permission backend, the catalog that evaluates the
 * ownership condition, the Kubernetes plugin and Daprise are the real plugins.
 */
const ownership: Record<string, string[]> = {
  // The demo's guest sign-in: a member of both teams (see org.yaml).
  'user:default/guest': ['group:default/team-shop', 'group:default/platform'],
  'user:default/shop-dev': ['group:default/team-shop'],
  'user:default/outsider': [],
};

const userInfoFromOrg = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const principal = credentials.principal as { userEntityRef: string };
      return {
        userEntityRef: principal.userEntityRef,
        ownershipEntityRefs: [
          principal.userEntityRef,
          ...(ownership[principal.userEntityRef] ?? []),
        ],
      };
    },
  }),
});

/**
 * The test backend's auth, except that a plugin's request on behalf of a user is known as
 * such (the user, with the plugin as actor), as with real tokens: the mock drops the actor,
 * and the permission backend refuses a conditional question without one ("Direct user
 * requests without a resourceRef are not allowed").
 */
const authKnowingActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const prefix = 'mock-service-token:';
    return {
      isPrincipal: auth.isPrincipal.bind(auth) as typeof auth.isPrincipal,
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      getPluginRequestToken: options => auth.getPluginRequestToken(options),
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async authenticate(token, options) {
        const credentials = await auth.authenticate(token, options);
        const obo = token.startsWith(prefix)
          ? JSON.parse(token.slice(prefix.length)).obo
          : undefined;
        return obo
          ? mockCredentials.user(obo, { actor: { subject: 'plugin' } })
          : credentials;
      },
    } as typeof auth;
  },
});

/**
 * The portal's backend as packages/backend/src/index.ts puts it together, with the plugins a
 * test needs: the real permission backend and policy, catalog (the example org and
 * components), Kubernetes plugin and Daprise, on the local control plane.
 */
export async function startPortalBackend(options?: {
  features?: Parameters<typeof startTestBackend>[0]['features'];
  config?: Record<string, unknown>;
}) {
  const cluster = {
    name: 'local',
    url: controlPlane.server,
    caData: controlPlane.caData,
    authProvider: 'serviceAccount',
    serviceAccountToken: controlPlane.adminToken,
    skipMetricsLookup: true,
  };
  const backend = await startTestBackend({
    features: [
      permissionPlugin,
      permissionModulePortalPolicy,
      catalogPlugin,
      kubernetesPlugin,
      dapriseBackendPlugin,
      ...(options?.features ?? []),
      userInfoFromOrg,
      authKnowingActors,
      // The real one, so that every plugin reads tokens through authKnowingActors.
      httpAuthServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          catalog: {
            rules: [
              { allow: ['Location', 'Component', 'System', 'Group', 'User'] },
            ],
            locations: ['org.yaml', 'components.yaml'].map(file => ({
              type: 'file',
              target: path.join(repoRoot, 'examples/catalog', file),
            })),
          },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [{ type: 'config', clusters: [cluster] }],
          },
          ...options?.config,
          daprise: {
            // The scaffolder's write credential for the Kubernetes plugin's cluster, as the
            // portal's config gives one (the reader token is never used to apply).
            clusters: [
              {
                name: 'local',
                scaffolder: { serviceAccountToken: controlPlane.adminToken },
              },
            ],
            ...(options?.config?.daprise as object | undefined),
          },
        },
      }),
    ],
  });
  const as = (user: string) => (url: string) =>
    request(backend.server)
      .get(url)
      .set('Authorization', mockCredentials.user.header(user))
      .set('Backstage-Kubernetes-Cluster', 'local');

  // The catalog reads the example org in the background: wait for the entities the
  // ownership condition is evaluated on.
  const deadline = Date.now() + 40_000;
  for (;;) {
    const res = await as('user:default/guest')(
      '/api/catalog/entities/by-name/component/default/gateway',
    );
    if (res.status === 200) break;
    if (Date.now() > deadline)
      throw new Error(
        `the catalog did not load examples/catalog: ${res.status} ${res.text}`,
      );
    await new Promise(r => setTimeout(r, 250));
  }
  return { as, backend };
}
