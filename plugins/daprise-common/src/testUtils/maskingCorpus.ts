// The values Daprise must mask, and look-alikes it must keep. The common package runs them
// through the slim functions; the backend applies them to a cluster and looks for the canary
// in everything it serves and logs. Each hostile value carries the canary in its secret part,
// so a canary that comes out is a secret that came out.

/**
 * A name/value pair as Component metadata, HTTPEndpoint headers or HTTPRoute query parameters
 * hold it. `value` may be any JSON, as Component metadata allows.
 * @public
 */
export interface MaskingCase {
  /** What the case is, for test titles. */
  label: string;
  name: string;
  value: unknown;
}

/**
 * A daprd command line (after `/daprd`).
 * @public
 */
export interface MaskingArgsCase {
  label: string;
  args: string[];
}

/**
 * Hostile values, by where Daprise meets them.
 * @public
 */
export interface HostileMaskingCorpus {
  /**
   * Strings that carry a credential under a harmless name: each must be masked in whatever
   * field it stands.
   */
  values: MaskingCase[];
  /** Names that say their value is a secret, each with the canary as its value. */
  names: MaskingCase[];
  /** Object and array values (Component metadata may be any JSON). */
  objects: MaskingCase[];
  /** daprd command lines that pass a secret. */
  daprdArgs: MaskingArgsCase[];
  /** HTTPRoute query parameter matches whose value is a secret. */
  queryParams: MaskingCase[];
  /** HTTP headers (HTTPRoute matches and filters, HTTPEndpoint headers). */
  headers: MaskingCase[];
}

/**
 * Look-alikes of secrets that are harmless and must be kept as they are.
 * @public
 */
export interface HarmlessMaskingCorpus {
  /** Component metadata and HTTPEndpoint headers. */
  metadata: MaskingCase[];
  /** daprd command lines. */
  daprdArgs: MaskingArgsCase[];
  /** HTTPRoute query parameter matches. */
  queryParams: MaskingCase[];
}

/** A self-signed certificate (public, harmless). */
const CERTIFICATE = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBdzCCAR2gAwIBAgIUQm2xZ7m7k5yJkZl5Gm9fZxZ1cIswCgYIKoZIzj0EAwIw',
  'ETEPMA0GA1UEAwwGZGFwcmlzZTAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEwMDAw',
  'MDBaMBExDzANBgNVBAMMBmRhcHJpc2UwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC',
  '-----END CERTIFICATE-----',
].join('\n');

const PUBLIC_KEY = [
  '-----BEGIN PUBLIC KEY-----',
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEq1Zq9y8s1H6p7lZbq0x3dYyWbI2Q',
  '-----END PUBLIC KEY-----',
].join('\n');

function pem(label: string, canary: string): string {
  return [
    `-----BEGIN ${label}-----`,
    `MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC${canary}`,
    'q1Zq9y8s1H6p7lZbq0x3dYyWbI2QMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
    `-----END ${label}-----`,
  ].join('\n');
}

function base64(text: string): string {
  return btoa(text);
}

/** Fills a token to a format's length with characters the canary does not contain. */
function pad(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz'): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[i % alphabet.length];
  return out;
}

/**
 * The hostile corpus for a canary. The canary must be 16 characters from `[0-9A-F]`, which
 * every token format below accepts (AWS access keys are `AKIA` and 16 of `[A-Z0-9]`).
 * @public
 */
