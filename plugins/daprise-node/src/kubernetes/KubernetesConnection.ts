import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { cut, KubernetesError } from './errors';

/**
 * A Kubernetes object as read from a manifest or returned by the API server: plain JSON.
 * @public
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    managedFields?: unknown[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/**
 * Which object: enough to find it on the API server and to name it to a human.
 * @public
 */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  name: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
}

/**
 * What API discovery says about one kind of a group version.
 * @public
 */
export interface ApiResource {
  /** The plural, e.g. `deployments`; `deployments/status` for a subresource. */
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

/**
 * Timeouts of one request. The overall timeout bounds the whole exchange, the idle timeout
 * any silence (before the answer starts and between two chunks of its body).
 * @public
 */
export interface KubernetesRequestTimeouts {
  timeoutMs?: number;
  idleTimeoutMs?: number;
}

/**
 * One request to the API server.
 * @public
 */
export interface KubernetesRequestOptions extends KubernetesRequestTimeouts {
  /** Sent as JSON, or as is when a string. */
  body?: unknown;
  /** Default `application/json` when there is a body. */
  contentType?: string;
  /** Appended to the path's own query. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Default `application/json`. */
  accept?: string;
}

/**
 * An answer of the API server, whatever its status, with the whole body.
 * @public
 */
export interface KubernetesResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One page of a paged LIST.
 * @public
 */
export interface KubernetesListPage<T> {
  items: T[];
  /** The list's resource version: where a WATCH after the last page starts. */
  resourceVersion: string;
}

/**
 * A WATCH request.
 * @public
 */
export interface KubernetesWatchOptions {
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /** How long the API server keeps the watch open before it ends it (default 300). */
  timeoutSeconds?: number;
  labelSelector?: string;
  /** Ends the watch; the promise then resolves. */
  signal?: AbortSignal;
  /** Called once the API server has accepted the watch (200 and headers). */
  onOpen?: () => void;
}

/**
 * A server-side apply.
 * @public
 */
export interface KubernetesApplyOptions {
  fieldManager: string;
  /** Check only (`dryRun=All`): admission, validation and authorization run, nothing is kept. */
  dryRun?: boolean;
  /** Take over fields another manager set (default true). */
  force?: boolean;
  /** E.g. `status`: apply through that subresource. */
  subresource?: string;
}

/**
 * How a connection behaves.
 * @public
 */
export interface KubernetesConnectionOptions {
  /** Default for every request except watches: 60 seconds overall. */
  timeoutMs?: number;
  /** Default for every request except watches: 30 seconds without a byte. */
  idleTimeoutMs?: number;
  /**
   * How long a kept-alive socket may sit unused before it is closed (default 4 seconds): long
   * enough for the pages of one LIST and a burst of applies, short enough that the sockets of a
   * start-up sync (and the TLS buffers they keep, about 9 MB after a fleet's first LISTs) are
   * gone again a moment later.
   */
  freeSocketTimeoutMs?: number;
}

const APPLY_PATCH = 'application/apply-patch+yaml';
const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';

/**
 * One operation of an RFC 6902 JSON patch.
 * @public
 */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped object. @public */
export function describeObject(ref: {
  kind?: string;
  name?: string;
  namespace?: string;
  metadata?: { name?: string; namespace?: string };
}): string {
  const name = ref.name ?? ref.metadata?.name;
  const namespace = ref.namespace ?? ref.metadata?.namespace;
  return `${ref.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** The reference of an object. @public */
export function referenceOf(object: KubeObject): ObjectReference {
  const ref: ObjectReference = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
  };
  if (object.metadata.namespace) ref.namespace = object.metadata.namespace;
  return ref;
}

/** The REST base path of a group version: `/api/v1` or `/apis/<group>/<version>`. */
function basePathOf(apiVersion: string): string {
  return apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
}

/** What a request reports besides its body: for watches. */
interface ExchangeHooks {
  signal?: AbortSignal;
  onResponse?: (statusCode: number) => void;
}

/** Errors of requests sent on a kept-alive socket that the server had closed. */
const closedKeepAliveSockets = new WeakSet<Error>();

/** Network errors: the server was not reached, or the connection broke. */
function transportError(
  error: any,
  what: string,
  answered: boolean,
): KubernetesError {
  if (error instanceof KubernetesError) return error;
  const code: string = error?.code ?? '';
  const detail = `${code ? `${code} ` : ''}${error?.message ?? error}`;
  if (answered) {
    return new KubernetesError({
      statusCode: 0,
      reason: 'IncompleteResponse',
      message: `${what}: the answer broke off before its end (${detail})`,
      retryable: true,
      cause: error,
    });
  }
  return new KubernetesError({
    statusCode: 0,
    reason: 'Unreachable',
    message: `${what}: ${detail}`,
    retryable: true,
    cause: error,
  });
}

/**
 * The one client of Daprise for a Kubernetes API server, on the pattern of the Backstage
 * Kubernetes backend's `KubernetesConnection`: one object per cluster, with one keep-alive
 * agent shared by its requests and its watches. Credentials and TLS settings (token, client
 * certificate, CA, `skipTLSVerify`, `tlsServerName`) come from client-node's `KubeConfig`; the
 * requests themselves are plain `https` with raw JSON, because:
 * - client-node's generated clients re-serialise objects of kinds they know through typed models,
 *   which drops fields they do not model (a CRD's `x-kubernetes-preserve-unknown-fields`), so what
 *   the server validated would not be what a template rendered;
 * - a LIST body is joined as Buffers and decoded once, never as a string built chunk by chunk:
 *   JSON.parse flattens such a string into one heap string that parsed values keep alive as
 *   slices (8 MB more live heap at 1,000 apps);
 * - `applyToHTTPSOptions` makes a new agent, so a new TLS handshake, for every request: seeding
 *   the benchmark's 60,000 objects that way spent most of the CPU on handshakes;
 * - its `Watch` has no idle timeout and its requests no overall one.
 * URLs keep the server URL's path (`https://rancher.example.com/k8s/clusters/c-1` +
 * `/api/v1/pods`), as API proxies hand out.
 * @public
 */
export class KubernetesConnection {
  readonly server: string;
  private readonly serverUrl: URL;
  private agent?: https.Agent;
  private readonly discovery = new Map<string, Promise<ApiResource[]>>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: KubernetesConnectionOptions = {},
  ) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) {
      throw new Error(
        'KubernetesConnection: the KubeConfig has no current cluster',
      );
    }
    this.server = cluster.server;
    try {
      this.serverUrl = new URL(cluster.server);
    } catch {
      throw new Error(
        `Cluster ${cluster.name}: url "${cluster.server}" is not a URL; use https://host:port`,
      );
    }
    if (this.serverUrl.protocol !== 'https:') {
      throw new Error(
        `Cluster ${cluster.name}: url ${cluster.server} is not https; the API server is only spoken to over TLS`,
      );
    }
  }

  /** The URL of an API path on this server, keeping the server URL's own path as a prefix. */
  url(apiPath: string): URL {
    const url = new URL(this.serverUrl.href);
    const [pathname, search] = apiPath.split('?', 2);
    url.pathname = `${this.serverUrl.pathname.replace(/\/+$/, '')}${
      pathname.startsWith('/') ? '' : '/'
    }${pathname}`;
    url.search = search ? `?${search}` : '';
    return url;
  }

  /** Closes the kept-alive sockets. Requests still open go on; new ones open new sockets. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  /**
   * Sends one request and answers with its status, headers and whole body, whatever the status.
   * Rejects (with a retryable {@link KubernetesError}) only when no complete answer came: the
   * server was unreachable, the request timed out or stalled, or the body broke off.
   */
  async request(
    method: string,
    apiPath: string,
    options: KubernetesRequestOptions = {},
  ): Promise<KubernetesResponse> {
    const chunks: Buffer[] = [];
    const { statusCode, headers } = await this.exchange(
      method,
      apiPath,
      options,
      chunk => chunks.push(chunk),
    );
    // Joined and decoded at the end, not accumulated as a string: see the class comment.
    return { statusCode, headers, body: Buffer.concat(chunks) };
  }

  /**
   * Sends one request and parses its JSON answer. Rejects with a {@link KubernetesError} for an
   * answer outside 2xx (status, reason, message), and with a retryable one for an answer that is
   * not JSON.
   */
  async requestJson<T = any>(
    method: string,
    apiPath: string,
    options: KubernetesRequestOptions = {},
  ): Promise<T> {
    return (await this.requestJsonAnswer<T>(method, apiPath, options)).body;
  }

  /** Like `requestJson`, with the answer's status: 201 tells a create from an update. */
  private async requestJsonAnswer<T>(
    method: string,
    apiPath: string,
    options: KubernetesRequestOptions,
  ): Promise<{ statusCode: number; body: T }> {
    const res = await this.request(method, apiPath, options);
    const what = `${method} ${apiPath.split('?')[0]}`;
    const body = res.body.toString('utf8');
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw KubernetesError.fromResponse(res.statusCode, body, what);
    }
    try {
      return { statusCode: res.statusCode, body: JSON.parse(body) };
    } catch (error) {
      throw new KubernetesError({
        statusCode: res.statusCode,
        reason: 'InvalidResponse',
        message: `${what}: the answer is not JSON: ${cut(body, 200)}`,
        retryable: true,
        cause: error,
      });
    }
  }

  /** GETs one JSON document. */
  getJson<T = any>(
    apiPath: string,
    options: KubernetesRequestOptions = {},
  ): Promise<T> {
    return this.requestJson<T>('GET', apiPath, options);
  }

  /**
   * A paged LIST of a collection, page by page: each page is parsed and handed over before the
   * next is asked for, so a caller that keeps slim objects never holds a fleet's full objects.
   */
  async *listPages<T = any>(
    collectionPath: string,
    options: KubernetesRequestTimeouts & {
      pageSize?: number;
      labelSelector?: string;
    } = {},
  ): AsyncGenerator<KubernetesListPage<T>> {
    let continueToken: string | undefined;
    do {
      const page = await this.getJson(collectionPath, {
        ...options,
        query: {
          limit: options.pageSize ?? 500,
          continue: continueToken,
          labelSelector: options.labelSelector,
        },
      });
      continueToken = page?.metadata?.continue || undefined;
      yield {
        items: Array.isArray(page?.items) ? page.items : [],
        resourceVersion: page?.metadata?.resourceVersion ?? '',
      };
    } while (continueToken);
  }

  /**
   * WATCHes a collection from a resource version; calls `onEvent` for each event (`ADDED`,
   * `MODIFIED`, `DELETED`, `BOOKMARK`). Resolves when the server ends the watch or `signal`
   * aborts it; rejects with a {@link KubernetesError} for an error answer or an `ERROR` event
   * (410 `Expired`/`Gone` when the resource version was compacted away), and with a retryable
   * one when the stream breaks off or stays silent past the overall timeout.
   */
  async watch(
    collectionPath: string,
    options: KubernetesWatchOptions,
    onEvent: (type: string, object: any) => void,
  ): Promise<void> {
    const timeoutSeconds = options.timeoutSeconds ?? 300;
    // The server ends the watch after timeoutSeconds: the margin covers a busy server.
    const timeoutMs = timeoutSeconds * 1000 + 30_000;
    let pending = '';
    let statusCode = 0;
    const errorBody: Buffer[] = [];
    let eventError: KubernetesError | undefined;
    const controller = new AbortController();
    const abortOnSignal = () => controller.abort();
    options.signal?.addEventListener('abort', abortOnSignal);
    try {
      await this.exchange(
        'GET',
        collectionPath,
        {
          query: {
            watch: 'true',
            resourceVersion: options.resourceVersion || undefined,
            allowWatchBookmarks: options.allowWatchBookmarks || undefined,
            timeoutSeconds,
            labelSelector: options.labelSelector,
          },
          timeoutMs,
          // No event for a while is normal for a quiet kind: only the overall timeout applies.
          idleTimeoutMs: timeoutMs,
        },
        chunk => {
          if (statusCode !== 200) {
            errorBody.push(chunk);
            return;
          }
          pending += chunk.toString('utf8');
          let newline = pending.indexOf('\n');
          while (newline >= 0 && !eventError) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            newline = pending.indexOf('\n');
            if (!line) continue;
            let event: any;
            try {
              event = JSON.parse(line);
            } catch (error) {
              eventError = new KubernetesError({
                statusCode: 0,
                reason: 'InvalidResponse',
                message: `WATCH ${collectionPath}: an event is not JSON: ${cut(
                  line,
                  200,
                )}`,
                retryable: true,
                cause: error,
              });
              break;
            }
            if (event?.type === 'ERROR') {
              eventError = KubernetesError.fromStatus(
                event.object,
                undefined,
                `WATCH ${collectionPath}: `,
              );
              break;
            }
            onEvent(event?.type, event?.object);
          }
          if (eventError) controller.abort();
        },
        {
          signal: controller.signal,
          onResponse: code => {
            statusCode = code;
            if (code === 200) options.onOpen?.();
          },
        },
      );
    } catch (error: any) {
      if (eventError) throw eventError;
      if (controller.signal.aborted) return;
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', abortOnSignal);
    }
    if (eventError) throw eventError;
    if (statusCode !== 200) {
      throw KubernetesError.fromResponse(
        statusCode,
        Buffer.concat(errorBody).toString('utf8'),
        `WATCH ${collectionPath}`,
      );
    }
  }

  /** The group versions the server serves (`v1`, `apps/v1`, `dapr.io/v1alpha1`, ...). */
  async groupVersions(): Promise<string[]> {
    const core = await this.getJson('/api');
    const groups = await this.getJson('/apis');
    return [
      ...(core.versions ?? []),
      ...(groups.groups ?? []).flatMap((group: any) =>
        (group.versions ?? []).map((v: any) => v.groupVersion),
      ),
    ];
  }

  /**
   * The resources of a group version, through API discovery; cached per group version for the
   * connection's life. A failed lookup is not cached: a CRD may be installed a moment later.
   */
  async resources(apiVersion: string): Promise<ApiResource[]> {
    let resources = this.discovery.get(apiVersion);
    if (!resources) {
      resources = this.getJson<{ resources: ApiResource[] }>(
        basePathOf(apiVersion),
      ).then(list => list.resources ?? []);
      resources.catch(() => this.discovery.delete(apiVersion));
      this.discovery.set(apiVersion, resources);
    }
    return resources;
  }

  /** Forgets what discovery said, e.g. after installing CRDs. */
  forgetDiscovery(apiVersion?: string): void {
    if (apiVersion) this.discovery.delete(apiVersion);
    else this.discovery.clear();
  }

  /**
   * The REST resource of a kind, through API discovery, so that any installed kind (CRDs
   * included) works without a table of plurals. A kind not found in a cached answer is looked up
   * once more (its CRD may be newer than the cache). Rejects with a 404 `NotFound` that says
   * whether the group version or only the kind is missing.
   */
  async resourceFor(
    apiVersion: string,
    kind: string,
  ): Promise<{ basePath: string; plural: string; namespaced: boolean }> {
    const find = (resources: ApiResource[]) =>
      resources.find(r => r.kind === kind && !r.name.includes('/'));
    let resource: ApiResource | undefined;
    try {
      const cached = this.discovery.has(apiVersion);
      resource = find(await this.resources(apiVersion));
      if (!resource && cached) {
        this.discovery.delete(apiVersion);
        resource = find(await this.resources(apiVersion));
      }
    } catch (e) {
      if (e instanceof KubernetesError && e.statusCode === 404) {
        throw new KubernetesError({
          statusCode: 404,
          reason: 'NotFound',
          message: `The API server does not serve ${apiVersion}: is the CRD that defines ${kind} installed?`,
        });
      }
      throw e;
    }
    if (!resource) {
      throw new KubernetesError({
        statusCode: 404,
        reason: 'NotFound',
        message: `The API server serves ${apiVersion} but no kind ${kind} in it`,
      });
    }
    return {
      basePath: basePathOf(apiVersion),
      plural: resource.name,
      namespaced: resource.namespaced,
    };
  }

  /** Whether a kind is namespaced (through discovery). */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.resourceFor(apiVersion, kind)).namespaced;
  }

  /** The REST path of an object (or, without a name, of its collection). */
  async pathOf(
    ref: Omit<ObjectReference, 'name'> & { name?: string },
  ): Promise<string> {
    const resource = await this.resourceFor(ref.apiVersion, ref.kind);
    const scope =
      resource.namespaced && ref.namespace !== ''
        ? `/namespaces/${encodeURIComponent(ref.namespace ?? 'default')}`
        : '';
    const name = ref.name ? `/${encodeURIComponent(ref.name)}` : '';
    return `${resource.basePath}${scope}/${resource.plural}${name}`;
  }

  /** The object, or undefined when it does not exist. */
  async get<T = KubeObject>(ref: ObjectReference): Promise<T | undefined> {
    // Outside the try: a kind the server does not serve is an error, not an absent object.
    const path = await this.pathOf(ref);
    try {
      return await this.getJson<T>(path);
    } catch (e) {
      if (e instanceof KubernetesError && e.statusCode === 404)
        return undefined;
      throw e;
    }
  }

  /** Every item of a kind in a namespace (or cluster-wide), all pages. */
  async list<T = KubeObject>(
    apiVersion: string,
    kind: string,
    namespace?: string,
  ): Promise<T[]> {
    const items: T[] = [];
    const path = await this.pathOf({
      apiVersion,
      kind,
      namespace: namespace ?? '',
    });
    for await (const page of this.listPages<T>(path)) items.push(...page.items);
    return items;
  }

  /**
   * Server-side applies an object (creating it when absent) and answers with the object as the
   * server stored it, or would store it with `dryRun`: then admission, validation (OpenAPI and
   * CEL rules of CRDs) and authorization all run, but nothing is persisted. `force` (default
   * true) takes over fields another manager set: the caller's manifests are the desired state.
   * With `subresource: 'status'`, applies the object's status through its status subresource.
   */
  async apply<T = KubeObject>(
    object: { apiVersion: string; kind: string; metadata: any },
    options: KubernetesApplyOptions,
  ): Promise<T> {
    return (await this.applyWithResult<T>(object, options)).object;
  }

  /**
   * Like `apply`, and says whether this very request created the object: the API server answers
   * 201 to an apply that created it and 200 to one that found it. Only this answer tells; a GET
   * before the apply does not, since someone may create the object in between.
   */
  async applyWithResult<T = KubeObject>(
    object: { apiVersion: string; kind: string; metadata: any },
    options: KubernetesApplyOptions,
  ): Promise<{ object: T; created: boolean }> {
    const path = await this.pathOf({
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata?.name,
      namespace: object.metadata?.namespace,
    });
    const answer = await this.requestJsonAnswer<T>(
      'PATCH',
      options.subresource ? `${path}/${options.subresource}` : path,
      {
        query: {
          fieldManager: options.fieldManager,
          force: options.force ?? true ? 'true' : undefined,
          dryRun: options.dryRun ? 'All' : undefined,
        },
        body: object,
        contentType: APPLY_PATCH,
      },
    );
    return { object: answer.body, created: answer.statusCode === 201 };
  }

  /** Applies an RFC 6902 JSON patch, e.g. to restore an object's earlier content. */
  async jsonPatch<T = KubeObject>(
    ref: ObjectReference,
    operations: JsonPatchOperation[],
    options: { fieldManager: string; dryRun?: boolean },
  ): Promise<T> {
    return this.patch<T>(ref, operations, { ...options, type: 'json' });
  }

  /** A JSON (RFC 6902) or merge (RFC 7386) patch. */
  async patch<T = KubeObject>(
    ref: ObjectReference,
    patch: unknown,
    options: { type: 'json' | 'merge'; fieldManager: string; dryRun?: boolean },
  ): Promise<T> {
    return this.requestJson<T>('PATCH', await this.pathOf(ref), {
      query: {
        fieldManager: options.fieldManager,
        dryRun: options.dryRun ? 'All' : undefined,
      },
      body: patch,
      contentType: options.type === 'json' ? JSON_PATCH : MERGE_PATCH,
    });
  }

  /**
   * Deletes an object; one that is already gone counts as deleted. With `uid`, deletes only that
   * incarnation of the object (a precondition), never one somebody re-created since.
   */
  async delete(
    ref: ObjectReference,
    options: { uid?: string; dryRun?: boolean } = {},
  ): Promise<void> {
    const body: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      propagationPolicy: 'Background',
    };
    if (options.uid) body.preconditions = { uid: options.uid };
    if (options.dryRun) body.dryRun = ['All'];
    const path = await this.pathOf(ref);
    try {
      await this.requestJson('DELETE', path, { body });
    } catch (e) {
      if (e instanceof KubernetesError && e.statusCode === 404) return;
      throw e;
    }
  }

  private async agentAndHeaders(): Promise<{
    agent: http.Agent;
    headers: http.OutgoingHttpHeaders;
  }> {
    // Asked on every request: an exec or file credential may have been renewed since.
    const tls: https.RequestOptions & { headers: http.OutgoingHttpHeaders } = {
      headers: {},
    };
    await this.kubeConfig.applyToHTTPSOptions(tls);
    const headers: http.OutgoingHttpHeaders = { ...tls.headers };
    if (tls.auth && !headers.Authorization && !headers.authorization) {
      headers.Authorization = `Basic ${Buffer.from(tls.auth).toString(
        'base64',
      )}`;
    }
    if (this.kubeConfig.getCurrentCluster()?.proxyUrl) {
      // Only client-node knows how to reach the server through the cluster's proxy.
      return { agent: tls.agent as http.Agent, headers };
    }
    if (!this.agent) {
      this.agent = new https.Agent({
        keepAlive: true,
        timeout: this.options.freeSocketTimeoutMs ?? 4_000,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        pfx: tls.pfx,
        passphrase: tls.passphrase,
        rejectUnauthorized: tls.rejectUnauthorized,
        servername: tls.servername,
      });
    }
    return { agent: this.agent, headers };
  }

  /**
   * The one place a request is sent: timeouts, broken answers and network errors all end here
   * as a {@link KubernetesError}. Body chunks go to `onChunk` as they arrive.
   */
  private async exchange(
    method: string,
    apiPath: string,
    options: KubernetesRequestOptions,
    onChunk: (chunk: Buffer) => void,
    hooks: ExchangeHooks = {},
  ): Promise<{ statusCode: number; headers: http.IncomingHttpHeaders }> {
    try {
      return await this.exchangeOnce(method, apiPath, options, onChunk, hooks);
    } catch (error) {
      // A kept-alive socket the server closed just as the request went out: nothing reached the
      // server, so a read is sent again once, on a fresh socket (as Node's docs advise).
      if (method !== 'GET' || !closedKeepAliveSockets.has(error as Error))
        throw error;
      return this.exchangeOnce(method, apiPath, options, onChunk, hooks);
    }
  }

  private async exchangeOnce(
    method: string,
    apiPath: string,
    options: KubernetesRequestOptions,
    onChunk: (chunk: Buffer) => void,
    hooks: ExchangeHooks,
  ): Promise<{ statusCode: number; headers: http.IncomingHttpHeaders }> {
    const url = this.url(apiPath);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const what = `${method} ${apiPath.split('?')[0]}`;
    const { agent, headers } = await this.agentAndHeaders();
    headers.Accept = options.accept ?? 'application/json';
    let payload: string | undefined;
    if (typeof options.body === 'string') payload = options.body;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 60_000;
    const idleTimeoutMs =
      options.idleTimeoutMs ?? this.options.idleTimeoutMs ?? 30_000;

    return new Promise((resolve, reject) => {
      let answered = false;
      let settled = false;
      const req = https.request(url, { method, headers, agent });
      const timeout = (message: string) =>
        new KubernetesError({
          statusCode: 0,
          reason: 'Timeout',
          message: `${what}: ${message}`,
          retryable: true,
        });
      const overall = setTimeout(
        () => req.destroy(timeout(`no complete answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      req.setTimeout(idleTimeoutMs, () =>
        req.destroy(timeout(`no data for ${idleTimeoutMs} ms`)),
      );
      const onAbort = () => {
        const error = new Error('aborted');
        error.name = 'AbortError';
        req.destroy(error);
      };
      const finish = (error?: unknown, res?: http.IncomingMessage) => {
        if (settled) return;
        settled = true;
        clearTimeout(overall);
        hooks.signal?.removeEventListener('abort', onAbort);
        if (error) {
          const rejection = transportError(error, what, answered);
          const code = (error as NodeJS.ErrnoException).code;
          if (
            !answered &&
            req.reusedSocket &&
            (code === 'ECONNRESET' || code === 'EPIPE')
          )
            closedKeepAliveSockets.add(rejection);
          reject(rejection);
          req.destroy();
        } else {
          resolve({ statusCode: res!.statusCode ?? 0, headers: res!.headers });
        }
      };
      req.on('response', (res: http.IncomingMessage) => {
        answered = true;
        hooks.onResponse?.(res.statusCode ?? 0);
        res.on('data', (chunk: Buffer) => {
          if (!settled) onChunk(chunk);
        });
        res.on('error', error => finish(error));
        // `complete` is false when the connection closed before content-length (or the last
        // chunk of a chunked body) arrived.
        res.on('end', () =>
          res.complete
            ? finish(undefined, res)
            : finish(new Error('the connection closed mid-body')),
        );
        res.on('close', () => {
          if (!res.complete)
            finish(new Error('the connection closed mid-body'));
        });
      });
      if (hooks.signal?.aborted) onAbort();
      hooks.signal?.addEventListener('abort', onAbort);
      req.on('error', error => finish(error));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}
