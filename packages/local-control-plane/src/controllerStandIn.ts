import { KubeConfig } from '@kubernetes/client-node';
import {
  KubernetesConnection,
  KubernetesError,
} from '@daprise/plugin-daprise-node';

/** A kind the stand-in watches. @public */
export interface WatchedKind {
  apiVersion: string;
  kind: string;
}

/**
 * A stand-in for the controllers of a real cluster, which a bare API server lacks: whenever an
 * object of a watched kind is added or changed, it writes to it at once, as the Deployment,
 * DaemonSet, Gateway API and Cilium controllers write status, so the object's resourceVersion
 * moves on within milliseconds of every write by anyone else.
 * @public
 */
export interface ControllerStandIn {
  /** Its field manager, as it shows in the objects' managed fields. */
  readonly fieldManager: string;
  /** How often it wrote each object, by `Kind namespace/name`. */
  readonly writes: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

/** The status a controller of the kind would write, or undefined: then an annotation. */
function statusFor(
  kind: string,
  object: any,
  seen: number,
): Record<string, unknown> | undefined {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const generation = object.metadata.generation ?? 1;
  const condition = {
    type: 'Ready',
    status: 'True',
    reason: 'StandIn',
    message: `seen ${seen} time(s)`,
    lastTransitionTime: now,
  };
  switch (kind) {
    case 'Deployment':
      return {
        observedGeneration: generation,
        conditions: [{ ...condition, lastUpdateTime: now }],
      };
    case 'DaemonSet':
      return {
        observedGeneration: generation,
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0,
        conditions: [condition],
      };
    case 'HTTPRoute':
      return {
        parents: (object.spec?.parentRefs ?? []).map((parentRef: any) => ({
          parentRef,
          controllerName: 'io.cilium/gateway-controller',
          conditions: [
            {
              ...condition,
              type: 'Accepted',
              reason: 'Accepted',
              observedGeneration: generation,
            },
          ],
        })),
      };
    default:
      return undefined;
  }
}

/**
 * Starts a {@link ControllerStandIn} on the given kinds in the given namespaces; resolves once
 * its watches are open. Status goes through the status subresource for the kinds whose
 * controllers write one (Deployment, DaemonSet, HTTPRoute); other kinds get an annotation.
 * @public
 */
export async function startControllerStandIn(
  kc: KubeConfig,
  options: { namespaces: string[]; kinds: WatchedKind[] },
): Promise<ControllerStandIn> {
  // Its own connection: its watches come and go with it.
  const client = new KubernetesConnection(kc);
  const fieldManager = 'controller-stand-in';
  const writes = new Map<string, number>();
  // The resourceVersion of the stand-in's own last write per object: its own writes are events
  // too, and a controller does not react to them.
  const own = new Map<string, string>();
  const abort = new AbortController();
  const watches: Promise<void>[] = [];
  const opened: Promise<void>[] = [];

  const react = async (kind: WatchedKind, object: any) => {
    const key = `${kind.kind} ${object.metadata.namespace}/${object.metadata.name}`;
    const uidKey = object.metadata.uid;
    if (own.get(uidKey) === object.metadata.resourceVersion) return;
    const seen = (writes.get(key) ?? 0) + 1;
    const ref = {
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      name: object.metadata.name,
      namespace: object.metadata.namespace,
    };
    const status = statusFor(kind.kind, object, seen);
    try {
      const path = await client.pathOf(ref);
      const written = status
        ? await client.requestJson('PATCH', `${path}/status`, {
            query: { fieldManager },
            body: { status },
            contentType: 'application/merge-patch+json',
          })
        : await client.patch(
            ref,
            {
              metadata: {
                annotations: { 'stand-in.daprise.io/seen': String(seen) },
              },
            },
            { type: 'merge', fieldManager },
          );
      own.set(uidKey, written.metadata.resourceVersion);
      writes.set(key, seen);
    } catch (e) {
      // Gone meanwhile (a rollback deleted it): nothing to write.
      if (!(e instanceof KubernetesError && e.statusCode === 404)) throw e;
    }
  };

  for (const namespace of options.namespaces) {
    for (const kind of options.kinds) {
      const path = await client.pathOf({ ...kind, namespace });
      let open!: () => void;
      opened.push(new Promise<void>(resolve => (open = resolve)));
      // One object at a time, in event order, as a controller's work queue does.
      let queue = Promise.resolve();
      watches.push(
        client
          .watch(
            path,
            { signal: abort.signal, onOpen: () => open(), timeoutSeconds: 600 },
            (type, object) => {
              if (type !== 'ADDED' && type !== 'MODIFIED') return;
              queue = queue.then(() => react(kind, object)).catch(() => {});
            },
          )
          .catch(() => {}),
      );
    }
  }
  await Promise.all(opened);
  return {
    fieldManager,
    writes,
    stop: async () => {
      abort.abort();
      await Promise.all(watches);
      client.close();
    },
  };
}