export function hostileMaskingCorpus(canary: string): HostileMaskingCorpus {
  if (!/^[0-9A-F]{16}$/.test(canary))
    throw new Error(
      `canary must be 16 characters of [0-9A-F], got ${JSON.stringify(canary)}`,
    );
  const c = canary;
  const jwtHeader = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';
  const jwtPayload = 'eyJzdWIiOiJvcmRlcnMiLCJleHAiOjE5MDAwMDAwMDB9';
  const value = (label: string, v: string) => ({
    label,
    name: 'host',
    value: v,
  });
  const values: MaskingCase[] = [
    // URL user info.
    value(
      'URL with a token as user',
      `https://ghp_${c}${pad(20)}@github.com/o/r.git`,
    ),
    value(
      'URL with a random token as user',
      `https://${c}x${pad(8)}@gitlab.example.com/o/r.git`,
    ),
    value('URL with oauth2:token', `https://oauth2:${c}@gitlab.com/o/r.git`),
    value('Redis URL with a password only', `redis://:${c}@redis:6379/0`),
    value('Postgres URL', `postgres://app:${c}@db:5432/orders?sslmode=disable`),
    value(
      'MongoDB SRV URL',
      `mongodb+srv://u:${c}@cluster0.example.net/orders`,
    ),
    value('AMQP URL', `amqp://guest:${c}@rabbitmq:5672/`),
    value('MQTT URL', `mqtts://device:${c}@broker.example.com:8883`),
    value('NATS URL', `nats://u:${c}@nats:4222`),
    value(
      'HTTPS URL with user:password',
      `https://user:${c}@api.example.com/x`,
    ),
    value(
      'URL with a percent-encoded password',
      `postgresql://u:p%40${c}@db/x`,
    ),
    value(
      'URL inside a longer text',
      `connect to redis://default:${c}@cache:6379 now`,
    ),
    // Connection strings and DSNs.
    value('libpq key=value DSN', `host=db user=u password=${c}`),
    value(
      'libpq DSN with more keys',
      `host=db port=5432 user=u password=${c} dbname=orders sslmode=require`,
    ),
    value(
      'SQL Server connection string',
      `Server=tcp:db.example.net,1433;Database=orders;User ID=u;Password=${c};`,
    ),
    value('ADO.NET Pwd=', `Data Source=db;Initial Catalog=x;Uid=u;Pwd=${c};`),
    value(
      'Go MySQL DSN over tcp',
      `u:${c}@tcp(mysql:3306)/orders?parseTime=true`,
    ),
    value(
      'Go MySQL DSN over a socket',
      `u:${c}@unix(/var/run/mysqld/mysqld.sock)/orders`,
    ),
    value('host with a password only', `:${c}@redis:6379`),
    value('host with user:password', `user:${c}@rabbitmq:5672/vhost`),
    value(
      'Azure Storage connection string',
      `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${c}==;EndpointSuffix=core.windows.net`,
    ),
    value(
      'Azure Service Bus connection string',
      `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${c}=`,
    ),
    value(
      'Azure SAS URL',
      `https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&sp=r&se=2030-01-01&sig=${c}%3D`,
    ),
    value(
      'Azure SharedAccessSignature=',
      `BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sv=2022-11-02&sig=${c}`,
    ),
    value(
      'Azure Event Hubs connection string',
      `Endpoint=sb://hub.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${c};EntityPath=orders`,
    ),
    value(
      'Cosmos DB connection string',
      `AccountEndpoint=https://db.documents.azure.com:443/;AccountKey=${c}==;`,
    ),
    // Query strings.
    value(
      'api_key in a query string',
      `https://api.example.com/v1/orders?api_key=${c}`,
    ),
    value(
      'token in a query string',
      `https://api.example.com/v1?token=${c}&page=2`,
    ),
    value(
      'password in a query string',
      `https://api.example.com/login?user=u&password=${c}`,
    ),
    value(
      'access_token in a query string',
      `https://api.example.com/me?access_token=${c}`,
    ),
    value(
      'client_secret in a query string',
      `https://login.example.com/token?client_id=x&client_secret=${c}`,
    ),
    value(
      'apikey in a query string',
      `wss://stream.example.com/ws?apikey=${c}`,
    ),
    value(
      'AWS presigned URL',
      `https://b.s3.amazonaws.com/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${c}`,
    ),
    value(
      'GCS signed URL',
      `https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=${c}`,
    ),
    value('query string alone', `?key=${c}&alt=json`),
    // Webhooks.
    value(
      'Slack webhook URL',
      `https://hooks.slack.com/services/T0001/B0001/${c}`,
    ),
    value(
      'Slack workflow webhook path',
      `hooks.slack.com/workflows/T0001/A0001/1234/${c}`,
    ),
    value(
      'Discord webhook URL',
      `https://discord.com/api/webhooks/1234567890/${c}`,
    ),
    value(
      'Teams webhook URL',
      `https://org.webhook.office.com/webhookb2/${c}@tenant/IncomingWebhook/x/y`,
    ),
    // PEM and private keys.
    value('RSA private key', pem('RSA PRIVATE KEY', c)),
    value('EC private key', pem('EC PRIVATE KEY', c)),
    value('PKCS#8 private key', pem('PRIVATE KEY', c)),
    value('encrypted private key', pem('ENCRYPTED PRIVATE KEY', c)),
    value('OpenSSH private key', pem('OPENSSH PRIVATE KEY', c)),
    value('PGP private key block', pem('PGP PRIVATE KEY BLOCK', c)),
    value(
      'certificate followed by its key',
      `${CERTIFICATE}\n${pem('PRIVATE KEY', c)}`,
    ),
    value(
      'private key with escaped newlines',
      pem('PRIVATE KEY', c).replace(/\n/g, '\\n'),
    ),
    value(
      'private key in base64, as Secret data holds it',
      `${base64(pem('PRIVATE KEY', 'AAAA')).replace(/=+$/, '')}${c}`,
    ),
    value(
      'PuTTY key file',
      `PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n${c}`,
    ),
    // JWTs.
    value('JWT', `${jwtHeader}.${jwtPayload}.${c}${pad(8)}`),
    value('JWT with no signature', `eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4${c}.`),
    value('Bearer JWT', `Bearer ${jwtHeader}.${jwtPayload}.${c}`),
    value('Bearer opaque token', `Bearer ${c}${pad(8)}`),
    // Well-known token formats.
    value('GitHub personal token', `ghp_${c}${pad(20)}`),
    value('GitHub OAuth token', `gho_${c}${pad(20)}`),
    value('GitHub app token', `ghs_${c}${pad(20)}`),
    value('GitHub user-to-server token', `ghu_${c}${pad(20)}`),
    value('GitHub refresh token', `ghr_${c}${pad(20)}`),
    value('GitHub fine-grained token', `github_pat_${c}_${pad(40)}`),
    value('GitLab personal token', `glpat-${c}${pad(4)}`),
    value('GitLab deploy token', `gldt-${c}${pad(4)}`),
    value('GitLab runner token', `glrt-${c}${pad(4)}`),
    value('Slack bot token', `xoxb-1234-5678-${c}`),
    value('Slack user token', `xoxp-1234-5678-${c}`),
    value('Slack app token', `xapp-1-A0001-${c}`),
    value('AWS access key id', `AKIA${c}`),
    value('AWS temporary access key id', `ASIA${c}`),
    value('AWS key in a sentence', `use AKIA${c} for uploads`),
    value('Azure AD client secret', `abc8Q~${c}${pad(16)}`),
    value('Google API key', `AIza${c}${pad(19)}`),
    value('Google OAuth client secret', `GOCSPX-${c}${pad(12)}`),
    value('Google OAuth access token', `ya29.${c}${pad(20)}`),
    value('Stripe live secret key', `sk_live_${c}`),
    value('Stripe restricted key', `rk_live_${c}`),
    value('Stripe test secret key', `sk_test_${c}`),
    value('Stripe webhook secret', `whsec_${c}${pad(8)}`),
    value('OpenAI project key', `sk-proj-${c}${pad(24)}`),
    value('Anthropic key', `sk-ant-api03-${c}${pad(24)}`),
    value('npm token', `npm_${c}${pad(20)}`),
    value('PyPI token', `pypi-AgEIcHlwaS5vcmc${c}`),
    value('SendGrid key', `SG.${c}${pad(6)}.${c}${pad(27)}`),
    value('Hugging Face token', `hf_${c}${pad(18)}`),
    value('Shopify access token', `shpat_${c}${c}`),
    value('DigitalOcean token', `dop_v1_${c}${c}${c}${c}`),
    value('Vault token', `hvs.${c}${pad(12)}`),
    value('Grafana token', `glsa_${c}${pad(16)}`),
    value('New Relic key', `NRAK-${c}${pad(11, 'XYZ')}`),
    value('Linear key', `lin_api_${c}${pad(24)}`),
    value('Telegram bot token', `123456789:AA${c}${pad(20)}`),
    value('Atlassian token', `ATATT3${c}${pad(20)}`),
    value('Doppler token', `dp.st.${c}${pad(24)}`),
    value('Databricks token', `dapi${c}${c}`),
    value('age secret key', `AGE-SECRET-KEY-1${c}${pad(30, 'XYZ')}`),
    // Secrets in structured text.
    value('JSON text with a password', `{"user":"u","password":"${c}"}`),
    value('nested JSON text with pwd', `{"db":{"user":"u","pwd":"${c}"}}`),
    value('escaped JSON text', `{\\"token\\":\\"${c}\\"}`),
    value('YAML text with a password', `user: u\npassword: ${c}`),
    value(
      'kubeconfig user token',
      `users:\n- name: ci\n  user:\n    token: ${c}`,
    ),
    value('env file line', `export API_TOKEN=${c}`),
    value('a flag in a string', `--client-secret=${c}`),
  ];
  const named = (name: string) => ({ label: `named ${name}`, name, value: c });
  const names: MaskingCase[] = [
    'pwd',
    'redisPwd',
    'bearer',
    'jwt',
    'authHeader',
    'redis_password',
    'DB_PASS',
    'apikey',
    'clientKey',
    'sasToken',
    'connectionString',
    'dsn',
    'privateKey',
    'accessToken',
    'basicAuth',
    'signingSecret',
    'secret',
    'webhookSecret',
    'tlsKey',
    'client-key-data',
    'masterKey',
    'accountKey',
    'saslPassword',
    'oidcClientSecret',
    'awsSessionToken',
    'passphrase',
    'X-Api-Key',
    'Proxy-Authorization',
    'Set-Cookie',
    'dapr-api-token',
    'hmacKey',
    'licenseKey',
  ].map(named);
  const objects: MaskingCase[] = [
    { label: 'object with a password', name: 'config', value: { password: c } },
    {
      label: 'nested object with a pass',
      name: 'config',
      value: { auth: { basic: { user: 'u', pass: c } } },
    },
    {
      label: 'array with a URL carrying a password',
      name: 'config',
      value: [`redis://:${c}@redis:6379`],
    },
    {
      label: 'object with a token-format value under a harmless key',
      name: 'config',
      value: {
        endpoint: 'https://api.example.com',
        header: `ghp_${c}${pad(20)}`,
      },
    },
    {
      label: 'array of objects with a secret',
      name: 'config',
      value: [
        { name: 'a', value: 'x' },
        { name: 'b', clientSecret: c },
      ],
    },
    {
      label: 'service account JSON',
      name: 'config',
      value: {
        type: 'service_account',
        private_key_id: 'abc',
        private_key: pem('PRIVATE KEY', c),
      },
    },
  ];
  const daprdArgs: MaskingArgsCase[] = [
    {
      label: 'split flag whose value starts with -',
      args: ['--dapr-api-token', `-x${c}`],
    },
    {
      label: 'inline flag whose value starts with -',
      args: [`--dapr-api-token=-${c}`],
    },
    { label: 'split flag', args: ['--app-port=8080', '--api-token', c] },
    { label: 'single-dash inline flag', args: [`-client-secret=${c}`] },
    {
      label: 'split flag whose value is --',
      args: ['--dapr-api-token', `--${c}`],
    },
    {
      label: 'credential in an address flag',
      args: [`--app-channel-address=u:${c}@orders:8080`],
    },
    {
      label: 'URL with a password in a flag',
      args: ['--config', `https://u:${c}@config.example.com/c.yaml`],
    },
  ];
  const queryParams: MaskingCase[] = [
    { label: 'api_key match', name: 'api_key', value: c },
    { label: 'token match', name: 'token', value: c },
    { label: 'sig match', name: 'sig', value: c },
    { label: 'access_token match', name: 'access_token', value: c },
    { label: 'password match', name: 'password', value: c },
    {
      label: 'JWT under a harmless name',
      name: 'q',
      value: `${jwtHeader}.${jwtPayload}.${c}`,
    },
  ];
  const headers: MaskingCase[] = [
    { label: 'Authorization', name: 'Authorization', value: `Bearer ${c}` },
    { label: 'X-Api-Key', name: 'X-Api-Key', value: c },
    { label: 'Cookie', name: 'Cookie', value: `session=${c}` },
    {
      label: 'token under a harmless header',
      name: 'x-custom',
      value: `ghp_${c}${pad(20)}`,
    },
    { label: 'X-Auth-Token', name: 'X-Auth-Token', value: c },
  ];
  return { values, names, objects, daprdArgs, queryParams, headers };
}

