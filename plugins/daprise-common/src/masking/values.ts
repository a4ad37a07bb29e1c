// Detectors for credentials in a value, whatever the name it is kept under: a Service's label,
// a condition message, a daprd flag, a Subscription route or a component's `host` can carry a
// password as well as a field named `password` can. Each detector is a shape that credentials
// have and harmless values do not; the shapes and the well-known token formats follow the
// token formats their issuers document (GitHub, GitLab, Slack, AWS, Azure, Google, Stripe...).
import { isSensitiveName } from './names';

/**
 * What replaces a sensitive value. The backend slims objects with it before anything is stored
 * or sent, so a secret value never leaves the backend.
 * @public
 */
export const SECRET_MASK = '••••••';

/** A name the way it appears before `=` or `:` in connection strings, query strings, YAML. */
const KEY = String.raw`[A-Za-z_][\w.-]*`;

/**
 * Token formats with a fixed prefix. Lengths are the documented ones or lower, so that a token
 * cut short (or a test's own) is still recognised.
 */
const TOKEN_FORMATS: ReadonlyArray<readonly [string, RegExp]> = [
  ['github-token', /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{20,}/],
  ['github-pat', /(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{20,}/],
  [
    'gitlab-token',
    /(?<![A-Za-z0-9])gl(?:pat|dt|ptt|rt|soat|cbt|ft|imt|oas|agent|wt)-[A-Za-z0-9_-]{16,}/,
  ],
  ['gitlab-runner-token', /(?<![A-Za-z0-9])GR1348941[A-Za-z0-9_-]{16,}/],
  ['slack-token', /(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}/],
  ['slack-app-token', /(?<![A-Za-z0-9])xapp-\d-[A-Za-z0-9-]{10,}/],
  [
    'slack-webhook',
    /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{8,}/,
  ],
  ['discord-webhook', /discord(?:app)?\.com\/api\/webhooks\/\d+\/[\w-]{8,}/],
  ['teams-webhook', /\.webhook\.office\.com\/webhookb2\/[\w@/-]{8,}/],
  [
    'aws-access-key',
    /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/,
  ],
  [
    'azure-client-secret',
    /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/,
  ],
  ['google-api-key', /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{30,}/],
  ['google-oauth-secret', /(?<![A-Za-z0-9])GOCSPX-[A-Za-z0-9_-]{20,}/],
  ['google-oauth-token', /(?<![A-Za-z0-9])ya29\.[0-9A-Za-z_-]{20,}/],
  ['stripe-key', /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}/],
  ['stripe-webhook-secret', /(?<![A-Za-z0-9])whsec_[0-9A-Za-z]{20,}/],
  [
    'openai-key',
    /(?<![A-Za-z0-9])sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{32,}/,
  ],
  ['npm-token', /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{30,}/],
  ['pypi-token', /(?<![A-Za-z0-9])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{16,}/],
  ['sendgrid-key', /(?<![A-Za-z0-9])SG\.[\w-]{16,}\.[\w-]{16,}/],
  ['huggingface-token', /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/],
  ['shopify-token', /(?<![A-Za-z0-9])shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}/],
  ['digitalocean-token', /(?<![A-Za-z0-9])do[opr]_v1_[a-fA-F0-9]{32,}/],
  ['vault-token', /(?<![A-Za-z0-9])hv[sb]\.[A-Za-z0-9_-]{24,}/],
  ['postman-key', /(?<![A-Za-z0-9])PMAK-[a-f0-9]{24}-[a-f0-9]{34}/],
  ['grafana-token', /(?<![A-Za-z0-9])gl(?:c|sa)_[A-Za-z0-9+/=_-]{32,}/],
  ['newrelic-key', /(?<![A-Za-z0-9])NRAK-[A-Z0-9]{27}/],
  ['linear-key', /(?<![A-Za-z0-9])lin_api_[A-Za-z0-9]{32,}/],
  ['telegram-bot-token', /(?<![0-9])\d{8,10}:AA[A-Za-z0-9_-]{32,}/],
  ['atlassian-token', /(?<![A-Za-z0-9])ATATT3[A-Za-z0-9_=-]{30,}/],
  [
    'doppler-token',
    /(?<![A-Za-z0-9])dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{32,}/,
  ],
  ['databricks-token', /(?<![A-Za-z0-9])dapi[a-fA-F0-9]{32}/],
  ['age-secret-key', /AGE-SECRET-KEY-1[0-9A-Z]{40,}/],
  ['sentry-token', /(?<![A-Za-z0-9])sntr[ysu]_[A-Za-z0-9+/=_-]{30,}/],
  ['supabase-token', /(?<![A-Za-z0-9])sbp_[a-f0-9]{40}/],
];

/**
 * What every token format above starts with (or holds): a clean string is scanned once for
 * these literals instead of once per format.
 */
