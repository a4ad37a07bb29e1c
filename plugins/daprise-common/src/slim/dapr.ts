import {
  isSensitiveName,
  literalToString,
  maskCredentials,
  SECRET_MASK,
  valueLooksSensitive,
} from '../sensitive';
import { isSensitiveComponentMetadata } from '../masking/componentMetadata';
import type {
  RawKubernetesObject,
  SlimComponent,
  SlimConfiguration,
  SlimHTTPEndpoint,
  SlimMCPServer,
  SlimMetadataItem,
  SlimResiliency,
  SlimSubscription,
  SlimWorkflowAccessPolicy,
} from '../types';
import {
  arr,
  bool,
  defined,
  list,
  obj,
  objs,
  shared,
  sharedStr,
  slimMeta,
  str,
  strs,
  trimmed,
} from './read';

/**
 * Slims Dapr name/value pairs (Component `spec.metadata`, HTTPEndpoint `spec.headers`). A
 * literal value is masked when `isSensitive` says so of its name (by default
 * `isSensitiveName`) or the value itself embeds a
 * credential; such names are reported in `plaintextSecretLike`. References (`secretKeyRef`,
 * `envRef`) are kept: they name where a secret lives, not the secret.
 * @public
 */
export function slimNameValuePairs(
  raw: unknown,
  isSensitive: (name: string) => boolean = isSensitiveName,
): {
  items: SlimMetadataItem[];
  plaintextSecretLike: string[];
} {
  const items: SlimMetadataItem[] = [];
  const plaintextSecretLike: string[] = [];
  for (const entry of objs(raw)) {
    const name = sharedStr(entry.name);
    if (name === undefined) continue;
    const item: SlimMetadataItem = { name };
    const secretKeyRef = obj(entry.secretKeyRef);
    if (secretKeyRef && str(secretKeyRef.name) !== undefined) {
      item.secretKeyRef = defined({
        name: shared(secretKeyRef.name as string),
        key: sharedStr(secretKeyRef.key),
      });
    }
    const envRef = sharedStr(entry.envRef);
    if (envRef !== undefined) item.envRef = envRef;
    const value = literalToString(entry.value);
    if (value !== undefined && item.secretKeyRef === undefined) {
      // An empty literal leaks nothing and is a common placeholder: keep it visible. The raw
      // value is checked, not its string: an object value is read member by member.
      if (
        value !== '' &&
        (isSensitive(name) || valueLooksSensitive(entry.value))
      ) {
        item.value = SECRET_MASK;
        item.masked = true;
        plaintextSecretLike.push(name);
      } else {
        item.value = shared(value);
      }
    }
    items.push(item);
  }
  return {
    items: trimmed(items),
    plaintextSecretLike: trimmed(plaintextSecretLike),
  };
}

function scopes(raw: RawKubernetesObject): string[] {
  return list(
    arr(raw.scopes)
      .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
      .map(shared),
  );
}

function namespaceOf(raw: RawKubernetesObject): string {
  return sharedStr(obj(raw.metadata)?.namespace) ?? '';
}

/**
 * Slims a Dapr Component, masking plaintext secret-like metadata values: by what
 * components-contrib says of its type and version (see `isSensitiveComponentMetadata`), and
 * by value.
 * @public
 */
export function slimComponent(raw: RawKubernetesObject): SlimComponent {
  const spec = obj(raw.spec) ?? {};
  const type = sharedStr(spec.type) ?? '';
  const version = sharedStr(spec.version) ?? '';
  const { items, plaintextSecretLike } = slimNameValuePairs(
    spec.metadata,
    name => isSensitiveComponentMetadata(type, version, name),
  );
  return defined({
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'Component' as const,
    type,
    version,
    metadata: items,
    scopes: scopes(raw),
    secretStore: sharedStr(obj(raw.auth)?.secretStore),
    initTimeout: sharedStr(spec.initTimeout),
    ignoreErrors: bool(spec.ignoreErrors),
    plaintextSecretLike,
  });
}

/**
 * Slims a Dapr Configuration. Tracing exporter endpoints and headers are not kept (headers
 * often carry API keys); only which exporters are configured.
 * @public
 */
