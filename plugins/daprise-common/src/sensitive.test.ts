import {
  isSensitiveName,
  nameWords,
  literalToString,
  stripUrlCredentials,
  valueLooksSensitive,
} from './sensitive';

describe('isSensitiveName', () => {
  it.each([
    'redisPassword',
    'password',
    'passwd',
    'clientSecret',
    'apiToken',
    'dapr-api-token',
    'accessKey',
    'secretAccessKey',
    'masterKey',
    'connectionString',
    'ConnectionString',
    'sasToken',
    'privateKey',
    'credentials',
    'Authorization',
    'x-api-key',
    'Cookie',
    'saslPassword',
    'pwd',
    'redisPwd',
    'redis_pwd',
    'REDIS_PASSWORD',
    'bearer',
    'jwt',
    'authHeader',
    'auth',
    'basicAuth',
    'dbPass',
    'sig',
    'SASToken',
    'APIKey',
    'keyData',
    'client-key-data',
    'primaryKey',
    'accesstoken',
    'dsn',
    'password2',
  ])('treats %s as sensitive', name => {
    expect(isSensitiveName(name)).toBe(true);
  });

  it.each([
    'redisHost',
    'keyPrefix',
    'partitionKey',
    'routingKey',
    'saslMechanism',
    'saslUsername',
    'brokers',
    'consumerGroup',
    'schedule',
    'url',
    'enableTLS',
    'passthrough',
    'dapr-app-id',
    'publicKey',
    'passThrough',
    'tokenAudience',
    'tokenAudiences',
    'tokenMountPath',
    'maxTokens',
    'keyVaultName',
    'secretStore',
    'secretKeyRef',
    'authType',
    'passwordRequired',
    'caCert',
    'clientCert',
    'sessionKey',
    'jwksUrl',
    'tokenTTL',
    'SharedAccessKeyName',
    'enableAuth',
    'accessKeyId',
    'tokenurl',
  ])('treats %s as not sensitive', name => {
    expect(isSensitiveName(name)).toBe(false);
  });

  it('ignores leading dashes of flags', () => {
    expect(isSensitiveName('--api-token')).toBe(true);
    expect(isSensitiveName('--app-id')).toBe(false);
  });
});

describe('nameWords', () => {
  it('splits camelCase, acronyms, kebab and snake case', () => {
    expect(nameWords('redisPwd')).toEqual(['redis', 'pwd']);
    expect(nameWords('SASToken')).toEqual(['sas', 'token']);
    expect(nameWords('X-Api-Key')).toEqual(['x', 'api', 'key']);
    expect(nameWords('REDIS_PASSWORD2')).toEqual(['redis', 'password']);
    expect(nameWords('--dapr-api-token')).toEqual(['dapr', 'api', 'token']);
  });
});

describe('valueLooksSensitive', () => {
  it('reads object and array values member by member', () => {
    expect(valueLooksSensitive({ password: 'x' })).toBe(true);
    expect(valueLooksSensitive([{ a: { token: 'x' } }])).toBe(true);
    expect(valueLooksSensitive({ password: '' })).toBe(false);
    expect(valueLooksSensitive({ keyPrefix: 'name', port: 6379 })).toBe(false);
  });

  it('spots passwords in URLs and connection strings', () => {
    expect(valueLooksSensitive('redis://:s3cret@redis:6379')).toBe(true);
    expect(valueLooksSensitive('postgres://app:pw@db:5432/orders')).toBe(true);
    expect(valueLooksSensitive('host=db;Password=pw;')).toBe(true);
    expect(
      valueLooksSensitive(
        'Endpoint=sb://x/;SharedAccessKeyName=n;SharedAccessKey=abc',
      ),
    ).toBe(true);
  });

  it('leaves plain values alone', () => {
    expect(valueLooksSensitive('redis-master:6379')).toBe(false);
    expect(valueLooksSensitive('https://example.com/path')).toBe(false);
    expect(valueLooksSensitive('https://user@example.com')).toBe(false);
  });
});

describe('literalToString', () => {
  it('renders any JSON literal', () => {
    expect(literalToString('a')).toBe('a');
    expect(literalToString(3)).toBe('3');
    expect(literalToString(false)).toBe('false');
    expect(literalToString({ a: 1 })).toBe('{"a":1}');
    expect(literalToString(null)).toBeUndefined();
    expect(literalToString(undefined)).toBeUndefined();
  });
});

describe('stripUrlCredentials', () => {
  it('removes user info only', () => {
    expect(stripUrlCredentials('https://u:p@api.example.com/x')).toBe(
      'https://api.example.com/x',
    );
    expect(stripUrlCredentials('https://api.example.com/a@b')).toBe(
      'https://api.example.com/a@b',
    );
  });
});
