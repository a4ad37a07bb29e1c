import { parseImageReference } from '../images';
import type { WorkloadKindName } from '../kinds';
import { isSensitiveName, maskCredentials, SECRET_MASK } from '../sensitive';
import type {
  RawKubernetesObject,
  SlimContainer,
  SlimReplicas,
  SlimNamespace,
  SlimService,
  SlimWorkload,
} from '../types';
import {
  arr,
  defined,
  list,
  num,
  obj,
  objs,
  shared,
  sharedStr,
  slimConditions,
  slimMeta,
  str,
  stringMap,
} from './read';
import type { Json } from './read';

/**
 * The pod template annotations the model reads. Everything else is dropped: `dapr.io/env`, for
 * one, can carry environment values.
 * @public
 */
export const DAPR_POD_ANNOTATIONS_KEPT: readonly string[] = [
  'dapr.io/enabled',
  'dapr.io/app-id',
  'dapr.io/app-port',
  'dapr.io/app-protocol',
  'dapr.io/config',
  'dapr.io/sidecar-image',
  'dapr.io/log-level',
  'dapr.io/enable-metrics',
  'dapr.io/enable-api-logging',
];

/**
 * Whether a container runs daprd: named `daprd` (Dapr Shared chart, injected sidecars) or running
 * a `daprd` image.
 * @public
 */
export function isDaprdContainer(container: {
  name: string;
  image?: string;
}): boolean {
  if (container.name === 'daprd') return true;
  return (
    container.image !== undefined &&
    parseImageReference(container.image).name === 'daprd'
  );
}

/** A flag as Go's flag package (and so daprd) reads it: `-name`, `--name`, `--name=value`. */
const FLAG = /^--?([A-Za-z0-9][\w.-]*)(=[\s\S]*)?$/;

/**
 * Masks the values of sensitive-looking flags so no secret passed on a command line is kept:
 * `--api-token=x`, and `--api-token x` where the value is the next argument whatever it looks
 * like (Go's flag package takes `--api-token -x` as the value `-x`). Every other argument is
 * masked when it carries a credential (see `maskCredentials`). After `--` no argument is a flag.
 * @public
 */
export function maskSensitiveArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  let flags = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const flag = flags ? FLAG.exec(arg) : null;
    if (arg === '--') flags = false;
    if (!flag) {
      out.push(maskCredentials(arg));
      continue;
    }
    const [, name, inline] = flag;
    const dashes = arg.slice(0, arg.indexOf(name));
    const sensitive = isSensitiveName(name);
    if (inline !== undefined) {
      // Only the value is masked, so that the model still reads the flag.
      const value = inline.slice(1);
      const kept =
        sensitive && value !== '' ? SECRET_MASK : maskCredentials(value);
      out.push(kept === value ? arg : `${dashes}${name}=${kept}`);
    } else if (!sensitive) {
      out.push(maskCredentials(arg));
    } else {
      out.push(arg);
      if (i + 1 < args.length) {
        out.push(SECRET_MASK);
        i++;
      }
    }
  }
  return out;
}

/** The entries of a ports list that have a port number under `numberKey`, each made slim. */
function numberedPorts<T>(
  raw: unknown,
  numberKey: string,
  slimPort: (port: Json, number: number) => T,
): T[] {
  return list(
    objs(raw).flatMap(port => {
      const number = num(port[numberKey]);
      return number === undefined ? [] : [slimPort(port, number)];
    }),
  );
}

function slimContainer(raw: Record<string, unknown>): SlimContainer {
  const container: SlimContainer = defined({
    name: sharedStr(raw.name) ?? '',
    image: sharedStr(raw.image),
    ports: numberedPorts(raw.ports, 'containerPort', (p, containerPort) =>
      defined({
        name: sharedStr(p.name),
        containerPort,
        protocol: sharedStr(p.protocol),
      }),
    ),
  });
  if (isDaprdContainer(container)) {
    // Read unshared, so that no unmasked value reaches the shared strings; then shared, as every
    // Dapr Shared instance of a fleet passes much the same flags.
    const args = [...arr(raw.command), ...arr(raw.args)].filter(
      (arg): arg is string => typeof arg === 'string',
    );
    container.args = list(maskSensitiveArgs(args).map(shared));
  }
  return container;
}

/**
 * Whether an annotation value is true the way Dapr reads it (`utils.IsTruthy`).
 * @public
 */
export function isTruthy(value: string | undefined): boolean {
  return (
    value !== undefined &&
    ['y', 'yes', 'true', 'on', '1'].includes(value.trim().toLowerCase())
  );
}

/**
 * What every Pod that is not a Dapr app of its own slims to: one frozen object shared by all,
 * so that a cluster's plain pods (and the pods of Deployments and Jobs, read through their
 * owners) cost the watch's map entry and nothing more. Annotations cannot be selected on by
 * the API server, so the pods are listed; this is how they are not kept.
 * @public
 */
export const SKIPPED_POD: SlimWorkload = Object.freeze({
  name: '',
  namespace: '',
  labels: Object.freeze({}) as Record<string, string>,
  kind: 'Pod' as const,
  skipped: true,
  podLabels: Object.freeze({}) as Record<string, string>,
  podAnnotations: Object.freeze({}) as Record<string, string>,
  containers: Object.freeze([]) as unknown as SlimContainer[],
  replicas: Object.freeze({ desired: 0, ready: 0, available: 0, updated: 0 }),
  conditions: Object.freeze([]) as unknown as SlimWorkload['conditions'],
});

function controllerKind(raw: RawKubernetesObject): string | undefined {
  const owners = objs(obj(raw.metadata)?.ownerReferences);
  const owner = owners.find(o => o.controller === true) ?? owners[0];
  return owner ? sharedStr(owner.kind) : undefined;
}

