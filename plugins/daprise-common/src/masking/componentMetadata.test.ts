import { SECRET_MASK } from '../sensitive';
import { slimComponent } from '../slim';
import { isSensitiveComponentMetadata } from './componentMetadata';
import { isSensitiveName } from './names';

describe('isSensitiveComponentMetadata', () => {
  // [type, name, sensitive]; every type at v1.
  it.each<[string, string, boolean]>([
    // The bundle marks these sensitive, which the name alone does not say.
    ['bindings.rabbitmq', 'host', true],
    ['pubsub.pulsar', 'host', true],
    ['pubsub.mqtt3', 'url', true],
    ['lock.redis', 'clientCert', true],
    ['pubsub.rabbitmq', 'clientCert', true],
    ['bindings.alicloud.oss', 'accessKeyID', true],
    ['state.cloudflare.workerskv', 'cfAccountID', true],
    // ... and the same names in types where they hold no secret.
    ['bindings.smtp', 'host', false],
    ['bindings.azure.cosmosdb', 'url', false],
    ['bindings.kafka', 'clientCert', false],
    ['state.alicloud.tablestore', 'accessKeyID', false],
    ['bindings.cloudflare.queues', 'cfAccountID', false],
    // Marked sensitive by the bundle, and by name.
    ['state.redis', 'redisPassword', true],
    ['configuration.redis', 'redisPassword', true],
    ['pubsub.kafka', 'saslPassword', true],
    ['state.postgresql', 'connectionString', true],
    ['conversation.anthropic', 'key', true],
    ['state.azure.cosmosdb', 'masterKey', true],
    ['bindings.twilio.sms', 'authToken', true],
    // A bool, a number or a value from a list is no secret, whatever its name says.
    ['secretstores.aws.secretsmanager', 'multipleKeyValuesPerSecret', false],
    ['middleware.http.oauth2clientcredentials', 'authStyle', false],
    // Known to the bundle but not marked: components-contrib leaves `sensitive` off these,
    // and the name still decides.
    ['bindings.postgres', 'password', true],
    ['state.mysql', 'connectionString', true],
    ['secretstores.hashicorp.vault', 'vaultToken', true],
    ['pubsub.jetstream', 'jwt', true],
    ['bindings.http', 'MTLSClientKey', true],
    ['state.redis', 'redisHost', false],
    ['state.redis', 'redisUsername', false],
    ['pubsub.kafka', 'authType', false],
    ['middleware.http.bearer', 'audience', false],
  ])('%s %s: %s', (type, name, sensitive) => {
    expect(isSensitiveComponentMetadata(type, 'v1', name)).toBe(sensitive);
  });

  it('compares names as Dapr does, ignoring case', () => {
    expect(
      isSensitiveComponentMetadata('bindings.rabbitmq', 'v1', 'Host'),
    ).toBe(true);
  });

  it('reads names by the heuristic for types and versions the bundle does not know', () => {
    for (const [type, version] of [
      ['state.in-house', 'v1'],
      ['state.redis', 'v9'],
    ]) {
      for (const name of ['pwd', 'redisPwd', 'keyPrefix', 'host', 'url'])
        expect(isSensitiveComponentMetadata(type, version, name)).toBe(
          isSensitiveName(name),
        );
    }
  });

  it('holds at least 20 component types', () => {
    // (The table above.)
    const types = new Set([
      'bindings.rabbitmq',
      'pubsub.pulsar',
      'pubsub.mqtt3',
      'lock.redis',
      'pubsub.rabbitmq',
      'bindings.alicloud.oss',
      'state.cloudflare.workerskv',
      'bindings.smtp',
      'bindings.azure.cosmosdb',
      'bindings.kafka',
      'state.alicloud.tablestore',
      'bindings.cloudflare.queues',
      'state.redis',
      'configuration.redis',
      'pubsub.kafka',
      'state.postgresql',
      'conversation.anthropic',
      'state.azure.cosmosdb',
      'bindings.twilio.sms',
      'secretstores.aws.secretsmanager',
      'middleware.http.oauth2clientcredentials',
      'bindings.postgres',
      'state.mysql',
      'secretstores.hashicorp.vault',
      'pubsub.jetstream',
      'bindings.http',
      'middleware.http.bearer',
    ]);
    expect(types.size).toBeGreaterThanOrEqual(20);
  });
});

describe('slimComponent with the bundle', () => {
  function component(
    type: string,
    metadata: Array<{ name: string; value: string }>,
  ) {
    return slimComponent({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'c', namespace: 'shop' },
      spec: { type, version: 'v1', metadata },
    });
  }

  it('masks `host` of a RabbitMQ binding and keeps `host` of an SMTP binding', () => {
    const rabbit = component('bindings.rabbitmq', [
      { name: 'host', value: 'amqp://rabbitmq:5672' },
    ]);
    expect(rabbit.metadata).toEqual([
      { name: 'host', value: SECRET_MASK, masked: true },
    ]);
    expect(rabbit.plaintextSecretLike).toEqual(['host']);
    const smtp = component('bindings.smtp', [
      { name: 'host', value: 'smtp.example.com' },
    ]);
    expect(smtp.metadata).toEqual([
      { name: 'host', value: 'smtp.example.com' },
    ]);
  });

  it('keeps a typed field whose name looks like a secret', () => {
    const slim = component('secretstores.aws.secretsmanager', [
      { name: 'multipleKeyValuesPerSecret', value: 'true' },
    ]);
    expect(slim.metadata).toEqual([
      { name: 'multipleKeyValuesPerSecret', value: 'true' },
    ]);
  });

  it('still masks a value that carries a credential in a field the bundle calls harmless', () => {
    const slim = component('bindings.smtp', [
      { name: 'host', value: 'smtp://u:pw@smtp.example.com' },
    ]);
    expect(slim.metadata[0].value).toBe(SECRET_MASK);
  });
});