const TOKEN_FORMAT_MARKERS =
  /gh[pousr]_|github_pat_|gl[a-z]{1,5}[-_]|GR1348941|xox|xapp-|hooks\.slack|discord|webhookb2|A[KS]IA|AB|AC|Q~|AIza|GOCSPX|ya29|_live_|_test_|whsec_|sk-|npm_|pypi-|SG\.|hf_|shp|_v1_|hv[sb]\.|PMAK-|NRAK-|lin_api_|:AA|ATATT3|dp\.|dapi|AGE-SECRET|sntr|sbp_/;

/** `eyJ` is `{"` in base64url: a JWT's (or JWE's) header, then at least a payload. */
const JWT =
  /(?<![A-Za-z0-9_])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

/** A PEM block, or PuTTY file, holding a private key; a certificate or public key is harmless. */
const PRIVATE_KEY_BLOCK =
  /-----BEGIN[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d:/;

/**
 * `-----BEGIN` in base64, at each of the three alignments it can have in a blob (Secrets' data
 * and kubeconfigs hold PEM in base64), and the base64 runs that are decoded when it is there.
 */
const BASE64_PEM_MARKER = /LS0tLS1CRUdJT|0tLS0tQkVHSU|tLS0tLUJFR0lO/;
const BASE64_RUN = /[A-Za-z0-9+/]{16,}={0,2}/g;

/** `scheme://userinfo@`: the user info of a URL, anywhere in the value. */
const URL_USERINFO = /[a-z][a-z0-9+.-]*:\/\/([^\s/?#@"'<>\\]+)@/gi;

/** A user name alone in a URL (`ssh://git@github.com`) is harmless; a token alone is not. */
const PLAIN_USER_NAME = /^[a-z][a-z._-]{0,31}\d{0,3}$/i;

/**
 * `user:password@host` without a scheme (Redis, AMQP and Kafka hosts), and Go's MySQL DSN
 * `user:password@tcp(host)/db`. An image reference `name:tag@sha256:...` is not one.
 */
const SCHEMELESS_USERINFO =
  /(?:^|[\s;,=])(?!mailto:)[^\s:@/;,=]*:(?!\/\/)[^\s@;,]+@(?:\w*\(|(?!sha\d+:)[\w.-]+(?::\d+)?(?:[/?]|$|\s))/;

/** `name=value` in connection strings, DSNs, query strings, env files and command lines. */
const KEY_EQUALS_VALUE = new RegExp(
  String.raw`(?:^|[^\w.-])-*(${KEY})\s*=\s*("[^"]*"|'[^']*'|[^\s;&,'"#]*)`,
  'g',
);

/** `"name": value` in JSON text. */
const JSON_MEMBER = /"([^"\\]{1,100})"\s*:\s*("(?:[^"\\]|\\.)*"|[^\s,}\]]+)/g;

/** `name: value` at the start of a YAML line. */
const YAML_LINE = new RegExp(
  String.raw`^[ \t]*(?:-[ \t]+)?["']?(${KEY})["']?[ \t]*:[ \t]+(\S.*)$`,
  'gm',
);

/** `YAML_LINE` on the first line only: anchored, so a one-line string is read at one place. */
const YAML_FIRST_LINE = new RegExp(
  String.raw`^[ \t]*(?:-[ \t]+)?["']?${KEY}["']?[ \t]*:[ \t]+\S`,
);

/** An `Authorization` header value: `Bearer <token>` or `Basic <base64 of user:password>`. */
const BEARER = /\b(?:Bearer|Token)\s+([A-Za-z0-9\-._~+/]{16,}=*)/gi;
const BASIC = /\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/gi;

/** Decodes what base64 a text holds, ignoring a trailing partial group; '' when it cannot. */
function decodeBase64Loose(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  try {
    // `atob` is in browsers and in Node 16+: this module is isomorphic.
    return atob(clean.slice(0, clean.length - (clean.length % 4)));
  } catch {
    return '';
  }
}

/** A value after `=` or `:` that holds nothing: empty, a placeholder, or already masked. */
function isEmptyValue(raw: string): boolean {
  const value = raw
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim();
  return (
    value === '' ||
    value === 'null' ||
    value === '~' ||
    value === 'false' ||
    value === 'true' ||
    value.startsWith(SECRET_MASK) ||
    value === '|' ||
    value === '>'
  );
}

function someMatch(
  pattern: RegExp,
  text: string,
  test: (match: RegExpExecArray) => boolean,
): boolean {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (test(m)) return true;
    if (m[0] === '') pattern.lastIndex++;
  }
  return false;
}

