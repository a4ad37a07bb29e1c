import { SECRET_MASK } from '../sensitive';
import {
  slimComponent,
  slimConfiguration,
  slimHTTPEndpoint,
  slimNameValuePairs,
  slimResiliency,
  slimSubscription,
} from './dapr';

describe('slimComponent', () => {
  const raw = {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'statestore',
      namespace: 'shop',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration':
          '{"redisPassword":"hunter2"}',
      },
    },
    spec: {
      type: 'state.redis',
      version: 'v1',
      initTimeout: '10s',
      ignoreErrors: true,
      metadata: [
        { name: 'redisHost', value: 'redis-master:6379' },
        { name: 'redisPassword', value: 'hunter2' },
        { name: 'redisUsername', secretKeyRef: { name: 'redis', key: 'user' } },
        { name: 'keyPrefix', value: 'appid' },
        { name: 'maxRetries', value: 3 },
        { name: 'caCert', envRef: 'REDIS_CA' },
        { name: 'url', value: 'redis://:pw@redis:6379' },
        { name: 'token', value: '' },
      ],
    },
    scopes: ['orders', 'cart'],
    auth: { secretStore: 'kubernetes' },
  };

  it('keeps type, version, scopes and settings', () => {
    const slim = slimComponent(raw);
    expect(slim).toMatchObject({
      kind: 'Component',
      name: 'statestore',
      namespace: 'shop',
      type: 'state.redis',
      version: 'v1',
      scopes: ['orders', 'cart'],
      secretStore: 'kubernetes',
      initTimeout: '10s',
      ignoreErrors: true,
    });
  });

  it('masks literal values of sensitive keys and values embedding credentials', () => {
    const slim = slimComponent(raw);
    const byName = Object.fromEntries(slim.metadata.map(m => [m.name, m]));
    expect(byName.redisHost).toEqual({
      name: 'redisHost',
      value: 'redis-master:6379',
    });
    expect(byName.redisPassword).toEqual({
      name: 'redisPassword',
      value: SECRET_MASK,
      masked: true,
    });
    expect(byName.url).toEqual({
      name: 'url',
      value: SECRET_MASK,
      masked: true,
    });
    expect(byName.keyPrefix.value).toBe('appid');
    expect(byName.maxRetries.value).toBe('3');
    expect(slim.plaintextSecretLike).toEqual(['redisPassword', 'url']);
    expect(JSON.stringify(slim)).not.toContain('hunter2');
    expect(JSON.stringify(slim)).not.toContain(':pw@');
  });

  it('keeps references, which name where a secret lives but not the secret', () => {
    const byName = Object.fromEntries(
      slimComponent(raw).metadata.map(m => [m.name, m]),
    );
    expect(byName.redisUsername).toEqual({
      name: 'redisUsername',
      secretKeyRef: { name: 'redis', key: 'user' },
    });
    expect(byName.caCert).toEqual({ name: 'caCert', envRef: 'REDIS_CA' });
  });

  it('does not report an empty literal as a secret', () => {
    const byName = Object.fromEntries(
      slimComponent(raw).metadata.map(m => [m.name, m]),
    );
    expect(byName.token).toEqual({ name: 'token', value: '' });
  });

  it('treats absent or empty scopes as none', () => {
    expect(slimComponent({ ...raw, scopes: undefined }).scopes).toEqual([]);
    expect(slimComponent({ ...raw, scopes: ['', 'a'] }).scopes).toEqual(['a']);
  });
});

describe('slimNameValuePairs', () => {
  it('drops a literal that sits beside a secretKeyRef', () => {
    const { items, plaintextSecretLike } = slimNameValuePairs([
      {
        name: 'password',
        value: 'leak',
        secretKeyRef: { name: 's', key: 'k' },
      },
    ]);
    expect(items).toEqual([
      { name: 'password', secretKeyRef: { name: 's', key: 'k' } },
    ]);
    expect(plaintextSecretLike).toEqual([]);
  });

  it('skips entries without a name', () => {
    expect(slimNameValuePairs([{ value: 'x' }, 'junk']).items).toEqual([]);
  });
});

