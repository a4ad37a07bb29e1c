import type { RouteKindName } from '../kinds';
import type { ObjectRef, SlimRoute } from '../types';
import { blockedHops, describeHopBlock } from './hopChain';
import { DAPR_APP_ID_HEADER, DAPR_INVOKE_PREFIX } from './invoke';
import type {
  AppRef,
  HopStatus,
  RouteBackendView,
  RouteHop,
  RouteParentView,
  RouteView,
} from './routeTypes';
import type { AppMembers, GroupedCluster } from './snapshotTypes';

function worst(statuses: HopStatus[]): HopStatus {
  for (const status of ['error', 'warning', 'unknown', 'ok'] as const) {
    if (statuses.includes(status)) return status;
  }
  return 'unknown';
}

function gatewayHop(
  cluster: GroupedCluster,
  route: SlimRoute,
  parents: RouteParentView[],
): RouteHop {
  const rendered = cluster.source === 'rendered';
  if (parents.length === 0) {
    return {
      role: 'gateway',
      label: 'no parent',
      status: 'error',
      reason: 'The route has no parentRefs, so no Gateway serves it',
    };
  }
  const label = parents
    .map(p => {
      const parent = `${p.parentRef.kind} ${p.parentRef.namespace}/${p.parentRef.name}`;
      return p.listenerSet && p.gateway
        ? `${parent} → Gateway ${p.gateway.namespace}/${p.gateway.name}`
        : parent;
    })
    .join(', ');
  const problems: Array<{ status: HopStatus; reason: string }> = [];
  for (const parent of parents) {
    const name = `${parent.parentRef.namespace}/${parent.parentRef.name}`;
    if (
      parent.parentRef.kind !== 'Gateway' &&
      parent.parentRef.kind !== 'ListenerSet'
    ) {
      problems.push({
        status: 'unknown',
        reason: `Parent ${parent.parentRef.kind} ${name} is not a Gateway or ListenerSet; not analysed`,
      });
      continue;
    }
    if (parent.parentRef.kind === 'ListenerSet' && !parent.listenerSet) {
      problems.push(
        rendered
          ? {
              status: 'unknown',
              reason: `ListenerSet ${name} is not part of the render`,
            }
          : { status: 'error', reason: `ListenerSet ${name} not found` },
      );
      continue;
    }
    if (!parent.found && parent.listenerSet) {
      problems.push({
        status: rendered ? 'unknown' : 'error',
        reason: `The Gateway of ListenerSet ${name} is not ${
          rendered ? 'part of the render' : 'found'
        }`,
      });
      continue;
    }
    if (!parent.found) {
      problems.push(
        rendered
          ? {
              status: 'unknown',
              reason: `Gateway ${name} is not part of the render`,
            }
          : { status: 'error', reason: `Gateway ${name} not found` },
      );
      continue;
    }
    if (parent.allowsRouteNamespace === false) {
      problems.push({
        status: 'error',
        reason: `No listener of Gateway ${name} admits routes from namespace ${route.namespace}`,
      });
    }
    const accepted = parent.conditions.find(c => c.type === 'Accepted');
    if (parent.accepted === 'False') {
      problems.push({
        status: 'error',
        reason: `Not accepted by ${name}: ${accepted?.reason ?? ''} ${
          accepted?.message ?? ''
        }`.trim(),
      });
    }
    const resolved = parent.conditions.find(c => c.type === 'ResolvedRefs');
    if (parent.resolvedRefs === 'False') {
      problems.push({
        status: 'error',
        reason: `Refs not resolved: ${resolved?.reason ?? ''} ${
          resolved?.message ?? ''
        }`.trim(),
      });
    }
    if (!rendered && parent.programmed === 'False') {
      problems.push({
        status: 'error',
        reason: `Gateway ${name} is not programmed`,
      });
    } else if (!rendered && parent.programmed === 'Unknown') {
      problems.push({
        status: 'warning',
        reason: `Gateway ${name} has not reported Programmed`,
      });
    }
  }
  if (!rendered && !parents.some(p => p.statusReported)) {
    problems.push({
      status: 'warning',
      reason: 'No controller has reported status for this route yet',
    });
  }
  if (problems.length > 0) {
    const status = worst(problems.map(p => p.status));
    return {
      role: 'gateway',
      label,
      status,
      reason: problems
        .filter(p => p.status === status)
        .map(p => p.reason)
        .join('; '),
    };
  }
  if (rendered)
    return {
      role: 'gateway',
      label,
      status: 'unknown',
      reason: 'Not applied yet',
    };
  const controllers = [
    ...new Set(parents.map(p => p.controllerName).filter(Boolean)),
  ].join(', ');
  return {
    role: 'gateway',
    label,
    status: 'ok',
    reason: controllers ? `Accepted; served by ${controllers}` : 'Accepted',
  };
}

