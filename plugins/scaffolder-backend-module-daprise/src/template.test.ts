import fs from 'node:fs';
import path from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  componentTypeChoices,
  DEFAULT_DAPRD_VERSION,
} from '@daprise/plugin-daprise-common';
import { createTestNamespace, kubeRequest } from '@daprise/local-control-plane';
import request from 'supertest';
import { parse } from 'yaml';
import {
  admin,
  controlPlane,
  getObject,
  scaffolderToken,
  snapshotNamespace,
} from './__testUtils__/cluster';
import { scaffolderModuleDaprise } from './module';

jest.setTimeout(180_000);

/** The committed template: what is tested is what the portal offers. */
const TEMPLATE_PATH = path.resolve(
  __dirname,
  '../../../examples/templates/dapr-shared-service/template.yaml',
);
const template = parse(fs.readFileSync(TEMPLATE_PATH, 'utf8'));

/**
 * What the portal's backend needs for daprise:catalog:register-local: by default the catalog
 * accepts only `url` locations from its API.
 */
const catalogModuleFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'daprise-file-locations',
  register(env) {
    env.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

const mockDir = createMockDirectory();
const publishDirectory = mockDir.resolve('published');
const userHeader = mockCredentials.user.header('user:default/guest');

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('the dapr-shared-service template', () => {
  it('offers every component type and version of components-contrib', () => {
    const componentsPage = template.spec.parameters.find(
      (page: any) => page.title === 'Components',
    );
    const { type, version } =
      componentsPage.properties.components.items.properties;
    expect(type.enum).toEqual(componentTypeChoices().map(c => c.type));
    expect(type.enumNames).toEqual(componentTypeChoices().map(c => c.label));
    expect(type.enum).toContain('state.redis');
    expect(type.enum).toContain('middleware.http.bearer');
    expect(type.enumNames).toContain('Redis (pubsub)');
    expect(version.enum).toEqual(['v1', 'v2']);
  });

  it("pins daprd 1.18.3 by default, picked among the fleet's versions", () => {
    const daprShared = template.spec.parameters.find(
      (page: any) => page.title === 'Dapr Shared',
    );
    expect(daprShared.properties.daprdVersion).toMatchObject({
      default: DEFAULT_DAPRD_VERSION,
      'ui:field': 'DaprdVersionPicker',
    });
    expect(DEFAULT_DAPRD_VERSION).toBe('1.18.3');
  });

  it("asks through the Daprise frontend plugin's fields, whose values the actions take", () => {
    const property = (page: string, name: string) =>
      template.spec.parameters.find((p: any) => p.title === page).properties[
        name
      ];
    expect(property('Service', 'appId')['ui:field']).toBe('DaprAppIdField');
    expect(property('Service', 'namespace')['ui:field']).toBe(
      'DaprNamespacePicker',
    );
    expect(property('Components', 'components')['ui:field']).toBe(
      'DaprComponentsPicker',
    );
    const gateway = property('Gateway route', 'gateway');
    expect(gateway['ui:field']).toBe('DaprGatewayPicker');
    // The picker's value: a Gateway, its listener (sectionName) and whether it serves HTTPS.
    expect(Object.keys(gateway.properties)).toEqual([
      'name',
      'namespace',
      'listener',
      'https',
    ]);
    const render = template.spec.steps.find((s: any) => s.id === 'render');
    expect(render.input.gateway).toEqual({
      name: '${{ parameters.gateway.name }}',
      namespace: '${{ parameters.gateway.namespace }}',
      listener: '${{ parameters.gateway.listener }}',
      gatewayAppId: '${{ parameters.gatewayAppId }}',
      https: '${{ parameters.gateway.https }}',
    });
  });

  it('uses only the daprise actions, in the order render, validate, apply, register', () => {
    expect(template.spec.steps.map((s: any) => s.action)).toEqual([
      'daprise:service:render',
      'daprise:cluster:validate',
      'daprise:cluster:apply',
      'daprise:catalog:register-local',
    ]);
  });

  describe('run end to end by a real scaffolder and catalog', () => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    const created: string[] = [];

    beforeAll(async () => {
      backend = await startTestBackend({
        features: [
          scaffolderPlugin,
          catalogPlugin,
          catalogModuleScaffolderEntityModel,
          catalogModuleFileLocations,
          scaffolderModuleDaprise,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component', 'Template', 'Location'] }],
                locations: [{ type: 'file', target: TEMPLATE_PATH }],
              },
              daprise: {
                clusters: [
                  {
                    name: 'local',
                    url: controlPlane.server,
                    caData: controlPlane.caData,
                    scaffolder: {
                      // The portal's scaffolder identity: the shipped daprise-scaffolder role.
                      serviceAccountToken: await scaffolderToken(),
                    },
                  },
                ],
                scaffolder: { publishDirectory },
              },
            },
          }),
        ],
      });
      // The catalog reads the template from its file location.
      await until('the template in the catalog', async () => {
        const res = await request(backend.server)
          .get(
            '/api/catalog/entities/by-name/template/default/dapr-shared-service',
          )
          .set('Authorization', userHeader);
        return res.status === 200 ? res.body : undefined;
      });
    });

    afterAll(async () => {
      // The route and the gateway-side policy live in the shared namespace infra: remove them.
      for (const apiPath of created)
        await kubeRequest(admin, 'DELETE', apiPath);
      await backend?.stop();
    });

    async function runTemplate(values: Record<string, unknown>) {
      const res = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', userHeader)
        .send({ templateRef: 'template:default/dapr-shared-service', values });
      expect(res.status).toBe(201);
      const taskId = res.body.id;
      const task = await until('the task to finish', async () => {
        const current = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .set('Authorization', userHeader);
        return ['completed', 'failed', 'cancelled'].includes(
          current.body.status,
        )
          ? current.body
          : undefined;
      });
      const events = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .set('Authorization', userHeader);
      return { task, events: events.body as any[] };
    }

    function logOf(events: any[]): string {
      return events.map(e => e.body?.message ?? '').join('\n');
    }

    it('creates a DaemonSet service with components, route and policies, and registers it', async () => {
      const namespace = await createTestNamespace(admin, 'template-ds');
      const { task, events } = await runTemplate({
        appId: 'payments',
        namespace,
        owner: 'group:default/team-shop',
        system: 'system:default/shop',
        description: 'Takes payments',
        image: 'ghcr.io/acme/payments:1.0.0',
        appPort: 8080,
        appProtocol: 'http',
        strategy: 'daemonset',
        // Left in the form after switching from Deployment: the template must drop it.
        replicas: 3,
        daprdVersion: '1.16.0',
        mtls: true,
        components: [
          {
            name: 'statestore',
            type: 'state.redis',
            version: 'v1',
            metadata: [
              { name: 'redisHost', value: 'redis-master.shop.svc:6379' },
              {
                name: 'redisPassword',
                secretKeyRef: { name: 'redis', key: 'redis-password' },
              },
            ],
          },
          {
            name: 'events',
            type: 'pubsub.redis',
            version: 'v1',
            metadata: [
              { name: 'redisHost', value: 'redis-master.shop.svc:6379' },
            ],
          },
        ],
        // As the Gateway picker gives it: the example Gateway's HTTP listener.
        gateway: {
          name: 'public',
          namespace: 'infra',
          listener: 'http',
          https: false,
        },
        gatewayAppId: 'gateway',
        hostnames: [],
        pathPrefix: '',
        networkPolicy: true,
      });
      const routeName = `payments-${namespace}`;
      created.push(
        `/apis/gateway.networking.k8s.io/v1/namespaces/infra/httproutes/${routeName}`,
        `/apis/cilium.io/v2/namespaces/infra/ciliumnetworkpolicies/${routeName}-via-gateway`,
      );
      expect({
        status: task.status,
        log: task.status === 'completed' ? '' : logOf(events),
      }).toEqual({
        status: 'completed',
        log: '',
      });

      // The cluster holds the new service.
      const ns = `/namespaces/${namespace}`;
      expect(
        await getObject(`/apis/apps/v1${ns}/deployments/payments`),
      ).toBeDefined();
      const daemonSet = await getObject(
        `/apis/apps/v1${ns}/daemonsets/payments-dapr-shared-chart`,
      );
      expect(daemonSet.spec.template.metadata.labels['dapr.io/app-id']).toBe(
        'payments',
      );
      expect(
        await getObject(
          `/apis/apps/v1${ns}/deployments/payments-dapr-shared-chart`,
        ),
      ).toBeUndefined();
      expect(
        await getObject(`/api/v1${ns}/services/payments-dapr`),
      ).toBeDefined();
      for (const component of ['statestore', 'events']) {
        expect(
          (
            await getObject(
              `/apis/dapr.io/v1alpha1${ns}/components/${component}`,
            )
          ).scopes,
        ).toEqual(['payments']);
      }
      const route = await getObject(
        `/apis/gateway.networking.k8s.io/v1/namespaces/infra/httproutes/${routeName}`,
      );
      expect(route.spec.hostnames).toEqual(['payments.shop.example.com']);
      expect(route.spec.parentRefs[0]).toMatchObject({
        name: 'public',
        namespace: 'infra',
        sectionName: 'http',
      });
      expect(route.spec.rules[0].matches[0].path).toEqual({
        type: 'PathPrefix',
        value: '/payments',
      });
      expect(
        route.spec.rules[0].filters[0].urlRewrite.path.replacePrefixMatch,
      ).toBe(`/v1.0/invoke/payments.${namespace}/method`);
      expect(route.spec.rules[0].backendRefs[0]).toMatchObject({
        name: 'gateway-dapr',
        port: 3500,
      });
      expect(
        await getObject(
          `/apis/cilium.io/v2/namespaces/infra/ciliumnetworkpolicies/${routeName}-via-gateway`,
        ),
      ).toBeDefined();
      for (const policy of [
        'payments-dapr-shared-ingress',
        'payments-app-ingress',
      ]) {
        expect(
          await getObject(
            `/apis/cilium.io/v2${ns}/ciliumnetworkpolicies/${policy}`,
          ),
        ).toBeDefined();
      }

      // The catalog holds the entity, read from the published folder.
      const entity = await until('the new entity in the catalog', async () => {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-name/component/default/payments')
          .set('Authorization', userHeader);
        return res.status === 200 ? res.body : undefined;
      });
      expect(entity.metadata.annotations).toMatchObject({
        'dapr.io/app-id': 'payments',
        'backstage.io/kubernetes-namespace': namespace,
      });
      expect(entity.spec).toMatchObject({
        owner: 'group:default/team-shop',
        system: 'system:default/shop',
      });
      expect(
        fs.existsSync(
          path.join(
            publishDirectory,
            'default',
            'payments',
            'deploy',
            'dapr-shared.yaml',
          ),
        ),
      ).toBe(true);

      // The template's output: links to the entity and the public URL, and the notes.
      // The template's output: a link to the entity and one to the public URL, and what to know.
      const completion = events.find(e => e.type === 'completion');
      expect(completion.body.output.links).toEqual([
        {
          title: 'Open in the catalog',
          icon: 'catalog',
          entityRef: 'component:default/payments',
        },
        {
          title: 'Public URL',
          url: 'http://payments.shop.example.com/payments',
        },
      ]);
      const [text] = completion.body.output.text;
      expect(text.content).toContain(
        `**payments** runs in namespace **${namespace}** of cluster **local** (11 objects applied), reachable at http://payments.shop.example.com/payments.`,
      );
      expect(text.content).toContain(
        '\n- daprd reads the Dapr root certificate from ConfigMap',
      );
      expect(logOf(events)).toContain(
        'Cluster local accepts all 11 object(s) (server-side dry run)',
      );
    });

    it("changes nothing in the scaffolder's dry run, yet shows the files and the output", async () => {
      const namespace = await createTestNamespace(admin, 'template-dry');
      const before = await snapshotNamespace(namespace);
      const infraBefore = await snapshotNamespace('infra');
      const res = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', userHeader)
        .send({
          template,
          values: {
            appId: 'preview',
            namespace,
            owner: 'group:default/team-shop',
            image: 'ghcr.io/acme/preview:1.0.0',
            appPort: 8080,
            appProtocol: 'http',
            strategy: 'daemonset',
            daprdVersion: '1.16.0',
            mtls: true,
            components: [],
            gateway: { name: 'public', namespace: 'infra', https: false },
            gatewayAppId: 'gateway',
            hostnames: [],
            networkPolicy: true,
          },
          directoryContents: [],
        });
      expect(res.status).toBe(200);
      const log = res.body.log.map((l: any) => l.body.message).join('\n');
      expect(log).toContain('Finished step Register in the catalog');
      expect(log).not.toMatch(/error/i);
      expect(res.body.directoryContents.map((f: any) => f.path).sort()).toEqual(
        [
          'catalog-info.yaml',
          'deploy/app.yaml',
          'deploy/dapr-shared-values.yaml',
          'deploy/dapr-shared.yaml',
          'deploy/daprise-manifests.json',
          'deploy/httproute.yaml',
          'deploy/network-policies.yaml',
        ],
      );
      expect(res.body.output.links[0]).toEqual({
        title: 'Open in the catalog',
        icon: 'catalog',
        entityRef: 'component:default/preview',
      });
      expect(log).toContain(
        `Dry run: would publish to ${path.join(
          publishDirectory,
          'default',
          'preview',
        )}`,
      );
      expect(await snapshotNamespace(namespace)).toEqual(before);
      expect(await snapshotNamespace('infra')).toEqual(infraBefore);
      expect(
        fs.existsSync(path.join(publishDirectory, 'default', 'preview')),
      ).toBe(false);
    });

    it('creates a Deployment service of the chosen replicas, and refuses the same app-id again', async () => {
      const namespace = await createTestNamespace(admin, 'template-dep');
      const values = {
        appId: 'ledger',
        namespace,
        owner: 'group:default/team-shop',
        image: 'ghcr.io/acme/ledger:2.0.0',
        appPort: 9000,
        appProtocol: 'grpc',
        strategy: 'deployment',
        replicas: 3,
        daprdVersion: '1.16.0',
        mtls: true,
        components: [],
        gateway: { name: 'public', namespace: 'infra', https: false },
        gatewayAppId: 'gateway',
        hostnames: ['ledger.shop.example.com', 'books.shop.example.com'],
        pathPrefix: '/books',
        networkPolicy: true,
      };
      const first = await runTemplate(values);
      const routeName = `ledger-${namespace}`;
      created.push(
        `/apis/gateway.networking.k8s.io/v1/namespaces/infra/grpcroutes/${routeName}`,
        `/apis/cilium.io/v2/namespaces/infra/ciliumnetworkpolicies/${routeName}-via-gateway`,
      );
      expect(first.task.status).toBe('completed');
      const deployment = await getObject(
        `/apis/apps/v1/namespaces/${namespace}/deployments/ledger-dapr-shared-chart`,
      );
      expect(deployment.spec.replicas).toBe(3);
      // A gRPC app: a GRPCRoute through the gateway's Dapr Shared, no HTTPRoute; the path
      // prefix left in the form is dropped.
      expect(
        await getObject(
          `/apis/gateway.networking.k8s.io/v1/namespaces/infra/httproutes/${routeName}`,
        ),
      ).toBeUndefined();
      const route = await getObject(
        `/apis/gateway.networking.k8s.io/v1/namespaces/infra/grpcroutes/${routeName}`,
      );
      expect(route.spec.hostnames).toEqual([
        'ledger.shop.example.com',
        'books.shop.example.com',
      ]);
      expect(route.spec.rules[0].matches).toBeUndefined();
      expect(route.spec.rules[0].filters).toEqual([
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: {
            set: [{ name: 'dapr-app-id', value: `ledger.${namespace}` }],
          },
        },
      ]);
      expect(route.spec.rules[0].backendRefs).toEqual([
        expect.objectContaining({ name: 'gateway-dapr', port: 50001 }),
      ]);

      // The same app-id in the same namespace: the first step refuses, nothing else runs.
      const second = await runTemplate(values);
      expect(second.task.status).toBe('failed');
      expect(logOf(second.events)).toContain(
        `appId: App-id "ledger" is already used in namespace ${namespace} (app-id-unique)`,
      );
    });
  });
});
