import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import {
  describeObject,
  KubeObject,
  KubernetesConnection,
} from '@daprise/plugin-daprise-node';
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

const connections = new WeakMap<KubeConfig, KubernetesConnection>();

/**
 * The connection of a KubeConfig, made once and kept while the KubeConfig lives: its keep-alive
 * agent spares every request of a test or a benchmark seed a TLS handshake.
 * @public
 */
export function connectionOf(kc: KubeConfig): KubernetesConnection {
  let connection = connections.get(kc);
  if (!connection) {
    connection = new KubernetesConnection(kc);
    connections.set(kc, connection);
  }
  return connection;
}

/**
 * One HTTP request to the API server with the KubeConfig's credentials, through its
 * {@link connectionOf | connection}, answering whatever the status. Used where tests must see
 * the exact status code, or for /readyz and /metrics.
 * @public
 */
export async function kubeRequest(
  kc: KubeConfig,
  method: string,
  apiPath: string,
  options: { body?: unknown; contentType?: string; timeoutMs?: number } = {},
): Promise<KubeResponse> {
  const res = await connectionOf(kc).request(method, apiPath, {
    ...options,
    accept: '*/*',
  });
  const body = res.body.toString('utf8');
  return { status: res.statusCode, body, json: () => JSON.parse(body) };
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
  const connection = connectionOf(kc);
  for (const object of objects) {
    const { status, ...rest } = object as KubernetesObject & {
      status?: unknown;
    };
    const hasBody = Object.keys(rest).some(
      k => !['apiVersion', 'kind', 'metadata'].includes(k),
    );
    if (hasBody || status === undefined) {
      try {
        await connection.apply(rest as KubeObject, {
          fieldManager,
          dryRun: options.dryRun,
        });
      } catch (e: any) {
        throw new Error(`apply ${describeObject(object)}: ${e.message}`, {
          cause: e,
        });
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
  const body = {
    apiVersion: object.apiVersion!,
    kind: object.kind!,
    metadata: {
      name: object.metadata!.name,
      namespace: object.metadata!.namespace,
    },
    status,
  };
  try {
    await connectionOf(kc).apply(body, { fieldManager, subresource: 'status' });
  } catch (e: any) {
    throw new Error(`status of ${describeObject(object)}: ${e.message}`, {
      cause: e,
    });
  }
}

/** Applies CRDs and waits until the API server serves each of them. @public */
export async function installCrds(
  kc: KubeConfig,
  crds: KubernetesObject[],
  timeoutMs = 60_000,
): Promise<void> {
  await applyObjects(kc, crds);
  // Kinds the connection looked up before they were installed would stay unknown.
  connectionOf(kc).forgetDiscovery();
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