export function slimConfiguration(raw: RawKubernetesObject): SlimConfiguration {
  const spec = obj(raw.spec) ?? {};
  const mtls = obj(spec.mtls);
  const tracing = obj(spec.tracing);
  const accessControl = obj(spec.accessControl);
  // `metric` is the documented key; `metrics` is an alias the CRD also accepts.
  const metric = obj(spec.metric) ?? obj(spec.metrics);
  const exporters: Array<'zipkin' | 'otel' | 'stdout'> = [];
  if (tracing) {
    if (obj(tracing.zipkin)) exporters.push('zipkin');
    if (obj(tracing.otel)) exporters.push('otel');
    if (tracing.stdout === true) exporters.push('stdout');
  }
  return defined({
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'Configuration' as const,
    mtls: mtls
      ? defined({
          enabled: mtls.enabled === true,
          workloadCertTTL: str(mtls.workloadCertTTL),
          allowedClockSkew: str(mtls.allowedClockSkew),
        })
      : undefined,
    tracing: tracing
      ? defined({ samplingRate: str(tracing.samplingRate), exporters })
      : undefined,
    metricsEnabled: metric ? bool(metric.enabled) : undefined,
    features: objs(spec.features)
      .filter(f => typeof f.name === 'string')
      .map(f => ({
        name: shared(f.name as string),
        enabled: f.enabled === true,
      })),
    accessControl: accessControl
      ? defined({
          defaultAction: str(accessControl.defaultAction),
          trustDomain: str(accessControl.trustDomain),
          policies: objs(accessControl.policies)
            .filter(p => typeof p.appId === 'string')
            .map(p =>
              defined({
                appId: shared(p.appId as string),
                namespace: str(p.namespace),
                defaultAction: str(p.defaultAction),
                trustDomain: str(p.trustDomain),
              }),
            ),
        })
      : undefined,
    apiLoggingEnabled: bool(obj(obj(spec.logging)?.apiLogging)?.enabled),
  });
}

function keysOf(value: unknown): string[] {
  return Object.keys(obj(value) ?? {}).map(shared);
}

/**
 * Slims a Dapr Resiliency to its scopes, policy names and targets.
 * @public
 */
export function slimResiliency(raw: RawKubernetesObject): SlimResiliency {
  const spec = obj(raw.spec) ?? {};
  const policies = obj(spec.policies) ?? {};
  const targets = obj(spec.targets) ?? {};
  return {
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'Resiliency',
    scopes: scopes(raw),
    policies: {
      timeouts: keysOf(policies.timeouts),
      retries: keysOf(policies.retries),
      circuitBreakers: keysOf(policies.circuitBreakers),
    },
    targets: {
      apps: keysOf(targets.apps),
      actors: keysOf(targets.actors),
      components: keysOf(targets.components),
    },
  };
}

/**
 * Slims a Dapr Subscription. Accepts v2alpha1 (`routes`) and v1alpha1 (`route`) shapes.
 * @public
 */
export function slimSubscription(raw: RawKubernetesObject): SlimSubscription {
  const spec = obj(raw.spec) ?? {};
  const routes = obj(spec.routes);
  return defined({
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'Subscription' as const,
    pubsubname: str(spec.pubsubname) ?? '',
    topic: str(spec.topic) ?? '',
    routes: defined({
      default: str(routes?.default) ?? str(spec.route),
      rules: objs(routes?.rules)
        .filter(r => typeof r.path === 'string')
        .map(r => ({
          match: str(r.match) ?? '',
          path: shared(r.path as string),
        })),
    }),
    deadLetterTopic: str(spec.deadLetterTopic),
    bulkSubscribe: bool(obj(spec.bulkSubscribe)?.enabled),
    scopes: scopes(raw),
  });
}

/**
 * Slims a Dapr HTTPEndpoint: credentials are removed from `baseUrl` (user info, credential query
 * parameters; the whole URL when its path carries one), header values masked like
 * component metadata, client TLS material reduced to whether it is configured.
 * @public
 */
export function slimHTTPEndpoint(raw: RawKubernetesObject): SlimHTTPEndpoint {
  const spec = obj(raw.spec) ?? {};
  const tls = obj(spec.clientTLS) ?? {};
  const { items, plaintextSecretLike: secretLikeHeaders } = slimNameValuePairs(
    spec.headers,
  );
  // Read raw (not `str`, which masks) to report a URL that carried a credential.
  const baseUrl = typeof spec.baseUrl === 'string' ? spec.baseUrl : '';
  const strippedBaseUrl = maskCredentials(baseUrl);
  const plaintextSecretLike =
    strippedBaseUrl !== baseUrl
      ? [...secretLikeHeaders, 'baseUrl']
      : secretLikeHeaders;
  return defined({
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'HTTPEndpoint' as const,
    baseUrl: strippedBaseUrl,
    headers: items,
    secretStore: str(obj(raw.auth)?.secretStore),
    clientTLS: {
      rootCA: obj(tls.rootCA) !== undefined,
      certificate: obj(tls.certificate) !== undefined,
      privateKey: obj(tls.privateKey) !== undefined,
    },
    scopes: scopes(raw),
    plaintextSecretLike,
  });
}

