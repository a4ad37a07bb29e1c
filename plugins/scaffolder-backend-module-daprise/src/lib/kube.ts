import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

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

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped object. */
export function describeObject(ref: ObjectReference): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

export function referenceOf(object: KubeObject): ObjectReference {
  const ref: ObjectReference = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
  };
  if (object.metadata.namespace) ref.namespace = object.metadata.namespace;
  return ref;
}

/** One field the API server names as the cause of a rejection (`details.causes[]` of a Status). */
export interface StatusCause {
  field?: string;
  reason?: string;
  message?: string;
}

/**
 * An error answer of the API server: the HTTP status code and what its Status object says.
 * @public
 */
export class KubeApiError extends Error {
  readonly statusCode: number;
  /** The Status `reason`, e.g. `Invalid`, `Forbidden`, `NotFound`, `Conflict`. */
  readonly reason: string;
  readonly causes: StatusCause[];

  constructor(
    statusCode: number,
    reason: string,
    message: string,
    causes: StatusCause[] = [],
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.statusCode = statusCode;
    this.reason = reason;
    this.causes = causes;
  }

  static fromResponse(statusCode: number, body: string): KubeApiError {
    try {
      const status = JSON.parse(body);
      if (status?.kind === 'Status') {
        return new KubeApiError(
          statusCode,
          status.reason ?? '',
          status.message ?? body,
          (status.details?.causes ?? []).map((cause: StatusCause) => ({
            field: cause.field,
            reason: cause.reason,
            message: cause.message,
          })),
        );
      }
    } catch {
      // Not JSON: a proxy or load balancer answered, not the API server.
    }
    return new KubeApiError(
      statusCode,
      '',
      body.trim() || `HTTP ${statusCode}`,
    );
  }
}

/** What API discovery says about one kind. */
interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/**
 * The content type of a server-side apply. The API server parses the body as YAML, so JSON (a
 * subset of YAML) goes through unchanged.
 */
const APPLY_PATCH = 'application/apply-patch+yaml';
const JSON_PATCH = 'application/json-patch+json';

/** One operation of an RFC 6902 JSON patch. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/**
 * A small client for the API server that sends and receives raw JSON.
 *
 * Deliberately not client-node's `KubernetesObjectApi`: that re-serialises objects of kinds it
 * knows through its typed models, which silently drops or renames fields it does not model, so
 * what the server validated would not be what the template rendered. Only the credentials and TLS
 * settings come from client-node's `KubeConfig`.
 * @public
 */
export class KubeClient {
  private readonly discovery = new Map<string, Promise<ApiResource[]>>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  /** Sends one request; answers with the status code and the raw body. */
  async request(
    method: string,
    apiPath: string,
    options: { body?: unknown; contentType?: string } = {},
  ): Promise<{ statusCode: number; body: string }> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('The KubeConfig has no current cluster');
    const url = new URL(apiPath, cluster.server);
    if (url.protocol !== 'https:') {
      throw new Error(
        `Cluster URL ${cluster.server} is not https: the API server is only spoken to over TLS`,
      );
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    const payload =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
    }
    const requestOptions: https.RequestOptions = {
      method,
      hostname: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      headers,
    };
    await this.kubeConfig.applyToHTTPSOptions(requestOptions);
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const req = https.request(requestOptions, res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            statusCode: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () =>
        req.destroy(
          new Error(
            `${method} ${url.pathname} timed out after ${timeoutMs} ms`,
          ),
        ),
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  private async json<T>(
    method: string,
    apiPath: string,
    options: { body?: unknown; contentType?: string } = {},
  ): Promise<T> {
    const res = await this.request(method, apiPath, options);
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw KubeApiError.fromResponse(res.statusCode, res.body);
    }
    return JSON.parse(res.body) as T;
  }

  private async resources(groupVersionPath: string): Promise<ApiResource[]> {
    let resources = this.discovery.get(groupVersionPath);
    if (!resources) {
      resources = this.json<{ resources: ApiResource[] }>(
        'GET',
        groupVersionPath,
      ).then(list => list.resources);
      // A failed lookup is not cached: the CRD may be installed a moment later.
      resources.catch(() => this.discovery.delete(groupVersionPath));
      this.discovery.set(groupVersionPath, resources);
    }
    return resources;
  }