function readiness(
  cluster: GroupedCluster,
  desired: number,
  ready: number,
): { status: HopStatus; reason: string } {
  if (cluster.source === 'rendered')
    return { status: 'unknown', reason: 'Not applied yet' };
  if (desired === 0)
    return { status: 'warning', reason: 'No pods desired or scheduled' };
  if (ready === 0)
    return { status: 'error', reason: `0/${desired} pods ready` };
  if (ready < desired)
    return { status: 'warning', reason: `${ready}/${desired} pods ready` };
  return { status: 'ok', reason: `${ready}/${desired} pods ready` };
}

function daprdSummary(members: AppMembers | undefined) {
  const instances = members?.daprShared ?? [];
  const sidecars = members?.sidecars ?? [];
  return {
    present: instances.length + sidecars.length > 0,
    desired: [...instances, ...sidecars].reduce((n, i) => n + i.desired, 0),
    ready: [...instances, ...sidecars].reduce((n, i) => n + i.ready, 0),
    ref: instances[0]?.ref ?? sidecars[0]?.ref,
    kind: instances.length > 0 ? 'Dapr Shared' : 'sidecar',
    mtls:
      instances.length > 0 && sidecars.length === 0
        ? instances.map(i => i.mtls)
        : undefined,
  };
}

function backendProblems(
  cluster: GroupedCluster,
  backend: RouteBackendView,
  route: SlimRoute,
): Array<{ status: HopStatus; reason: string }> {
  const problems: Array<{ status: HopStatus; reason: string }> = [];
  if (!backend.permitted) {
    problems.push({
      status: 'error',
      reason: `No ReferenceGrant in namespace ${backend.namespace} lets ${route.kind}s from ${route.namespace} reference Service ${backend.name}`,
    });
  }
  if (!backend.serviceFound) {
    problems.push(
      cluster.source === 'rendered'
        ? {
            status: 'unknown',
            reason: `Service ${backend.namespace}/${backend.name} is not part of the render`,
          }
        : {
            status: 'error',
            reason: `Service ${backend.namespace}/${backend.name} not found`,
          },
    );
  }
  return problems;
}

function daprPortProblem(
  backend: RouteBackendView,
  kind: RouteKindName,
): { status: HopStatus; reason: string } | undefined {
  if (backend.port === undefined) return undefined;
  // 50001 is daprd's gRPC API (Dapr Shared chart and the operator's `<app-id>-dapr` Service
  // alike); gRPC service invocation goes through it with the `dapr-app-id` metadata.
  if (kind === 'GRPCRoute') {
    return backend.port === 50001
      ? undefined
      : {
          status: 'warning',
          reason: `Port ${backend.port} is not daprd's gRPC API port (50001)`,
        };
  }
  // 3500 is daprd's HTTP API on a Dapr Shared Service; 80 maps to it on the operator's sidecar Service.
  if (kind === 'HTTPRoute' && backend.port !== 3500 && backend.port !== 80) {
    return {
      status: 'warning',
      reason: `Port ${backend.port} is not daprd's HTTP API port (3500)`,
    };
  }
  return undefined;
}