describe('slimConfiguration', () => {
  it('keeps mTLS, tracing, features and access control, not exporter endpoints or headers', () => {
    const slim = slimConfiguration({
      metadata: { name: 'daprsystem', namespace: 'dapr-system' },
      spec: {
        mtls: {
          enabled: true,
          workloadCertTTL: '24h',
          allowedClockSkew: '15m',
          sentryAddress: 's',
          controlPlaneTrustDomain: 'cluster.local',
        },
        tracing: {
          samplingRate: '0.5',
          otel: {
            endpointAddress: 'otel:4317',
            isSecure: false,
            protocol: 'grpc',
            headers: [{ name: 'api-key', value: 'hunter2' }],
          },
        },
        metric: { enabled: false },
        features: [{ name: 'SchedulerReminders', enabled: true }],
        accessControl: {
          defaultAction: 'deny',
          trustDomain: 'public',
          policies: [
            { appId: 'gateway', defaultAction: 'allow', namespace: 'demo' },
          ],
        },
        logging: { apiLogging: { enabled: true } },
      },
    });
    expect(slim).toMatchObject({
      kind: 'Configuration',
      mtls: { enabled: true, workloadCertTTL: '24h', allowedClockSkew: '15m' },
      tracing: { samplingRate: '0.5', exporters: ['otel'] },
      metricsEnabled: false,
      features: [{ name: 'SchedulerReminders', enabled: true }],
      accessControl: {
        defaultAction: 'deny',
        trustDomain: 'public',
        policies: [
          { appId: 'gateway', defaultAction: 'allow', namespace: 'demo' },
        ],
      },
      apiLoggingEnabled: true,
    });
    expect(JSON.stringify(slim)).not.toContain('hunter2');
    expect(JSON.stringify(slim)).not.toContain('otel:4317');
  });

  it('leaves mtls absent when the spec does not set it', () => {
    expect(
      slimConfiguration({ metadata: { name: 'c', namespace: 'n' }, spec: {} })
        .mtls,
    ).toBeUndefined();
  });
});

describe('slimResiliency', () => {
  it('keeps scopes, policy names and targets', () => {
    const slim = slimResiliency({
      metadata: { name: 'r', namespace: 'n' },
      scopes: ['orders'],
      spec: {
        policies: {
          timeouts: { short: '5s' },
          retries: { three: { maxRetries: 3 } },
          circuitBreakers: { cb: {} },
        },
        targets: {
          apps: { cart: { timeout: 'short' } },
          components: { statestore: {} },
        },
      },
    });
    expect(slim).toMatchObject({
      scopes: ['orders'],
      policies: {
        timeouts: ['short'],
        retries: ['three'],
        circuitBreakers: ['cb'],
      },
      targets: { apps: ['cart'], actors: [], components: ['statestore'] },
    });
  });
});

describe('slimSubscription', () => {
  it('reads v2alpha1 routes', () => {
    const slim = slimSubscription({
      metadata: { name: 's', namespace: 'n' },
      spec: {
        pubsubname: 'pubsub',
        topic: 'orders',
        routes: {
          default: '/orders',
          rules: [{ match: 'event.type == "x"', path: '/x' }],
        },
        deadLetterTopic: 'dead',
        bulkSubscribe: { enabled: true },
      },
      scopes: ['orders'],
    });
    expect(slim).toMatchObject({
      pubsubname: 'pubsub',
      topic: 'orders',
      routes: {
        default: '/orders',
        rules: [{ match: 'event.type == "x"', path: '/x' }],
      },
      deadLetterTopic: 'dead',
      bulkSubscribe: true,
      scopes: ['orders'],
    });
  });

  it('reads a v1alpha1 route as the default route', () => {
    expect(
      slimSubscription({
        metadata: { name: 's', namespace: 'n' },
        spec: { pubsubname: 'p', topic: 't', route: '/t' },
      }).routes,
    ).toEqual({ default: '/t', rules: [] });
  });
});

describe('slimHTTPEndpoint', () => {
  it('strips URL credentials, masks header values and reduces TLS to flags', () => {
    const slim = slimHTTPEndpoint({
      metadata: { name: 'e', namespace: 'n' },
      spec: {
        baseUrl: 'https://user:pw@api.example.com',
        headers: [
          { name: 'Authorization', value: 'Bearer hunter2' },
          { name: 'Accept', value: 'json' },
          { name: 'X-Key', secretKeyRef: { name: 's', key: 'k' } },
        ],
        clientTLS: {
          privateKey: { value: '-----BEGIN PRIVATE KEY-----' },
          rootCA: { secretKeyRef: { name: 'ca' } },
        },
      },
      scopes: ['orders'],
    });
    expect(slim.baseUrl).toBe('https://api.example.com');
    expect(slim.headers).toEqual([
      { name: 'Authorization', value: SECRET_MASK, masked: true },
      { name: 'Accept', value: 'json' },
      { name: 'X-Key', secretKeyRef: { name: 's', key: 'k' } },
    ]);
    expect(slim.clientTLS).toEqual({
      rootCA: true,
      certificate: false,
      privateKey: true,
    });
    expect(slim.plaintextSecretLike).toEqual(['Authorization', 'baseUrl']);
    expect(JSON.stringify(slim)).not.toMatch(/hunter2|BEGIN PRIVATE KEY|:pw@/);
  });
});
