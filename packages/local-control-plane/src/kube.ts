import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import {
  KubeConfig,
  KubernetesObject,
  PatchStrategy,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

/** The field manager the control plane's own applies use. */
export const FIELD_MANAGER = 'daprise-local-control-plane';

/** A Kubernetes object as YAML or JSON gives it: any fields beyond the header. @public */
export type ManifestObject = KubernetesObject & { [field: string]: unknown };

/** A response of {@link kubeRequest}. @public */
export interface KubeResponse {
  status: number;
  body: string;
  json<T = any>(): T;
}

/**
 * One HTTP request to the API server with the KubeConfig's credentials. Used where
 * the generated clients have no method (status subresources, /readyz, /metrics) or
 * where a test must see the exact status code.
 * @public
 */
export async function kubeRequest(
  kc: KubeConfig,
  method: string,
  apiPath: string,
  options: { body?: unknown; contentType?: string; timeoutMs?: number } = {},
): Promise<KubeResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new Error('kubeRequest: the KubeConfig has no current cluster');
  const url = new URL(apiPath, cluster.server);
  const requestOptions: https.RequestOptions = {
    method,
    hostname: url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    headers: {} as Record<string, string>,
  };
  await kc.applyToHTTPSOptions(requestOptions);
  let payload: string | undefined;
  if (typeof options.body === 'string') payload = options.body;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) {
    (requestOptions.headers as Record<string, string>)['Content-Type'] =
      options.contentType ?? 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = https.request(requestOptions, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          json: () => JSON.parse(body),
        }),
      );
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () =>
      req.destroy(new Error(`${method} ${apiPath} timed out`)),
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Reads every YAML document of a file, or of the *.yaml files of a directory in name order. @public */
export function loadManifests(fileOrDir: string): ManifestObject[] {
  const files = fs.statSync(fileOrDir).isDirectory()
    ? fs
        .readdirSync(fileOrDir)
        .filter(f => /\.ya?ml$/.test(f))
        .sort()
        .map(f => path.join(fileOrDir, f))
    : [fileOrDir];
  const objects: ManifestObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (doc.errors.length) {
        throw new Error(
          `${file}: ${doc.errors.map(e => e.message).join('; ')}`,
        );
      }
      const object = doc.toJS();
      if (object && typeof object === 'object') objects.push(object);
    }
  }
  return objects;
}

