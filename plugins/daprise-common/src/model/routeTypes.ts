// The types of the route analysis: how each HTTPRoute reaches an app, through which parents
// and hops. Types only, so that the analysis' modules (routes, parents, hops) and the app index
// can all name them without importing one another.
import type { RouteKindName } from '../kinds';
import type {
  ConditionStatus,
  ObjectRef,
  SlimCondition,
  SlimParentRef,
} from '../types';
import type { InvokeTarget } from './invoke';

/**
 * How a route reaches an app:
 * - `via-dapr`: to another app's daprd (e.g. the gateway's Dapr Shared), which invokes the app;
 * - `direct-dapr`: to the app's own daprd;
 * - `bypass`: to the app's own Service, skipping Dapr (no mTLS, resiliency or access control).
 * @public
 */
export type RouteMode = 'via-dapr' | 'direct-dapr' | 'bypass';

/**
 * An app-id in a namespace.
 * @public
 */
export interface AppRef {
  appId: string;
  namespace: string;
}

/**
 * The backendRef a route view follows.
 * @public
 */
export interface RouteBackendView {
  name: string;
  namespace: string;
  port?: number;
  serviceFound: boolean;
  crossNamespace: boolean;
  /** Cross-namespace refs need a ReferenceGrant in the Service's namespace. */
  permitted: boolean;
  referenceGrant?: string;
  /**
   * The BackendTLSPolicy targeting the Service (Gateway API v1: the Gateway then speaks TLS to
   * it and checks its certificate for `hostname`).
   */
  backendTLSPolicy?: { ref: ObjectRef; hostname: string };
}

/**
 * One way a route reaches one app: a (rule, backendRef) pair of the route that leads to the
 * app, with its parents, mode and hops.
 * @public
 */
export interface RouteView {
  /** `Kind namespace/name#rule.backendRef`, unique per cluster (`namespace/name#...` for HTTPRoutes). */
  id: string;
  kind: RouteKindName;
  ref: ObjectRef;
  name: string;
  namespace: string;
  ruleIndex: number;
  backendRefIndex: number;
  hostnames: string[];
  matches: Array<{
    path: { type: string; value: string };
    method?: string;
    headers: string[];
    /** GRPCRoute: the method match (`path` holds the `:path` it matches). */
    grpcMethod?: { type: string; service?: string; method?: string };
  }>;
  parents: RouteParentView[];
  mode: RouteMode;
  target: AppRef;
  via?: AppRef;
  invoke?: InvokeTarget;
  backend: RouteBackendView;
  hops: RouteHop[];
}

/**
 * One parent of a route, resolved.
 * @public
 */
export interface RouteParentView {
  /** The parentRef with its namespace resolved (default: the route's namespace). */
  parentRef: SlimParentRef & { namespace: string };
  /** The Gateway, when the parent is a Gateway (or a ListenerSet of one) that exists. */
  gateway?: ObjectRef;
  /** The ListenerSet, when the parent is one that exists: the chain is route → ListenerSet → Gateway. */
  listenerSet?: ObjectRef;
  found: boolean;
  gatewayClassName?: string;
  /** The GatewayClass's controller, e.g. `io.cilium/gateway-controller`. */
  controllerName?: string;
  /** Whether a listener admits routes from the route's namespace; undefined when unknowable. */
  allowsRouteNamespace?: boolean;
  /** Whether the parent's controller wrote status for this parent. */
  statusReported: boolean;
  accepted: ConditionStatus;
  resolvedRefs: ConditionStatus;
  /** The Gateway's own `Programmed` condition. */
  programmed: ConditionStatus;
  conditions: SlimCondition[];
}

/**
 * Health of one hop of a route.
 * @public
 */
export type HopStatus = 'ok' | 'warning' | 'error' | 'unknown';

/**
 * One hop on the way from a Gateway to an app.
 * @public
 */
export interface RouteHop {
  role: 'gateway' | 'via-dapr' | 'target-dapr' | 'app-service' | 'app';
  label: string;
  ref?: ObjectRef;
  status: HopStatus;
  /** Short, human-readable reason for the status. */
  reason: string;
  /** The BackendTLSPolicy securing the connection into this hop. */
  backendTLSPolicy?: ObjectRef;
  /** Connections into this hop that Cilium's policies block (then `status` is `error`). */
  blocked?: HopBlock[];
}

/**
 * A connection into a route hop that the Cilium policies selecting its ends do not allow: the
 * destination's ingress (default deny once a policy governs it, a deny rule, or the L7 rules of
 * the gateway hop) or the source's egress.
 * @public
 */
export interface HopBlock {
  /** Which connection of the chain, e.g. `gateway daprd → app daprd`. */
  hop: string;
  /** The source, e.g. `the Gateway` or `daprd of gateway (Deployment infra/gateway-dapr)`. */
  from: string;
  /** The destination, e.g. `daprd of orders (DaemonSet shop/orders-dapr-shared-chart)`. */
  to: string;
  /** The source's workload (none for the Gateway). */
  fromRef?: ObjectRef;
  /** The destination's workload. */
  toRef?: ObjectRef;
  /** The destination pod port. */
  port: number;
  /** Which end's policies block it: the destination's ingress or the source's egress. */
  direction: 'ingress' | 'egress';
  /**
   * Why: default deny (a policy governs that end and no rule allows it), a deny rule, or an
   * allowing rule whose L7 HTTP rules do not admit the request.
   */
  reason: 'default-deny' | 'deny-rule' | 'l7';
  /** The policies that would have to allow it (or that deny it). */
  policies: ObjectRef[];
}