/**
 * The harmless corpus: look-alikes of secrets, each of which Daprise must keep unchanged.
 * @public
 */
export function harmlessMaskingCorpus(): HarmlessMaskingCorpus {
  const kept = (label: string, name: string, value: unknown): MaskingCase => ({
    label,
    name,
    value,
  });
  return {
    metadata: [
      kept('key prefix', 'keyPrefix', 'name'),
      kept('token audience', 'tokenAudience', 'dapr.io/sentry'),
      kept(
        'token mount path',
        'tokenMountPath',
        '/var/run/secrets/tokens/dapr',
      ),
      kept(
        'token file path under a harmless name',
        'path',
        '/var/run/secrets/kubernetes.io/serviceaccount/token',
      ),
      kept('public certificate', 'caCert', CERTIFICATE),
      kept('public certificate as certificate', 'certificate', CERTIFICATE),
      kept('public key', 'publicKey', PUBLIC_KEY),
      kept('certificate in base64', 'caCertB64', base64(CERTIFICATE)),
      kept('max tokens', 'maxTokens', '4096'),
      kept('partition key', 'partitionKey', 'orderId'),
      kept('routing key', 'routingKey', 'orders.created'),
      kept('secret store', 'secretStore', 'vault'),
      kept('secret store name', 'secretStoreName', 'kubernetes'),
      kept('auth type', 'authType', 'password'),
      kept('SASL mechanism', 'saslMechanism', 'SCRAM-SHA-512'),
      kept('user name', 'redisUsername', 'default'),
      kept('URL with a user name only', 'url', 'https://user@example.com'),
      kept('git SSH URL', 'repository', 'ssh://git@github.com/dapr/dapr.git'),
      kept('scp-like git remote', 'remote', 'git@github.com:dapr/dapr.git'),
      kept(
        'image with a digest',
        'image',
        'docker.io/daprio/daprd:1.16.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      ),
      kept('short image with a digest', 'image', 'nginx:1.25@sha256:abc123'),
      kept(
        'host and port',
        'redisHost',
        'redis-master.cache.svc.cluster.local:6379',
      ),
      kept('connection timeout', 'connectionTimeout', '30s'),
      kept(
        'JWKS URL',
        'jwksUrl',
        'https://issuer.example.com/.well-known/jwks.json',
      ),
      kept(
        'token endpoint',
        'oidcTokenEndpoint',
        'https://login.example.com/oauth2/token',
      ),
      kept(
        'query string without credentials',
        'url',
        'https://example.com/search?q=token&page=2&sort=asc',
      ),
      kept(
        'token type in a query string',
        'url',
        'https://login.example.com/authorize?response_type=token&tokenType=jwt',
      ),
      kept(
        'Stripe publishable key',
        'stripePublicKey',
        'pk_live_51HxyzABCDEFGHIJKLMNOP',
      ),
      kept('password required', 'passwordRequired', 'true'),
      kept('key vault name', 'keyVaultName', 'orders-kv'),
      kept('brokers', 'brokers', 'kafka-0:9092,kafka-1:9092'),
      kept(
        'authority',
        'authority',
        'https://login.microsoftonline.com/tenant-id',
      ),
      kept('max password age', 'maxPasswordAge', '90d'),
      kept('token TTL', 'tokenTTL', '1h'),
      kept(
        'tenant id',
        'azureTenantId',
        '8f14e45f-ceea-467f-a8a5-1b2c3d4e5f60',
      ),
      kept('e-mail address', 'notify', 'ops@example.com'),
      kept('mailto link', 'contact', 'mailto:ops@example.com'),
      kept('DSN without a password', 'dsn', ''),
      kept(
        'libpq DSN without a password',
        'conninfo',
        'host=db user=app dbname=orders sslmode=disable',
      ),
      kept('Redis URL without a password', 'url', 'redis://redis:6379/0'),
      kept('passthrough', 'passthrough', 'true'),
      kept('enable TLS', 'enableTLS', 'true'),
      kept(
        'sentence about basic authentication',
        'description',
        'Basic authentication is enabled',
      ),
      kept('empty password', 'redisPassword', ''),
      kept('secret key ref name', 'secretKeyRefName', 'redis'),
      kept('session key', 'sessionKey', 'user-id'),
      kept('CEL match on a type', 'match', 'event.type == "order.created"'),
      kept('JSON config without secrets', 'config', {
        tokenAudience: 'x',
        keyPrefix: 'name',
        maxTokens: 5,
      }),
      kept(
        'AWS role ARN',
        'awsIamRoleArn',
        'arn:aws:iam::123456789012:role/orders',
      ),
      kept('Kafka client id', 'clientID', 'orders-consumer'),
    ],
    daprdArgs: [
      ['--app-id=orders', '--app-port=8080', '--mode=kubernetes'],
      ['--sentry-address=dapr-sentry.dapr-system.svc.cluster.local:443'],
      ['--enable-mtls', '--app-id', 'orders'],
      ['--token-audience', 'dapr.io/sentry'],
      ['--config', 'orders-config', '--log-level', 'debug'],
      ['--dapr-http-max-request-size=16', '--app-protocol', 'grpc'],
    ].map(args => ({ label: args.join(' '), args })),
    queryParams: [
      { label: 'version match', name: 'version', value: 'v2' },
      { label: 'tenant match', name: 'tenant', value: 'shop' },
      { label: 'token type match', name: 'tokenType', value: 'bearer' },
    ],
  };
}