/** The pod template (metadata and spec) of each workload kind; a Pod is its own. */
function podTemplate(
  kind: WorkloadKindName,
  raw: RawKubernetesObject,
): { metadata: Record<string, unknown>; spec: Record<string, unknown> } {
  if (kind === 'Pod')
    return { metadata: obj(raw.metadata) ?? {}, spec: obj(raw.spec) ?? {} };
  const spec = obj(raw.spec) ?? {};
  const template =
    kind === 'CronJob'
      ? obj(obj(obj(spec.jobTemplate)?.spec)?.template) ?? {}
      : obj(spec.template) ?? {};
  return {
    metadata: obj(template.metadata) ?? {},
    spec: obj(template.spec) ?? {},
  };
}

function replicas(
  kind: WorkloadKindName,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
): SlimReplicas {
  if (kind === 'Pod') {
    // A pod that ran to completion is desired no more.
    const done = status.phase === 'Succeeded' || status.phase === 'Failed';
    const ready = slimConditions(status.conditions).some(
      c => c.type === 'Ready' && c.status === 'True',
    )
      ? 1
      : 0;
    return { desired: done ? 0 : 1, ready, available: ready, updated: 1 };
  }
  if (kind === 'Job') {
    // batch/v1 JobSpec: `parallelism` (default 1) pods run at once; `status.ready` counts the
    // ready ones (Kubernetes 1.29+), `status.active` the running ones.
    const finished = slimConditions(status.conditions).some(
      c =>
        (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
    const ready = num(status.ready) ?? 0;
    return {
      desired: finished ? 0 : num(spec.parallelism) ?? 1,
      ready,
      available: num(status.active) ?? 0,
      updated: ready,
    };
  }
  if (kind === 'CronJob') {
    // Between runs a CronJob has no pods: its active Jobs are what runs.
    const active = arr(status.active).length;
    return { desired: active, ready: active, available: active, updated: 0 };
  }
  if (kind === 'DaemonSet') {
    return {
      desired: num(status.desiredNumberScheduled) ?? 0,
      ready: num(status.numberReady) ?? 0,
      available: num(status.numberAvailable) ?? 0,
      updated: num(status.updatedNumberScheduled) ?? 0,
    };
  }
  return {
    // The API server defaults spec.replicas to 1; a missing value means 1, not 0.
    desired: num(spec.replicas) ?? 1,
    ready: num(status.readyReplicas) ?? 0,
    available: num(status.availableReplicas) ?? 0,
    updated: num(status.updatedReplicas) ?? 0,
  };
}

/**
 * Slims a Deployment, DaemonSet, StatefulSet, Job or CronJob (its job template), or a Pod. A
 * Pod some controller owns, or one without `dapr.io/enabled`, is `SKIPPED_POD`: its owner is
 * read instead, or it has nothing to do with Dapr.
 * @public
 */
export function slimWorkload(
  kind: WorkloadKindName,
  raw: RawKubernetesObject,
): SlimWorkload {
  const spec = obj(raw.spec) ?? {};
  const status = obj(raw.status) ?? {};
  const { metadata: templateMeta, spec: podSpec } = podTemplate(kind, raw);
  const owner = controllerKind(raw);
  if (
    kind === 'Pod' &&
    (owner !== undefined ||
      !isTruthy(str(obj(templateMeta.annotations)?.['dapr.io/enabled'])))
  )
    return SKIPPED_POD;
  // Not `stringMap`, which shares what it reads: dropped annotations must not reach the shared
  // strings either.
  const annotations = obj(templateMeta.annotations) ?? {};
  const podAnnotations: Record<string, string> = {};
  for (const key of DAPR_POD_ANNOTATIONS_KEPT) {
    const value = str(annotations[key]);
    if (value !== undefined) podAnnotations[key] = shared(value);
  }
  return defined({
    ...slimMeta(raw, true),
    namespace: sharedStr(obj(raw.metadata)?.namespace) ?? '',
    kind,
    podLabels: stringMap(templateMeta.labels),
    podAnnotations,
    serviceAccountName:
      sharedStr(podSpec.serviceAccountName) ??
      sharedStr(podSpec.serviceAccount),
    containers: list(objs(podSpec.containers).map(slimContainer)),
    replicas: replicas(kind, spec, status),
    ownerKind: kind === 'Job' ? owner : undefined,
    observedGeneration: num(status.observedGeneration),
    conditions: slimConditions(status.conditions),
  });
}

/**
 * Slims a Service.
 * @public
 */
export function slimService(raw: RawKubernetesObject): SlimService {
  const spec = obj(raw.spec) ?? {};
  return defined({
    ...slimMeta(raw, true),
    namespace: sharedStr(obj(raw.metadata)?.namespace) ?? '',
    kind: 'Service' as const,
    type: sharedStr(spec.type) ?? 'ClusterIP',
    selector: obj(spec.selector) ? stringMap(spec.selector) : undefined,
    clusterIP: sharedStr(spec.clusterIP),
    externalName: sharedStr(spec.externalName),
    ports: numberedPorts(spec.ports, 'port', (p, port) =>
      defined({
        name: sharedStr(p.name),
        port,
        targetPort: num(p.targetPort) ?? sharedStr(p.targetPort),
        protocol: sharedStr(p.protocol),
        appProtocol: sharedStr(p.appProtocol),
      }),
    ),
  });
}

/**
 * Slims a Namespace to its name and labels: nothing else of it is read.
 * @public
 */
export function slimNamespace(raw: RawKubernetesObject): SlimNamespace {
  const { name, labels } = slimMeta(raw, false);
  return { kind: 'Namespace', name, labels };
}
