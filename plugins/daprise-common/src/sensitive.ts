/**
 * What replaces a sensitive value. The backend slims objects with it before anything is stored
 * or sent, so a secret value never leaves the backend.
 * @public
 */
export const SECRET_MASK = '••••••';

/**
 * Words that make a metadata, header or flag name look like it holds a secret. `sas` stops
 * before `l` so Kafka's `saslMechanism`/`saslUsername` are not taken for Azure SAS tokens
 * (`saslPassword` still matches `password`).
 */
const SENSITIVE_NAME =
  /passw(or)?d|passphrase|(^|[-_.])pass($|[-_.])|secret|token|credential|connection[-_]?string|sas(?!l)|access[-_]?key|private|key|auth(orization)?$|cookie|signature|cert(ificate)?[-_]?key/i;

/**
 * Names that match the pattern above but are known not to hold secrets (Dapr component
 * metadata such as `keyPrefix`, Kafka `partitionKey`...). Compared case-insensitively.
 */
const KNOWN_NOT_SENSITIVE = new Set(
  [
    'keyPrefix',
    'partitionKey',
    'routingKey',
    'keyFormat',
    'keyspace',
    'publicKey',
    'keyName',
    'keyVaultName',
    'maxKeyLength',
    'sessionKey',
    'tokenAudience',
    'tokenEndpoint',
    'tokenUrl',
    'tokenURL',
    'accessKeyId',
    'authType',
    'passwordRequired',
  ].map(name => name.toLowerCase()),
);

/**
 * Whether a name (component metadata, HTTP header, CLI flag) looks like it holds a secret.
 * Errs on the side of masking: a false positive hides a harmless value, a false negative leaks.
 * @public
 */
export function isSensitiveName(name: string): boolean {
  const normalised = name.trim().replace(/^-+/, '');
  if (KNOWN_NOT_SENSITIVE.has(normalised.toLowerCase())) return false;
  return SENSITIVE_NAME.test(normalised);
}

/** `scheme://user:password@host` — a URL that embeds a password. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i;

/**
 * Whether a literal value carries a credential whatever its name says: a URL with a password
 * in its user info (`redis://:pw@host`, `postgres://user:pw@host/db`), or a connection string
 * with a `Password=`/`AccountKey=`/`SharedAccessKey=` part.
 * @public
 */
export function valueLooksSensitive(value: string): boolean {
  if (URL_WITH_PASSWORD.test(value.trim())) return true;
  return /(^|;)\s*(password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)\s*=/i.test(
    value,
  );
}

/**
 * Renders a literal metadata value (which the CRD allows to be any JSON) as a string.
 * @public
 */
export function literalToString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/**
 * Removes the user info (credentials) from a URL, keeping everything else.
 * @public
 */
export function stripUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}