function describe(object: KubernetesObject): string {
  const { namespace, name } = object.metadata ?? {};
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

const discoveryCache = new Map<string, Promise<any[]>>();

async function discover(kc: KubeConfig, base: string): Promise<any[]> {
  const key = `${kc.getCurrentCluster()?.server}${base}`;
  let resources = discoveryCache.get(key);
  if (!resources) {
    resources = kubeRequest(kc, 'GET', base).then(list => {
      if (list.status !== 200) {
        discoveryCache.delete(key);
        throw new Error(
          `${base} is not served (${list.status}): is its CRD installed?`,
        );
      }
      return list.json().resources;
    });
    discoveryCache.set(key, resources);
  }
  return resources;
}

/** The API path of an object, through API discovery (cached per server and group version). */
export async function objectPath(
  kc: KubeConfig,
  object: KubernetesObject,
): Promise<string> {
  const [group, version] = object.apiVersion!.includes('/')
    ? object.apiVersion!.split('/')
    : ['', object.apiVersion!];
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const find = (resources: any[]) =>
    resources.find((r: any) => r.kind === object.kind && !r.name.includes('/'));
  let resource = find(await discover(kc, base).catch(() => []));
  if (!resource) {
    // A CRD installed since the group was cached: ask discovery again.
    discoveryCache.delete(`${kc.getCurrentCluster()?.server}${base}`);
    resource = find(await discover(kc, base));
  }
  if (!resource)
    throw new Error(`${object.apiVersion} has no kind ${object.kind}`);
  const ns = resource.namespaced
    ? `/namespaces/${object.metadata?.namespace ?? 'default'}`
    : '';
  return `${base}${ns}/${resource.name}/${object.metadata!.name}`;
}

/**
 * Server-side applies objects in order. A document that carries a `status` has it
 * written through the status subresource afterwards, as the controller that owns
 * that status (Cilium, for a Gateway) would; a document with only a status writes
 * nothing else.
 * @public
 */
export async function applyObjects(
  kc: KubeConfig,
  objects: ReadonlyArray<ManifestObject | KubernetesObject>,
  options: { fieldManager?: string; dryRun?: boolean } = {},
): Promise<void> {
  const fieldManager = options.fieldManager ?? FIELD_MANAGER;
  for (const object of objects) {
    const { status, ...rest } = object as KubernetesObject & {
      status?: unknown;
    };
    const hasBody = Object.keys(rest).some(
      k => !['apiVersion', 'kind', 'metadata'].includes(k),
    );
    if (hasBody || status === undefined) {
      // Raw JSON on purpose: client-node's KubernetesObjectApi re-serializes known kinds
      // through its typed models, which drops keys such as
      // `x-kubernetes-preserve-unknown-fields` from a CRD's schema.
      const query = new URLSearchParams({ fieldManager, force: 'true' });
      if (options.dryRun) query.set('dryRun', 'All');
      const res = await kubeRequest(
        kc,
        'PATCH',
        `${await objectPath(kc, rest)}?${query}`,
        {
          body: rest,
          contentType: PatchStrategy.ServerSideApply,
        },
      );
      if (res.status >= 300) {
        let message = res.body;
        try {
          message = JSON.parse(res.body).message;
        } catch {
          // not a Status object
        }
        throw new Error(`apply ${describe(object)}: ${res.status} ${message}`);
      }
    }
    if (status !== undefined && !options.dryRun) {
      await applyStatus(kc, object, status, `${fieldManager}-status`);
    }
  }
}

/** Writes an object's status through its status subresource (server-side apply). @public */
export async function applyStatus(
  kc: KubeConfig,
  object: KubernetesObject,
  status: unknown,
  fieldManager = `${FIELD_MANAGER}-status`,
): Promise<void> {
  const apiPath = `${await objectPath(
    kc,
    object,
  )}/status?fieldManager=${fieldManager}&force=true`;
  const body = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata!.name,
      namespace: object.metadata!.namespace,
    },
    status,
  };
  const res = await kubeRequest(kc, 'PATCH', apiPath, {
    body,
    contentType: PatchStrategy.ServerSideApply,
  });
  if (res.status >= 300) {
    throw new Error(`status of ${describe(object)}: ${res.status} ${res.body}`);
  }
}

/** Applies CRDs and waits until the API server serves each of them. @public */
export async function installCrds(
  kc: KubeConfig,
  crds: KubernetesObject[],
  timeoutMs = 60_000,
): Promise<void> {
  await applyObjects(kc, crds);
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    const apiPath = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${
      crd.metadata!.name
    }`;
    for (;;) {
      const res = await kubeRequest(kc, 'GET', apiPath);
      const established =
        res.status === 200 &&
        (res.json().status?.conditions ?? []).some(
          (c: any) => c.type === 'Established' && c.status === 'True',
        );
      if (established && (await servesAllVersions(kc, crd))) break;
      if (Date.now() > deadline) {
        throw new Error(
          `CRD ${crd.metadata!.name} not Established after ${timeoutMs} ms`,
        );
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }
}

/** Established can precede discovery by a moment; clients resolve kinds through discovery. */
async function servesAllVersions(kc: KubeConfig, crd: any): Promise<boolean> {
  for (const version of crd.spec.versions.filter((v: any) => v.served)) {
    const res = await kubeRequest(
      kc,
      'GET',
      `/apis/${crd.spec.group}/${version.name}`,
    );
    if (res.status !== 200) return false;
    if (!res.json().resources.some((r: any) => r.kind === crd.spec.names.kind))
      return false;
  }
  return true;
}
