import type { ServiceInputDraft } from './validation';
import { DEFAULT_DAPRD_VERSION } from '@daprise/plugin-daprise-common';
import { serviceInputSchema, validateServiceInput } from './validation';

function valid(): ServiceInputDraft {
  return {
    appId: 'orders',
    namespace: 'shop',
    owner: 'group:default/team-orders',
    system: 'webshop',
    description: 'Takes orders',
    appPort: 8080,
    appProtocol: 'http',
    image: 'ghcr.io/acme/orders:1.4.2',
    daprShared: {
      strategy: 'deployment',
      replicas: 2,
      daprdVersion: '1.16.0',
      mtls: true,
    },
    components: [
      {
        name: 'statestore',
        type: 'state.redis',
        metadata: [
          { name: 'redisHost', value: 'redis-master:6379' },
          {
            name: 'redisPassword',
            secretKeyRef: { name: 'redis', key: 'redis-password' },
          },
        ],
      },
    ],
    gateway: {
      name: 'cluster-gateway',
      namespace: 'edge',
      gatewayAppId: 'gateway',
      gatewayDaprNamespace: 'edge',
    },
    hostnames: ['orders.example.com'],
    pathPrefix: '/orders',
    networkPolicy: true,
  };
}

function fullErrorsOf(
  input: unknown,
  context?: Parameters<typeof validateServiceInput>[1],
) {
  const result = validateServiceInput(input, context);
  return result.ok ? [] : result.errors;
}

function errorsOf(
  input: unknown,
  context?: Parameters<typeof validateServiceInput>[1],
) {
  return fullErrorsOf(input, context).map(e => ({
    field: e.field,
    rule: e.rule,
  }));
}

