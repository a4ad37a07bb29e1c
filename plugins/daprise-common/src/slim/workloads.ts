import { parseImageReference } from '../images';
import type { WorkloadKindName } from '../kinds';
import { isSensitiveName, maskCredentials, SECRET_MASK } from '../sensitive';
import type {
  RawKubernetesObject,
  SlimContainer,
  SlimReplicas,
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

function slimContainer(raw: Record<string, unknown>): SlimContainer {
  const container: SlimContainer = defined({
    name: sharedStr(raw.name) ?? '',
    image: sharedStr(raw.image),
    ports: list(
      objs(raw.ports)
        .filter(p => num(p.containerPort) !== undefined)
        .map(p =>
          defined({
            name: sharedStr(p.name),
            containerPort: num(p.containerPort) as number,
            protocol: sharedStr(p.protocol),
          }),
        ),
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

function replicas(
  kind: WorkloadKindName,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
): SlimReplicas {
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
 * Slims a Deployment, DaemonSet or StatefulSet.
 * @public
 */
export function slimWorkload(
  kind: WorkloadKindName,
  raw: RawKubernetesObject,
): SlimWorkload {
  const spec = obj(raw.spec) ?? {};
  const status = obj(raw.status) ?? {};
  const template = obj(spec.template) ?? {};
  const templateMeta = obj(template.metadata) ?? {};
  const podSpec = obj(template.spec) ?? {};
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
    ports: list(
      objs(spec.ports)
        .filter(p => num(p.port) !== undefined)
        .map(p =>
          defined({
            name: sharedStr(p.name),
            port: num(p.port) as number,
            targetPort: num(p.targetPort) ?? sharedStr(p.targetPort),
            protocol: sharedStr(p.protocol),
            appProtocol: sharedStr(p.appProtocol),
          }),
        ),
    ),
  });
}
