// Whether a name (component metadata, HTTP header, query parameter, CLI flag, JSON or YAML key)
// says that its value is a secret. Names are split into words (`redisPwd` -> redis pwd,
// `X-Api-Key` -> x api key, `SASToken` -> sas token) and read the way English compounds are:
// the last word says what the value is. `redisPassword` is a password; `passwordFile`,
// `tokenAudience` and `keyPrefix` are a file, an audience and a prefix that only talk about one.

/** Words that name a secret wherever they stand in a name (`authHeader`, `tokenValue`, `jwt`). */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'passcode',
  'pwd',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'cred',
  'creds',
  'bearer',
  'jwt',
  'auth',
  'oauth',
  'authorization',
  'cookie',
  'cookies',
  'signature',
  'sas',
  'apikey',
  'apikeys',
  'privatekey',
  'accesskey',
  'secretkey',
  'accountkey',
  'masterkey',
  'sharedkey',
  'signingkey',
  'encryptionkey',
  'dsn',
  'connectionstring',
  'connstring',
  'connstr',
  'hmac',
  'salt',
  'otp',
  'totp',
]);

/**
 * Words that name a secret only as the last word: `dbPass`, `adminPw`, `sig`, `gitPat`, `key`,
 * but not `passThrough` or `keyData`... (`keyData` is caught below, as `key` is also a
 * qualified word).
 */
const SECRET_LAST_WORDS = new Set(['pass', 'pw', 'sig', 'pat', 'key', 'keys']);

/**
 * Last words that make a name talk about a secret rather than hold one: where it lives (`path`,
 * `file`, `url`, `store`, `ref`), what kind it is (`type`, `mode`, `algorithm`), its shape or
 * lifetime (`prefix`, `length`, `ttl`), who it is for (`audience`, `issuer`, `user`), and
 * switches (`enabled`, `required`).
 */
const QUALIFIER_WORDS = new Set([
  'audience',
  'audiences',
  'aud',
  'endpoint',
  'endpoints',
  'url',
  'urls',
  'uri',
  'host',
  'hostname',
  'address',
  'addr',
  'port',
  'server',
  'service',
  'path',
  'paths',
  'file',
  'files',
  'filename',
  'dir',
  'directory',
  'mount',
  'location',
  'type',
  'types',
  'method',
  'mode',
  'scheme',
  'mechanism',
  'protocol',
  'format',
  'encoding',
  'prefix',
  'suffix',
  'name',
  'names',
  'id',
  'ids',
  'length',
  'len',
  'size',
  'ttl',
  'expiry',
  'expiration',
  'expires',
  'lifetime',
  'timeout',
  'duration',
  'interval',
  'period',
  'age',
  'required',
  'enabled',
  'enable',
  'disabled',
  'disable',
  'store',
  'stores',
  'ref',
  'reference',
  'source',
  'provider',
  'version',
  'count',
  'limit',
  'scope',
  'scopes',
  'issuer',
  'algorithm',
  'alg',
  'kind',
  'field',
  'column',
  'attribute',
  'property',
  'separator',
  'delimiter',
  'strategy',
  'policy',
  'rotation',
  'vault',
  'ring',
  'keyring',
  'space',
  'alias',
  'label',
  'template',
  'pattern',
  'env',
  'variable',
  'namespace',
  'resource',
  'domain',
  'secure',
  'samesite',
  'httponly',
  'user',
  'username',
  'login',
  'realm',
  'flow',
  'level',
  'backend',
  'plugin',
  'mechanisms',
]);

/** Words before `key` that make it a data key, not a cryptographic one (`partitionKey`). */
const DATA_KEY_WORDS = new Set([
  'partition',
  'partitioning',
  'routing',
  'sort',
  'hash',
  'shard',
  'row',
  'idempotency',
  'dedup',
  'deduplication',
  'message',
  'object',
  'ordering',
  'session',
  'group',
  'lookup',
  'index',
  'foreign',
  'composite',
  'public',
  'cache',
  'distribution',
  'record',
  'event',
  'metadata',
  'map',
  'tag',
  'unique',
  'dictionary',
  'hot',
]);