  /**
   * Finds the REST resource of a kind through API discovery, so that any installed kind (CRDs
   * included) can be applied without a table of plurals.
   */
  async resourceFor(
    apiVersion: string,
    kind: string,
  ): Promise<{ basePath: string; plural: string; namespaced: boolean }> {
    const basePath = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    let resources: ApiResource[];
    try {
      resources = await this.resources(basePath);
    } catch (e) {
      if (e instanceof KubeApiError && e.statusCode === 404) {
        throw new KubeApiError(
          404,
          'NotFound',
          `The API server does not serve ${apiVersion}: is the CRD that defines ${kind} installed?`,
        );
      }
      throw e;
    }
    const resource = resources.find(
      r => r.kind === kind && !r.name.includes('/'),
    );
    if (!resource) {
      throw new KubeApiError(
        404,
        'NotFound',
        `The API server serves ${apiVersion} but no kind ${kind} in it`,
      );
    }
    return {
      basePath,
      plural: resource.name,
      namespaced: resource.namespaced,
    };
  }

  /** The REST path of an object (or, without a name, of its collection). */
  async pathOf(
    ref: Omit<ObjectReference, 'name'> & { name?: string },
  ): Promise<string> {
    const resource = await this.resourceFor(ref.apiVersion, ref.kind);
    const scope = resource.namespaced
      ? `/namespaces/${encodeURIComponent(ref.namespace ?? 'default')}`
      : '';
    const name = ref.name ? `/${encodeURIComponent(ref.name)}` : '';
    return `${resource.basePath}${scope}/${resource.plural}${name}`;
  }

  /** Whether a kind is namespaced (through discovery). */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.resourceFor(apiVersion, kind)).namespaced;
  }

  /** The object, or undefined when it does not exist. */
  async get(ref: ObjectReference): Promise<KubeObject | undefined> {
    const res = await this.request('GET', await this.pathOf(ref));
    if (res.statusCode === 404) return undefined;
    if (res.statusCode !== 200) {
      throw KubeApiError.fromResponse(res.statusCode, res.body);
    }
    return JSON.parse(res.body);
  }

  /** The items of a kind in a namespace (or cluster-wide). */
  async list(
    apiVersion: string,
    kind: string,
    namespace?: string,
  ): Promise<KubeObject[]> {
    const list = await this.json<{ items: KubeObject[] }>(
      'GET',
      await this.pathOf({ apiVersion, kind, namespace }),
    );
    return list.items;
  }

  /**
   * Server-side applies an object (creating it when absent) and answers with the object as the
   * server stored it, or would store it with `dryRun`: then admission, validation (OpenAPI and
   * CEL rules of CRDs) and authorization all run, but nothing is persisted.
   */
  async apply(
    object: KubeObject,
    options: { fieldManager: string; dryRun?: boolean },
  ): Promise<KubeObject> {
    const query = new URLSearchParams({
      fieldManager: options.fieldManager,
      // The scaffolder's manifests are the desired state: take over fields another manager set.
      force: 'true',
    });
    if (options.dryRun) query.set('dryRun', 'All');
    return this.json<KubeObject>(
      'PATCH',
      `${await this.pathOf(referenceOf(object))}?${query}`,
      { body: object, contentType: APPLY_PATCH },
    );
  }

  /** Applies an RFC 6902 JSON patch, e.g. to restore an object's earlier content. */
  async jsonPatch(
    ref: ObjectReference,
    operations: JsonPatchOperation[],
    options: { fieldManager: string },
  ): Promise<KubeObject> {
    const query = new URLSearchParams({ fieldManager: options.fieldManager });
    return this.json<KubeObject>(
      'PATCH',
      `${await this.pathOf(ref)}?${query}`,
      { body: operations, contentType: JSON_PATCH },
    );
  }

  /**
   * Deletes an object; an object that is already gone counts as deleted. With `uid`, deletes
   * only that incarnation of the object (a precondition), never one somebody re-created since.
   */
  async delete(ref: ObjectReference, options: { uid?: string } = {}) {
    const body: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      propagationPolicy: 'Background',
    };
    if (options.uid) body.preconditions = { uid: options.uid };
    const res = await this.request('DELETE', await this.pathOf(ref), { body });
    if (res.statusCode === 404) return;
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw KubeApiError.fromResponse(res.statusCode, res.body);
    }
  }
}