function valueOf(input: unknown) {
  const result = validateServiceInput(input);
  if (!result.ok)
    throw new Error(`unexpectedly invalid: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function withChange(change: (input: any) => void): ServiceInputDraft {
  const input = valid() as any;
  change(input);
  return input;
}

describe('validateServiceInput', () => {
  it('accepts a valid input and applies defaults', () => {
    const result = validateServiceInput({
      appId: 'orders',
      namespace: 'shop',
      owner: 'team-orders',
      appPort: 8080,
      image: 'ghcr.io/acme/orders:1.4.2',
      gateway: { name: 'cluster-gateway', namespace: 'edge' },
    });
    expect(result).toEqual({
      ok: true,
      warnings: [],
      value: {
        appId: 'orders',
        namespace: 'shop',
        owner: 'team-orders',
        appPort: 8080,
        appProtocol: 'http',
        image: 'ghcr.io/acme/orders:1.4.2',
        daprShared: {
          strategy: 'daemonset',
          daprdVersion: DEFAULT_DAPRD_VERSION,
          mtls: true,
          trustAnchorsConfigMap: 'dapr-trust-bundle',
          replicas: undefined,
        },
        components: [],
        gateway: {
          name: 'cluster-gateway',
          namespace: 'edge',
          gatewayAppId: 'gateway',
          gatewayDaprNamespace: 'edge',
          https: true,
        },
        hostnames: [],
        pathPrefix: '/orders',
        networkPolicy: true,
      },
    });
  });

  it('defaults replicas to 1 for deployments and component versions to v1', () => {
    const value = valueOf(
      withChange(i => {
        delete i.daprShared.replicas;
        delete i.components[0].version;
      }),
    );
    expect(value.daprShared.replicas).toBe(1);
    expect(value.components[0].version).toBe('v1');
  });

  it('refuses a Kubernetes secret store unless the platform allows it', () => {
    const withStore = withChange(i =>
      i.components.push({ name: 'secrets', type: 'secretstores.kubernetes' }),
    );
    const index = withStore.components!.length - 1;
    expect(fullErrorsOf(withStore)).toEqual([
      {
        field: `components.${index}.type`,
        rule: 'kubernetes-secret-store-allowed',
        message: expect.stringContaining(
          "needs a Role that lets the service's Dapr Shared read the Secrets of namespace",
        ),
        fix: expect.stringContaining(
          'daprise.scaffolder.allowKubernetesSecretStore: true',
        ),
      },
    ]);
    expect(
      validateServiceInput(withStore, { allowKubernetesSecretStore: true }).ok,
    ).toBe(true);
  });

  it('takes readableSecrets for a Kubernetes secret store only, and never empty', () => {
    const errors = fullErrorsOf(
      withChange(i => {
        i.components[0].readableSecrets = ['db'];
        i.components.push({
          name: 'secrets',
          type: 'secretstores.kubernetes',
          readableSecrets: [],
        });
      }),
      { allowKubernetesSecretStore: true },
    );
    expect(errors.map(e => `${e.field} ${e.rule}: ${e.message}`)).toEqual([
      'components.0.readableSecrets readable-secrets-kubernetes-only: readableSecrets is for secretstores.kubernetes components, not state.redis',
      // An empty list would render a Role with no resourceNames: every Secret.
      'components.1.readableSecrets readable-secrets-not-empty: readableSecrets names no Secret',
    ]);
  });

  it('accepts the full valid input', () => {
    expect(errorsOf(valid())).toEqual([]);
  });

  it('rejects a non-object', () => {
    expect(errorsOf(null)).toEqual([{ field: '(input)', rule: 'type' }]);
  });

  it('names every error with field, rule, message and fix', () => {
    expect(
      validateServiceInput(withChange(i => (i.appId = 'Orders_API'))),
    ).toEqual({
      ok: false,
      warnings: [],
      errors: [
        {
          field: 'appId',
          rule: 'dns-1123-label',
          message: 'App-id "Orders_API" is not a DNS-1123 label',
          fix: expect.stringContaining('lower-case letters, digits and "-"'),
        },
      ],
    });
  });

  describe('appId', () => {
    it.each([
      ['Orders', 'dns-1123-label'],
      ['-orders', 'dns-1123-label'],
      ['orders.v2', 'dns-1123-label'],
      ['a'.repeat(54), 'max-length'],
      ['dapr', 'reserved-name'],
      ['dapr-orders', 'reserved-name'],
      ['kube-orders', 'reserved-name'],
    ])('rejects %s (%s)', (appId, rule) => {
      expect(errorsOf(withChange(i => (i.appId = appId)))).toEqual([
        { field: 'appId', rule },
      ]);
    });

    it('accepts 53 characters, so <app-id>-dapr fits a DNS label and the Helm release name its limit', () => {
      expect(errorsOf(withChange(i => (i.appId = 'a'.repeat(53))))).toEqual([]);
    });

    it('rejects the gateway own app-id in the gateway namespace only', () => {
      expect(
        errorsOf(
          withChange(i => {
            i.appId = 'gateway';
            i.namespace = 'edge';
          }),
        ),
      ).toEqual([{ field: 'appId', rule: 'reserved-name' }]);
      expect(errorsOf(withChange(i => (i.appId = 'gateway')))).toEqual([]);
    });

    it('rejects an app-id already used in the namespace', () => {
      expect(
        errorsOf(valid(), { existingAppIds: { shop: ['orders'] } }),
      ).toEqual([{ field: 'appId', rule: 'app-id-unique' }]);
      expect(
        errorsOf(valid(), {
          existingAppIds: new Map([['shop', new Set(['orders'])]]),
        }),
      ).toEqual([{ field: 'appId', rule: 'app-id-unique' }]);
      expect(
        errorsOf(valid(), { existingAppIds: { other: ['orders'] } }),
      ).toEqual([]);
    });

    it('reports a taken app-id along with other errors', () => {
      expect(
        errorsOf(
          withChange(i => (i.appPort = 0)),
          { existingAppIds: { shop: new Set(['orders']) } },
        ),
      ).toEqual([
        { field: 'appPort', rule: 'range' },
        { field: 'appId', rule: 'app-id-unique' },
      ]);
    });
  });

  it.each([
    ['Shop', 'dns-1123-label'],
    ['kube-system', 'reserved-name'],
    ['dapr-system', 'reserved-name'],
    ['n'.repeat(64), 'max-length'],
  ])('rejects namespace %s (%s)', (namespace, rule) => {
    expect(errorsOf(withChange(i => (i.namespace = namespace)))).toEqual([
      { field: 'namespace', rule },
    ]);
  });

  it('checks owner and system as entity references', () => {
    expect(errorsOf(withChange(i => (i.owner = 'user:default/jane')))).toEqual(
      [],
    );
    expect(
      errorsOf(withChange(i => (i.owner = 'component:default/x'))),
    ).toEqual([{ field: 'owner', rule: 'entity-kind' }]);
    expect(errorsOf(withChange(i => (i.owner = 'team orders')))).toEqual([
      { field: 'owner', rule: 'entity-ref' },
    ]);
    expect(errorsOf(withChange(i => delete i.owner))).toEqual([
      { field: 'owner', rule: 'required' },
    ]);
    expect(errorsOf(withChange(i => (i.system = 'group:default/x')))).toEqual([
      { field: 'system', rule: 'entity-kind' },
    ]);
  });

  it.each([
    [0, 'range'],
    [65536, 'range'],
    [80.5, 'type'],
    ['8080', 'type'],
  ])('rejects appPort %p', (appPort, rule) => {
    const errors = errorsOf(withChange(i => (i.appPort = appPort)));
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('appPort');
    expect([rule, 'invalid']).toContain(errors[0].rule);
  });

  it('rejects an unknown protocol', () => {
    expect(errorsOf(withChange(i => (i.appProtocol = 'tcp')))).toEqual([
      { field: 'appProtocol', rule: 'one-of' },
    ]);
  });

  it.each([
    ['', 'required'],
    ['ghcr.io/acme/orders :1', 'image-no-whitespace'],
    ['GHCR.io/Acme/Orders:1', 'image-reference'],
    ['ghcr.io/acme/orders:bad/tag!', 'image-reference'],
  ])('rejects image %p', (image, rule) => {
    expect(errorsOf(withChange(i => (i.image = image)))).toEqual([
      { field: 'image', rule },
    ]);
  });

  it('accepts images with registry ports and digests', () => {
    expect(
      errorsOf(
        withChange(i => (i.image = 'registry:5000/acme/orders@sha256:abc')),
      ),
    ).toEqual([]);
  });

  describe('daprShared', () => {
    it('rejects replicas for a DaemonSet and out of range', () => {
      expect(
        errorsOf(withChange(i => (i.daprShared.strategy = 'daemonset'))),
      ).toEqual([
        { field: 'daprShared.replicas', rule: 'replicas-only-for-deployment' },
      ]);
      expect(errorsOf(withChange(i => (i.daprShared.replicas = 51)))).toEqual([
        { field: 'daprShared.replicas', rule: 'range' },
      ]);
      expect(errorsOf(withChange(i => (i.daprShared.replicas = 0)))).toEqual([
        { field: 'daprShared.replicas', rule: 'range' },
      ]);
    });

    it.each(['v1.16.0', '1.16', 'latest'])(
      'rejects daprd version %s',
      version => {
        expect(
          errorsOf(withChange(i => (i.daprShared.daprdVersion = version))),
        ).toEqual([{ field: 'daprShared.daprdVersion', rule: 'semver' }]);
      },
    );

    it('accepts release candidates and checks the configuration name', () => {
      expect(
        errorsOf(withChange(i => (i.daprShared.daprdVersion = '1.17.0-rc.1'))),
      ).toEqual([]);
      expect(
        errorsOf(withChange(i => (i.daprShared.configName = 'Tracing'))),
      ).toEqual([
        { field: 'daprShared.configName', rule: 'dns-1123-subdomain' },
      ]);
      expect(
        errorsOf(withChange(i => (i.daprShared.strategy = 'statefulset'))),
      ).toEqual([{ field: 'daprShared.strategy', rule: 'one-of' }]);
    });
  });

  describe('components', () => {
    it('rejects a type components-contrib does not have and lists those of its category', () => {
      const errors = fullErrorsOf(
        withChange(i => (i.components[0].type = 'state.nosuchstore')),
      );
      expect(errors.map(e => [e.field, e.rule])).toEqual([
        ['components.0.type', 'component-type-supported'],
      ]);
      expect(errors[0].message).toContain('components-contrib v1.18.0');
      expect(errors[0].fix).toContain('state.redis');
      expect(errors[0].fix).toContain('state.cassandra');
      expect(errors[0].fix).not.toContain('pubsub.redis');
      const uncategorised = fullErrorsOf(
        withChange(i => (i.components[0].type = 'redis')),
      );
      expect(uncategorised[0].fix).toContain('bindings, configuration');
    });

    it('takes every type of components-contrib, with the metadata it requires', () => {
      const cassandra = (metadata: Array<{ name: string; value: string }>) =>
        withChange(
          i =>
            (i.components[0] = {
              name: 'statestore',
              type: 'state.cassandra',
              metadata,
            }),
        );
      expect(
        errorsOf(cassandra([{ name: 'hosts', value: 'cassandra:9042' }])),
      ).toEqual([]);
      expect(fullErrorsOf(cassandra([]))).toEqual([
        expect.objectContaining({
          field: 'components.0.metadata',
          rule: 'component-metadata-required',
          message: 'state.cassandra v1 requires metadata "hosts"',
        }),
      ]);
    });

    it('refuses a version the type does not have, naming those it has', () => {
      const errors = fullErrorsOf(
        withChange(
          i =>
            (i.components[0] = {
              name: 'statestore',
              type: 'state.postgresql',
              version: 'v3',
              metadata: [
                {
                  name: 'connectionString',
                  secretKeyRef: { name: 'pg', key: 'url' },
                },
              ],
            }),
        ),
      );
      expect(errors).toEqual([
        expect.objectContaining({
          field: 'components.0.version',
          rule: 'component-version',
          fix: 'Use v1 or v2.',
        }),
      ]);
    });

    it('asks for secretKeyRef where components-contrib says a field is sensitive, even if its name does not say so', () => {
      const rabbit = (host: object) =>
        withChange(
          i =>
            (i.components[0] = {
              name: 'queue',
              type: 'bindings.rabbitmq',
              metadata: [
                { name: 'queueName', value: 'orders' },
                { name: 'host', ...host },
              ],
            }),
        );
      expect(errorsOf(rabbit({ value: 'amqp://u:p@rabbit:5672' }))).toEqual([
        { field: 'components.0.metadata.1.value', rule: 'use-secret-key-ref' },
      ]);
      expect(
        errorsOf(rabbit({ secretKeyRef: { name: 'rabbit', key: 'url' } })),
      ).toEqual([]);
      // the same name is a plain setting of another type
      expect(
        errorsOf(
          withChange(
            i =>
              (i.components[0] = {
                name: 'mail',
                type: 'bindings.smtp',
                metadata: [
                  { name: 'host', value: 'smtp.example.com' },
                  { name: 'emailFrom', value: 'shop@example.com' },
                  { name: 'emailTo', value: 'orders@example.com' },
                  { name: 'subject', value: 'New order' },
                ],
              }),
          ),
        ),
      ).toEqual([]);
    });

    it('warns of metadata names the type does not know, and of deprecated ones, without refusing', () => {
      const result = validateServiceInput(
        withChange(i => {
          i.components[0].metadata.push({ name: 'redisHots', value: 'x' });
          i.components.push({
            name: 'config',
            type: 'configuration.postgresql',
            metadata: [
              {
                name: 'connectionString',
                secretKeyRef: { name: 'pg', key: 'url' },
              },
              { name: 'table', value: 'config' },
              { name: 'connMaxIdleTime', value: '5m' },
            ],
          });
        }),
      );
      expect(result.ok).toBe(true);
      expect(result.warnings.map(w => [w.field, w.rule])).toEqual([
        ['components.0.metadata.2.name', 'component-metadata-unknown'],
        ['components.1.metadata.2.name', 'component-metadata-deprecated'],
      ]);
      expect(result.warnings[0].fix).toContain(
        'https://docs.dapr.io/reference/components-reference/supported-state-stores/setup-redis/',
      );
    });

    it('rejects a secret given as a plain value: use secretKeyRef', () => {
      const errors = fullErrorsOf(
        withChange(
          i =>
            (i.components[0].metadata[1] = {
              name: 'redisPassword',
              value: 'hunter2',
            }),
        ),
      );
      expect(errors).toEqual([
        expect.objectContaining({
          field: 'components.0.metadata.1.value',
          rule: 'use-secret-key-ref',
          fix: expect.stringContaining('use secretKeyRef'),
        }),
      ]);
      expect(JSON.stringify(errors)).not.toContain('hunter2');
    });

    it('also rejects sensitive-looking names the type does not list', () => {
      expect(
        errorsOf(
          withChange(i =>
            i.components[0].metadata.push({ name: 'clientSecret', value: 'x' }),
          ),
        ),
      ).toEqual([
        { field: 'components.0.metadata.2.value', rule: 'use-secret-key-ref' },
      ]);
    });

    it('requires the metadata the type needs', () => {
      expect(
        errorsOf(withChange(i => i.components[0].metadata.splice(0, 1))),
      ).toEqual([
        { field: 'components.0.metadata', rule: 'component-metadata-required' },
      ]);
    });

    it('needs exactly one of value and secretKeyRef', () => {
      expect(
        errorsOf(
          withChange(
            i => (i.components[0].metadata[0] = { name: 'redisHost' }),
          ),
        ),
      ).toEqual([
        { field: 'components.0.metadata.0', rule: 'value-or-secret-key-ref' },
      ]);
      expect(
        errorsOf(
          withChange(
            i =>
              (i.components[0].metadata[0] = {
                name: 'redisHost',
                value: 'x',
                secretKeyRef: { name: 'a', key: 'b' },
              }),
          ),
        ),
      ).toEqual([
        { field: 'components.0.metadata.0', rule: 'value-or-secret-key-ref' },
      ]);
    });

    it('checks names, versions and secret references', () => {
      expect(
        errorsOf(withChange(i => (i.components[0].name = 'State_Store'))),
      ).toEqual([{ field: 'components.0.name', rule: 'dns-1123-label' }]);
      expect(
        errorsOf(withChange(i => (i.components[0].version = 'v2'))),
      ).toEqual([{ field: 'components.0.version', rule: 'component-version' }]);
      expect(
        errorsOf(
          withChange(
            i =>
              (i.components[0].metadata[1].secretKeyRef = {
                name: 'Redis',
                key: 'a b',
              }),
          ),
        ),
      ).toEqual([
        {
          field: 'components.0.metadata.1.secretKeyRef.name',
          rule: 'dns-1123-subdomain',
        },
        {
          field: 'components.0.metadata.1.secretKeyRef.key',
          rule: 'secret-key',
        },
      ]);
    });

    it('rejects duplicate components and metadata', () => {
      expect(
        errorsOf(withChange(i => i.components.push(i.components[0]))),
      ).toEqual([{ field: 'components.1.name', rule: 'unique-name' }]);
      expect(
        errorsOf(
          withChange(i =>
            i.components[0].metadata.push({ name: 'redisHost', value: 'b' }),
          ),
        ),
      ).toEqual([
        { field: 'components.0.metadata.2.name', rule: 'unique-name' },
      ]);
    });
  });

  describe('gateway, hostnames and path', () => {
    it.each([
      ['Orders.example.com', 'rfc-1123-hostname'],
      ['orders_example.com', 'rfc-1123-hostname'],
      ['*.*.example.com', 'rfc-1123-hostname'],
      ['10.0.0.1', 'hostname-not-ip'],
      [`${'a'.repeat(64)}.example.com`, 'rfc-1123-hostname'],
    ])('rejects hostname %s', (hostname, rule) => {
      expect(errorsOf(withChange(i => (i.hostnames = [hostname])))).toEqual([
        { field: 'hostnames.0', rule },
      ]);
    });

    it('accepts wildcard hostnames and rejects duplicates', () => {
      expect(
        errorsOf(
          withChange(
            i => (i.hostnames = ['*.example.com', 'orders.example.com']),
          ),
        ),
      ).toEqual([]);
      expect(
        errorsOf(
          withChange(i => (i.hostnames = ['a.example.com', 'a.example.com'])),
        ),
      ).toEqual([{ field: 'hostnames.1', rule: 'unique-hostname' }]);
    });

    it.each([
      ['orders', 'path-absolute'],
      ['/orders/../admin', 'path-no-dot-segments'],
      ['/orders..x', 'path-no-dot-segments'],
      ['/my orders', 'path-no-whitespace'],
      ['/orders//x', 'path-no-empty-segments'],
      ['/orders/', 'path-no-trailing-slash'],
      ['/orders%2Fx', 'path-characters'],
      ['/orders#x', 'path-characters'],
    ])('rejects path prefix %s', (pathPrefix, rule) => {
      expect(errorsOf(withChange(i => (i.pathPrefix = pathPrefix)))).toEqual([
        { field: 'pathPrefix', rule },
      ]);
    });

    it('accepts / and defaults the prefix to /<appId>', () => {
      expect(errorsOf(withChange(i => (i.pathPrefix = '/')))).toEqual([]);
      expect(valueOf(withChange(i => delete i.pathPrefix)).pathPrefix).toBe(
        '/orders',
      );
    });

    it('defaults the gateway Dapr namespace to the Gateway namespace', () => {
      expect(
        valueOf(withChange(i => delete i.gateway.gatewayDaprNamespace)).gateway
          ?.gatewayDaprNamespace,
      ).toBe('edge');
    });

    it('checks gateway fields', () => {
      expect(
        errorsOf(withChange(i => (i.gateway.gatewayAppId = 'Gateway'))),
      ).toEqual([{ field: 'gateway.gatewayAppId', rule: 'dns-1123-label' }]);
      expect(errorsOf(withChange(i => (i.gateway.namespace = 'Edge')))).toEqual(
        [{ field: 'gateway.namespace', rule: 'dns-1123-label' }],
      );
      expect(errorsOf(withChange(i => delete i.gateway.name))).toEqual([
        { field: 'gateway.name', rule: 'required' },
      ]);
    });

    it('needs a gateway for hostnames and a path prefix', () => {
      expect(errorsOf(withChange(i => delete i.gateway))).toEqual([
        { field: 'hostnames', rule: 'requires-gateway' },
        { field: 'pathPrefix', rule: 'requires-gateway' },
      ]);
      expect(
        valueOf(
          withChange(i => {
            delete i.gateway;
            i.hostnames = [];
            delete i.pathPrefix;
          }),
        ).pathPrefix,
      ).toBeUndefined();
    });
  });

  it('rejects unknown fields (typos)', () => {
    expect(errorsOf(withChange(i => (i.networkPolicies = false)))).toEqual([
      { field: '(input)', rule: 'unknown-field' },
    ]);
    expect(errorsOf(withChange(i => (i.daprShared.mTLS = true)))).toEqual([
      { field: 'daprShared', rule: 'unknown-field' },
    ]);
  });

  it('reports several errors at once', () => {
    const errors = errorsOf(
      withChange(i => {
        i.appId = 'X';
        i.namespace = 'Y';
        i.appPort = -1;
        i.image = '';
      }),
    );
    expect(errors.map(e => e.field)).toEqual([
      'appId',
      'namespace',
      'appPort',
      'image',
    ]);
  });

  it('exposes the schema for forms', () => {
    expect(serviceInputSchema.safeParse(valid()).success).toBe(true);
  });
});