/** First words of names that count or switch rather than hold (`maxTokens`, `enableAuth`). */
const LEADING_HARMLESS_WORDS = new Set([
  'max',
  'min',
  'num',
  'number',
  'count',
  'total',
  'enable',
  'disable',
  'use',
  'skip',
  'allow',
  'require',
  'is',
  'has',
  'no',
  'without',
]);

/**
 * Parts of concatenated lower-case words (`redispassword`, `accesstoken`, `dbpwd`) that name
 * a secret. Short words (`pass`, `key`, `pw`) are left out: `bypass`, `monkey`, `sharpw`...
 */
const SECRET_INFIXES =
  /password|passwd|passphrase|pwd|secret|credential|bearer|token|apikey|privatekey|accesskey|secretkey|accountkey|masterkey|signingkey|sharedkey|connectionstring|connstr/;

/** Ends of concatenated lower-case words that qualify (`secretstore`, `tokenurl`). */
const QUALIFIER_SUFFIXES =
  /(audience|endpoint|url|uri|path|file|type|mode|format|prefix|name|ttl|timeout|store|ref|provider|issuer|enabled|required|length)$/;

/** Names that the rules below would take for secrets but are known not to hold one. */
const KNOWN_NOT_SENSITIVE = new Set(
  ['keyspace', 'passthrough', 'tokenizer', 'authority', 'sessionKey'].map(n =>
    n.toLowerCase(),
  ),
);

/**
 * Splits a name into lower-case words: camelCase, PascalCase with acronyms (`SASToken`), kebab,
 * snake and dotted names. Digits at the end of a word are dropped (`password2`).
 * @public
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map(word => word.toLowerCase().replace(/\d+$/, ''))
    .filter(word => word !== '');
}

function wordIsSecret(word: string): boolean {
  if (SECRET_WORDS.has(word)) return true;
  return (
    !QUALIFIER_WORDS.has(word) &&
    !QUALIFIER_SUFFIXES.test(word) &&
    SECRET_INFIXES.test(word)
  );
}

// A fleet repeats a few hundred names (metadata names, headers, flags) across thousands of
// objects; splitting one into words takes about 2 µs, a lookup a few ns. Bounded like the
// slim strings' cache: when full it starts over.
const DECIDED_LIMIT = 5_000;
const decided = new Map<string, boolean>();

function decide(name: string): boolean {
  const trimmed = name.trim().replace(/^-+/, '');
  if (KNOWN_NOT_SENSITIVE.has(trimmed.toLowerCase())) return false;
  const words = nameWords(trimmed);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  if (words.length > 1 && LEADING_HARMLESS_WORDS.has(words[0])) return false;
  if (QUALIFIER_WORDS.has(last)) return false;
  if (last === 'key' || last === 'keys') {
    const before = words[words.length - 2];
    return before === undefined || !DATA_KEY_WORDS.has(before);
  }
  if (SECRET_LAST_WORDS.has(last)) return true;
  // `keyData`, `keyMaterial`: a key that is not a data key, with a word that is not a qualifier.
  const keyAt = words.indexOf('key');
  if (keyAt >= 0 && (keyAt === 0 || !DATA_KEY_WORDS.has(words[keyAt - 1])))
    return true;
  // `connection string`, `api key` spelt as separate words, and concatenations of them.
  const joined = words.join('');
  return (
    words.some(wordIsSecret) ||
    (!QUALIFIER_SUFFIXES.test(joined) && SECRET_INFIXES.test(joined))
  );
}

/**
 * Whether a name (component metadata, HTTP header, query parameter, CLI flag, JSON or YAML key)
 * says that its value is a secret. Errs on the side of masking: a false positive hides a
 * harmless value, a false negative leaks.
 * @public
 */
export function isSensitiveName(name: string): boolean {
  const known = decided.get(name);
  if (known !== undefined) return known;
  const sensitive = decide(name);
  if (decided.size >= DECIDED_LIMIT) decided.clear();
  decided.set(name, sensitive);
  return sensitive;
}
