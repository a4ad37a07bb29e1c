/**
 * A Dapr component type the scaffolder offers, with the metadata Dapr requires for it.
 * @public
 */
export interface ComponentTypeInfo {
  /** Dapr component type, e.g. `state.redis`. */
  type: string;
  title: string;
  /** Supported `spec.version`s; the first is the default. */
  versions: readonly string[];
  /** Metadata names Dapr requires. */
  required: readonly string[];
  /** Metadata names that hold secrets: these must be given as `secretKeyRef`, never as `value`. */
  secrets: readonly string[];
  /** Other commonly used metadata names (informative; other names are allowed too). */
  optional: readonly string[];
  docs: string;
}

function entry(info: ComponentTypeInfo): ComponentTypeInfo {
  return info;
}

const DOCS = 'https://docs.dapr.io/reference/components-reference';

/**
 * The component types Daprise's template supports. Required and secret metadata names follow
 * the Dapr component reference; the template rejects a secret given as a plain `value`.
 * @public
 */
export const COMPONENT_CATALOGUE: readonly ComponentTypeInfo[] = [
  entry({
    type: 'state.redis',
    title: 'Redis state store',
    versions: ['v1'],
    required: ['redisHost'],
    secrets: ['redisPassword'],
    optional: [
      'redisUsername',
      'enableTLS',
      'keyPrefix',
      'actorStateStore',
      'ttlInSeconds',
    ],
    docs: `${DOCS}/supported-state-stores/setup-redis/`,
  }),
  entry({
    type: 'state.postgresql',
    title: 'PostgreSQL state store',
    versions: ['v1', 'v2'],
    required: ['connectionString'],
    secrets: ['connectionString'],
    optional: [
      'tableName',
      'metadataTableName',
      'timeout',
      'actorStateStore',
      'cleanupInterval',
    ],
    docs: `${DOCS}/supported-state-stores/setup-postgresql/`,
  }),
  entry({
    type: 'state.in-memory',
    title: 'In-memory state store (development only)',
    versions: ['v1'],
    required: [],
    secrets: [],
    optional: [],
    docs: `${DOCS}/supported-state-stores/setup-inmemory/`,
  }),
  entry({
    type: 'pubsub.redis',
    title: 'Redis Streams pub/sub',
    versions: ['v1'],
    required: ['redisHost'],
    secrets: ['redisPassword'],
    optional: ['redisUsername', 'consumerID', 'enableTLS', 'maxLenApprox'],
    docs: `${DOCS}/supported-pubsub/setup-redis-pubsub/`,
  }),
  entry({
    type: 'pubsub.kafka',
    title: 'Apache Kafka pub/sub',
    versions: ['v1'],
    required: ['brokers', 'authType'],
    secrets: ['saslPassword', 'clientKey', 'oidcClientSecret'],
    optional: [
      'consumerGroup',
      'clientID',
      'saslUsername',
      'saslMechanism',
      'initialOffset',
      'caCert',
      'clientCert',
    ],
    docs: `${DOCS}/supported-pubsub/setup-apache-kafka/`,
  }),
  entry({
    type: 'pubsub.rabbitmq',
    title: 'RabbitMQ pub/sub',
    versions: ['v1'],
    required: ['connectionString'],
    secrets: ['connectionString', 'password'],
    optional: [
      'durable',
      'deletedWhenUnused',
      'deliveryMode',
      'requeueInFailure',
      'enableDeadLetter',
    ],
    docs: `${DOCS}/supported-pubsub/setup-rabbitmq/`,
  }),
  entry({
    type: 'pubsub.in-memory',
    title: 'In-memory pub/sub (development only)',
    versions: ['v1'],
    required: [],
    secrets: [],
    optional: [],
    docs: `${DOCS}/supported-pubsub/setup-inmemory/`,
  }),
  entry({
    type: 'bindings.cron',
    title: 'Cron input binding',
    versions: ['v1'],
    required: ['schedule'],
    secrets: [],
    optional: ['direction'],
    docs: `${DOCS}/supported-bindings/cron/`,
  }),
  entry({
    type: 'bindings.http',
    title: 'HTTP output binding',
    versions: ['v1'],
    required: ['url'],
    secrets: ['securityToken', 'MTLSClientKey'],
    optional: [
      'securityTokenHeader',
      'direction',
      'MTLSRootCA',
      'MTLSClientCert',
      'responseTimeout',
    ],
    docs: `${DOCS}/supported-bindings/http/`,
  }),
  entry({
    type: 'secretstores.kubernetes',
    title: 'Kubernetes secret store',
    versions: ['v1'],
    required: [],
    secrets: [],
    optional: ['defaultNamespace', 'kubeconfigPath'],
    docs: `${DOCS}/supported-secret-stores/kubernetes-secret-store/`,
  }),
];

/**
 * Looks up a component type in the catalogue.
 * @public
 */
export function componentTypeInfo(type: string): ComponentTypeInfo | undefined {
  return COMPONENT_CATALOGUE.find(info => info.type === type);
}