/** The hop the backendRef enters, with the BackendTLSPolicy securing that connection. */
function withBackendTLS(
  entered: RouteHop,
  backend: RouteBackendView,
): RouteHop {
  const policy = backend.backendTLSPolicy;
  if (!policy) return entered;
  return {
    ...entered,
    backendTLSPolicy: policy.ref,
    reason: `${entered.reason}; TLS from the Gateway checked for ${policy.hostname} (BackendTLSPolicy ${policy.ref.name})`,
  };
}

function hop(
  role: RouteHop['role'],
  label: string,
  ref: ObjectRef | undefined,
  problems: Array<{ status: HopStatus; reason: string }>,
  fallback: { status: HopStatus; reason: string },
): RouteHop {
  const out: RouteHop = {
    role,
    label,
    status: fallback.status,
    reason: fallback.reason,
  };
  if (ref) out.ref = ref;
  if (problems.length > 0) {
    const status = worst([...problems.map(p => p.status), fallback.status]);
    const reasons = problems
      .filter(p => p.status === status)
      .map(p => p.reason);
    out.status = status;
    out.reason = reasons.length > 0 ? reasons.join('; ') : fallback.reason;
  }
  return out;
}

function appHop(
  cluster: GroupedCluster,
  members: AppMembers | undefined,
): RouteHop {
  const workloads = members?.appWorkloads ?? [];
  if (workloads.length === 0) {
    return {
      role: 'app',
      label: 'app',
      status: 'unknown',
      reason: 'App workload not identified from the app channel address',
    };
  }
  const desired = workloads.reduce((n, w) => n + w.desired, 0);
  const ready = workloads.reduce((n, w) => n + w.ready, 0);
  const { status, reason } = readiness(cluster, desired, ready);
  const label = workloads
    .map(w => `${w.ref.kind} ${w.ref.namespace}/${w.ref.name}`)
    .join(', ');
  return { role: 'app', label, ref: workloads[0].ref, status, reason };
}

function missingDaprd(
  cluster: GroupedCluster,
  app: AppRef,
): { status: HopStatus; reason: string } {
  return cluster.source === 'rendered'
    ? {
        status: 'unknown',
        reason: `App-id ${app.appId} in ${app.namespace} is not part of the render`,
      }
    : {
        status: 'error',
        reason: `No Dapr Shared instance or sidecar with app-id ${app.appId} in namespace ${app.namespace}`,
      };
}

/**
 * The hop of the target app's own daprd: its readiness, or that it is missing, worsened by
 * `problems` found on the way to it.
 */
function targetDaprHop(
  cluster: GroupedCluster,
  app: AppRef,
  daprd: ReturnType<typeof daprdSummary>,
  problems: Array<{ status: HopStatus; reason: string }>,
): RouteHop {
  const fallback = daprd.present
    ? readiness(cluster, daprd.desired, daprd.ready)
    : missingDaprd(cluster, app);
  return hop(
    'target-dapr',
    `${daprd.present ? daprd.kind : 'daprd'} ${app.appId} (${app.namespace})`,
    daprd.ref,
    daprd.present ? problems : [...problems, fallback],
    fallback,
  );
}

/**
 * The hops of a route view, from the Gateway to the app, each with a status and a reason; a hop
 * whose connection Cilium's policies block is an error naming the hop, port and policies
 * (./hopChain). Objects outside a render are `unknown`, never errors.
 * @public
 */
export function buildHops(
  cluster: GroupedCluster,
  route: SlimRoute,
  view: Omit<RouteView, 'hops'>,
): RouteHop[] {
  const hops = objectHops(cluster, route, view);
  for (const { role, ...block } of blockedHops(cluster, view)) {
    const entered = hops.find(h => h.role === role);
    if (!entered) continue;
    const said = describeHopBlock(block);
    const reason = `${said[0].toUpperCase()}${said.slice(1)}`;
    entered.reason =
      entered.status === 'error' ? `${entered.reason}; ${reason}` : reason;
    entered.status = 'error';
    (entered.blocked ??= []).push(block);
  }
  return hops;
}