function userinfoIsSecret(userinfo: string): boolean {
  const colon = userinfo.indexOf(':');
  if (colon >= 0) return userinfo.slice(colon + 1) !== '';
  return !PLAIN_USER_NAME.test(decodeURIComponentSafe(userinfo));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Which kind of credential a text carries (`url-userinfo`, `key-value`, `private-key`, `jwt`,
 * `github-token`...), or undefined when it carries none that Daprise recognises.
 * @public
 */
export function findCredential(text: string): string | undefined {
  if (text.length < 6) return undefined;
  // Each detector runs only when the text has what its shape needs (`-----`, `://` and `@`,
  // `=`...): most strings a fleet holds are names and have none of it.
  if (
    (text.includes('-----') || text.includes('PuTTY')) &&
    PRIVATE_KEY_BLOCK.test(text)
  )
    return 'private-key';
  if (
    BASE64_PEM_MARKER.test(text) &&
    someMatch(
      BASE64_RUN,
      text,
      m =>
        BASE64_PEM_MARKER.test(m[0]) &&
        PRIVATE_KEY_BLOCK.test(decodeBase64Loose(m[0])),
    )
  )
    return 'private-key';
  if (text.includes('eyJ') && JWT.test(text)) return 'jwt';
  if (TOKEN_FORMAT_MARKERS.test(text)) {
    for (const [kind, pattern] of TOKEN_FORMATS) {
      if (pattern.test(text)) return kind;
    }
  }
  const at = text.includes('@');
  if (
    at &&
    text.includes('://') &&
    someMatch(URL_USERINFO, text, m => userinfoIsSecret(m[1]))
  )
    return 'url-userinfo';
  const colon = text.includes(':');
  if (at && colon && SCHEMELESS_USERINFO.test(text)) return 'userinfo';
  if (
    text.includes('=') &&
    someMatch(
      KEY_EQUALS_VALUE,
      text,
      m => isSensitiveName(m[1]) && !isEmptyValue(m[2]),
    )
  )
    return 'key-value';
  if (text.includes('"')) {
    // JSON text, or JSON text escaped inside a JSON string.
    const json = text.includes('\\"') ? text.replace(/\\"/g, '"') : text;
    if (
      someMatch(
        JSON_MEMBER,
        json,
        m => isSensitiveName(m[1]) && !isEmptyValue(m[2]),
      )
    )
      return 'json-member';
  }
  if (
    colon &&
    (text.includes('\n') || YAML_FIRST_LINE.test(text)) &&
    someMatch(
      YAML_LINE,
      text,
      m => isSensitiveName(m[1]) && !isEmptyValue(m[2]),
    )
  )
    return 'yaml-member';
  if (/bearer|token|basic/i.test(text)) {
    // A token has digits, capitals or punctuation; a run of lower-case letters is a word.
    if (someMatch(BEARER, text, m => /[A-Z0-9\-._~+/]/.test(m[1])))
      return 'authorization';
    if (someMatch(BASIC, text, m => decodeBase64Loose(m[1]).includes(':')))
      return 'authorization';
  }
  return undefined;
}

function findCredentialIn(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return findCredential(value);
  if (value === null || typeof value !== 'object' || depth > 32)
    return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findCredentialIn(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (
      isSensitiveName(key) &&
      item !== null &&
      item !== undefined &&
      item !== '' &&
      typeof item !== 'boolean'
    )
      return 'object-member';
    const found = findCredential(key) ?? findCredentialIn(item, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether a value carries a credential whatever its name says: a string in any of the shapes
 * `findCredential` knows, or an object or array (a component metadata value may be any JSON)
 * with a member named like a secret or a string that carries one.
 * @public
 */
export function valueLooksSensitive(value: unknown): boolean {
  return findCredentialIn(value, 0) !== undefined;
}

/**
 * Removes the user info (credentials) from a URL, keeping everything else.
 * @public
 */
export function stripUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i, '$1');
}

const WHOLE_URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const QUERY_MEMBER = new RegExp(String.raw`([?&;#])(${KEY})=([^&;#]*)`, 'g');

/**
 * What Daprise keeps of a string: the string itself when it carries no credential; a URL
 * without its user info and with the values of credential-named query parameters masked;
 * otherwise `SECRET_MASK`. The result is checked again, so a URL whose path or other parts
 * still carry a credential (a Slack webhook) is masked whole.
 * @public
 */
export function maskCredentials(value: string): string {
  if (findCredential(value) === undefined) return value;
  if (WHOLE_URL.test(value)) {
    const redacted = stripUrlCredentials(value).replace(
      QUERY_MEMBER,
      (member, separator: string, name: string, memberValue: string) =>
        isSensitiveName(name) && memberValue !== ''
          ? `${separator}${name}=${SECRET_MASK}`
          : member,
    );
    if (findCredential(redacted) === undefined) return redacted;
  }
  return SECRET_MASK;
}