/**
 * Slims a Dapr MCPServer (Dapr 1.18, `pkg/apis/mcpserver/v1alpha1` of github.com/dapr/dapr):
 * the transport and its target (URL without credentials, or the stdio command without its
 * arguments or environment), header values masked like component metadata, whether OAuth2 or
 * SPIFFE authenticates the connection (never the client secret), the catalog's names and the
 * workflows its middleware calls.
 * @public
 */
export function slimMCPServer(raw: RawKubernetesObject): SlimMCPServer {
  const spec = obj(raw.spec) ?? {};
  const endpoint = obj(spec.endpoint) ?? {};
  const streamable = obj(endpoint.streamableHTTP);
  const sse = obj(endpoint.sse);
  const stdio = obj(endpoint.stdio);
  const http = streamable ?? sse;
  let transport: SlimMCPServer['transport'] = 'none';
  if (streamable) transport = 'streamableHTTP';
  else if (sse) transport = 'sse';
  else if (stdio) transport = 'stdio';
  const { items, plaintextSecretLike: secretLikeHeaders } = slimNameValuePairs(
    http?.headers,
  );
  // Read raw (not `str`, which masks) to report a URL that carried a credential.
  const url = typeof http?.url === 'string' ? http.url : '';
  const strippedUrl = maskCredentials(url);
  const auth = obj(http?.auth) ?? {};
  const catalog = obj(spec.catalog) ?? {};
  const middleware = obj(spec.middleware) ?? {};
  const middlewareWorkflows: string[] = [];
  for (const hook of [
    'beforeCallTool',
    'afterCallTool',
    'beforeListTools',
    'afterListTools',
  ]) {
    for (const entry of objs(middleware[hook])) {
      const workflow = obj(entry.workflow) ?? {};
      const name = str(workflow.workflowName);
      if (!name) continue;
      const appId = str(workflow.appID);
      middlewareWorkflows.push(
        shared(`${hook}: ${appId ? `${appId}/` : ''}${name}`),
      );
    }
  }
  return defined({
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'MCPServer' as const,
    transport,
    target: http ? strippedUrl : str(stdio?.command) ?? '',
    headers: items,
    auth: defined({
      secretStore: sharedStr(auth.secretStore),
      oauth2: obj(auth.oauth2) !== undefined,
      spiffe: obj(auth.spiffe) !== undefined,
    }),
    displayName: str(catalog.displayName),
    description: str(catalog.description),
    ownerTeam: str(obj(catalog.owner)?.team),
    middlewareWorkflows: trimmed(middlewareWorkflows),
    ignoreErrors: bool(spec.ignoreErrors),
    scopes: scopes(raw),
    plaintextSecretLike:
      strippedUrl !== url ? [...secretLikeHeaders, 'url'] : secretLikeHeaders,
  });
}

/**
 * Slims a Dapr WorkflowAccessPolicy (Dapr 1.18, `pkg/apis/workflowaccesspolicy/v1alpha1`): the
 * allow-list of caller app-ids and the workflows (with operations) and activities they may
 * reach on the apps in its scopes.
 * @public
 */
export function slimWorkflowAccessPolicy(
  raw: RawKubernetesObject,
): SlimWorkflowAccessPolicy {
  const spec = obj(raw.spec) ?? {};
  return {
    ...slimMeta(raw, true),
    namespace: namespaceOf(raw),
    kind: 'WorkflowAccessPolicy',
    rules: objs(spec.rules).map(rule => ({
      callers: objs(rule.callers)
        .map(c => sharedStr(c.appID))
        .filter((c): c is string => c !== undefined),
      workflows: objs(rule.workflows)
        .filter(w => typeof w.name === 'string')
        .map(w => ({
          name: shared(w.name as string),
          operations: strs(w.operations).map(shared),
        })),
      activities: objs(rule.activities)
        .map(a => sharedStr(a.name))
        .filter((a): a is string => a !== undefined),
    })),
    scopes: scopes(raw),
  };
}