/** The hops from the objects' own state: parents, Services, readiness, mTLS. */
function objectHops(
  cluster: GroupedCluster,
  route: SlimRoute,
  view: Omit<RouteView, 'hops'>,
): RouteHop[] {
  const hops: RouteHop[] = [gatewayHop(cluster, route, view.parents)];
  const targetMembers = cluster.apps.get(
    `${view.target.namespace}/${view.target.appId}`,
  );
  const target = daprdSummary(targetMembers);

  if (view.mode === 'bypass') {
    const problems = backendProblems(cluster, view.backend, route);
    hops.push(
      withBackendTLS(
        hop(
          'app-service',
          `Service ${view.backend.namespace}/${view.backend.name}`,
          undefined,
          problems,
          {
            status: 'warning',
            reason: `Goes straight to the app's Service, bypassing the daprd (${
              target.present ? target.kind : 'Dapr'
            }) of ${view.target.appId}: no mTLS, resiliency or access control`,
          },
        ),
        view.backend,
      ),
    );
    hops.push(appHop(cluster, targetMembers));
    return hops;
  }

  if (view.mode === 'via-dapr' && view.via) {
    const via = daprdSummary(
      cluster.apps.get(`${view.via.namespace}/${view.via.appId}`),
    );
    const problems = backendProblems(cluster, view.backend, route);
    const portProblem = daprPortProblem(view.backend, route.kind);
    if (portProblem) problems.push(portProblem);
    if (!via.present) problems.push(missingDaprd(cluster, view.via));
    const fallback = via.present
      ? readiness(cluster, via.desired, via.ready)
      : missingDaprd(cluster, view.via);
    hops.push(
      withBackendTLS(
        hop(
          'via-dapr',
          `${via.present ? via.kind : 'daprd'} ${view.via.appId} (${
            view.via.namespace
          })`,
          via.ref,
          problems,
          {
            status: fallback.status,
            reason:
              fallback.status === 'ok'
                ? `Invokes ${view.target.appId} by ${
                    view.invoke?.by ?? 'rewrite'
                  }; ${fallback.reason}`
                : fallback.reason,
          },
        ),
        view.backend,
      ),
    );
    const targetProblems: Array<{ status: HopStatus; reason: string }> = [];
    if (target.present && via.mtls && target.mtls) {
      const viaMtls = via.mtls.some(Boolean);
      const targetMtls = target.mtls.some(Boolean);
      if (viaMtls !== targetMtls) {
        targetProblems.push({
          status: 'error',
          reason: `mTLS is ${viaMtls ? 'on' : 'off'} for ${
            view.via.appId
          } but ${targetMtls ? 'on' : 'off'} for ${
            view.target.appId
          }: daprd-to-daprd calls fail`,
        });
      }
    }
    hops.push(targetDaprHop(cluster, view.target, target, targetProblems));
    hops.push(appHop(cluster, targetMembers));
    return hops;
  }

  // direct-dapr: the backend is the target's own daprd.
  const problems = backendProblems(cluster, view.backend, route);
  const portProblem = daprPortProblem(view.backend, route.kind);
  if (portProblem) problems.push(portProblem);
  if (!view.invoke) {
    problems.push({
      status: 'warning',
      reason: `The Gateway reaches the whole Dapr API of ${
        view.target.appId
      } (state, secrets, publish), not only service invocation; ${
        route.kind === 'GRPCRoute'
          ? `set the ${DAPR_APP_ID_HEADER} metadata to ${view.target.appId} with a RequestHeaderModifier`
          : `rewrite to ${DAPR_INVOKE_PREFIX}${view.target.appId}/method`
      }`,
    });
  }
  hops.push(
    withBackendTLS(
      targetDaprHop(cluster, view.target, target, problems),
      view.backend,
    ),
  );
  hops.push(appHop(cluster, targetMembers));
  return hops;
}
