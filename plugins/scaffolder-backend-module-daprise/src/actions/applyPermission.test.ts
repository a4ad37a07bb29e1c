import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { dapriseClusterApplyPermission } from '@daprise/plugin-daprise-common';
import {
  createDapriseApplyTargetConditionalDecision,
  dapriseApplyTargetConditions,
} from '@daprise/plugin-daprise-node';
import { createTestNamespace } from '@daprise/local-control-plane';
import request from 'supertest';
import { stringify } from 'yaml';
import { manifestListsFor } from '../lib/manifestList';
import { admin, controlPlane } from '../__testUtils__/cluster';
import { scaffolderModuleDaprise } from '../module';

jest.setTimeout(120_000);

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
 * `daprise.cluster.apply` through the real permission backend: a policy that lets a team apply
 * only into its namespace answers CONDITIONAL, and the scaffolder plugin (whose Daprise module
 * registered the apply-target rules) evaluates the condition on the rendered cluster and
 * namespace.
 */
describe('daprise:cluster:apply under a conditional decision', () => {
  let server: Parameters<typeof request>[0];
  let allowed: string;
  let other: string;
  const asked: string[] = [];

  beforeAll(async () => {
    allowed = await createTestNamespace(admin, 'apply-allowed');
    other = await createTestNamespace(admin, 'apply-other');
    const teamPolicy = createBackendModule({
      pluginId: 'permission',
      moduleId: 'team-namespaces',
      register(env) {
        env.registerInit({
          deps: { policy: policyExtensionPoint },
          async init({ policy }) {
            policy.setPolicy({
              async handle(query) {
                if (
                  isPermission(query.permission, dapriseClusterApplyPermission)
                ) {
                  asked.push(query.permission.name);
                  return createDapriseApplyTargetConditionalDecision(
                    query.permission,
                    {
                      allOf: [
                        dapriseApplyTargetConditions.isInCluster({
                          clusters: ['local'],
                        }),
                        dapriseApplyTargetConditions.isInNamespace({
                          namespaces: [allowed],
                        }),
                      ],
                    },
                  );
                }
                return { result: AuthorizeResult.ALLOW };
              },
            });
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        catalogPlugin,
        permissionPlugin,
        teamPolicy,
        scaffolderModuleDaprise,
        authKnowingActors,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            daprise: {
              clusters: [
                {
                  name: 'local',
                  url: controlPlane.server,
                  caData: controlPlane.caData,
                  scaffolder: { serviceAccountToken: controlPlane.adminToken },
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  /** A scaffolder dry run of one apply step over a ServiceAccount in `namespace`. */
  function dryRunApply(namespace: string) {
    const manifest = stringify({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'payments',
        namespace,
        labels: {
          'app.kubernetes.io/part-of': 'payments',
          'backstage.io/kubernetes-id': 'payments',
        },
      },
    });
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/shop-dev'),
      )
      .send({
        template: {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: { name: 'apply-only' },
          spec: {
            type: 'service',
            steps: [
              // The dry run's files are the template's: copy them into the workspace.
              { id: 'fetch', action: 'fetch:plain', input: { url: './' } },
              { id: 'apply', action: 'daprise:cluster:apply', input: {} },
            ],
          },
        },
        values: {},
        // With its manifest list, as if daprise:service:render had written it.
        directoryContents: [
          { path: 'deploy/service-account.yaml', content: manifest },
          ...manifestListsFor([
            { path: 'deploy/service-account.yaml', content: manifest },
          ]),
        ].map(file => ({
          path: file.path,
          base64Content: Buffer.from(file.content).toString('base64'),
        })),
      });
  }

  /** The dry run's log, or its error when a step failed. */
  const messages = (res: request.Response) =>
    [
      ...(res.body.log ?? []).map((l: any) => l.body?.message ?? ''),
      res.body.error?.message ?? '',
    ].join('\n');

  it('applies into a namespace the condition allows', async () => {
    const res = await dryRunApply(allowed);
    expect(res.status).toBe(200);
    expect(messages(res)).toContain(
      `Dry run: ServiceAccount ${allowed}/payments would-create`,
    );
    expect(asked).toContain('daprise.cluster.apply');
  });

  it('is refused, naming the namespace, where the condition does not allow', async () => {
    const res = await dryRunApply(other);
    expect(messages(res)).toContain(
      `You may not apply to namespace ${other} of cluster local: the permission daprise.cluster.apply was denied`,
    );
    expect(messages(res)).not.toContain('would-create');
  });
});
