import type { KindName, RouteKindName, WorkloadKindName } from './kinds';

/**
 * Identifies one Kubernetes object in the fleet.
 * @public
 */
export interface ObjectRef {
  cluster: string;
  kind: KindName;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  name: string;
}

/**
 * Status of a Kubernetes condition.
 * @public
 */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/**
 * A status condition (metav1.Condition and its older look-alikes).
 * @public
 */
export interface SlimCondition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

/**
 * A label selector requirement (metav1.LabelSelectorRequirement).
 * @public
 */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/**
 * A label selector (metav1.LabelSelector). An empty selector selects everything in scope.
 * @public
 */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/**
 * Metadata every slim object keeps. Annotations are deliberately not kept: they may carry
 * anything, including `kubectl.kubernetes.io/last-applied-configuration` with secret values.
 * @public
 */
export interface SlimMeta {
  name: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels: Record<string, string>;
}

/**
 * A container port.
 * @public
 */
export interface SlimContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/**
 * A container of a workload's pod template. `args` are kept only for daprd containers (the
 * model parses them) and hold `command` followed by `args`, with sensitive-looking flag values
 * masked. Environment variables are never kept.
 * @public
 */
export interface SlimContainer {
  name: string;
  image?: string;
  args?: string[];
  ports: SlimContainerPort[];
}

/**
 * Replica counts of a workload, normalised across kinds (for a DaemonSet `desired` is
 * `desiredNumberScheduled`, `ready` is `numberReady`, and so on).
 * @public
 */
export interface SlimReplicas {
  desired: number;
  ready: number;
  available: number;
  updated: number;
}

/**
 * A Deployment, DaemonSet, StatefulSet, Job, CronJob (its job template's pods) or a Pod no
 * controller owns.
 * @public
 */
export interface SlimWorkload extends SlimMeta {
  kind: WorkloadKindName;
  namespace: string;
  /**
   * True for the one shared placeholder every Pod that is not a Dapr app of its own slims to
   * (owned by a controller, or without `dapr.io/enabled`): the model skips it.
   */
  skipped?: boolean;
  /** The kind of the controller owning a Job (`CronJob`): its pods are the owner's. */
  ownerKind?: string;
  /** Labels of the pod template: what Services and network policies select. */
  podLabels: Record<string, string>;
  /** Only the pod template annotations the model reads (`dapr.io/...` keys listed in `DAPR_POD_ANNOTATIONS_KEPT`). */
  podAnnotations: Record<string, string>;
  serviceAccountName?: string;
  containers: SlimContainer[];
  replicas: SlimReplicas;
  observedGeneration?: number;
  conditions: SlimCondition[];
}

/**
 * A Service port.
 * @public
 */
export interface SlimServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

/**
 * A Service.
 * @public
 */
export interface SlimService extends SlimMeta {
  kind: 'Service';
  namespace: string;
  type: string;
  /** Absent for Services without a selector (e.g. ExternalName or manually managed endpoints). */
  selector?: Record<string, string>;
  clusterIP?: string;
  externalName?: string;
  ports: SlimServicePort[];
}

/**
 * One name/value entry of a Dapr Component or HTTPEndpoint. `value` is the literal value as a
 * string, replaced by `SECRET_MASK` when it looks sensitive.
 * @public
 */
export interface SlimMetadataItem {
  name: string;
  value?: string;
  /** True when `value` was replaced by `SECRET_MASK`. */
  masked?: boolean;
  secretKeyRef?: { name: string; key?: string };
  envRef?: string;
}

/**
 * A Dapr Component (dapr.io/v1alpha1).
 * @public
 */
export interface SlimComponent extends SlimMeta {
  kind: 'Component';
  namespace: string;
  /** E.g. `state.redis`. */
  type: string;
  version: string;
  metadata: SlimMetadataItem[];
  /** App-ids allowed to load the component; empty means every app-id in the namespace. */
  scopes: string[];
  secretStore?: string;
  initTimeout?: string;
  ignoreErrors?: boolean;
  /** Names of metadata entries holding a literal value that looks like a secret (now masked). */
  plaintextSecretLike: string[];
}

/**
 * A Dapr Configuration (dapr.io/v1alpha1): only the settings Daprise shows or judges.
 * @public
 */
export interface SlimConfiguration extends SlimMeta {
  kind: 'Configuration';
  namespace: string;
  mtls?: {
    enabled: boolean;
    workloadCertTTL?: string;
    allowedClockSkew?: string;
  };
  tracing?: {
    samplingRate?: string;
    exporters: Array<'zipkin' | 'otel' | 'stdout'>;
  };
  metricsEnabled?: boolean;
  features: Array<{ name: string; enabled: boolean }>;
  accessControl?: {
    defaultAction?: string;
    trustDomain?: string;
    policies: Array<{
      appId: string;
      namespace?: string;
      defaultAction?: string;
      trustDomain?: string;
    }>;
  };
  apiLoggingEnabled?: boolean;
}

/**
 * A Dapr Resiliency (dapr.io/v1alpha1).
 * @public
 */
export interface SlimResiliency extends SlimMeta {
  kind: 'Resiliency';
  namespace: string;
  scopes: string[];
  policies: {
    timeouts: string[];
    retries: string[];
    circuitBreakers: string[];
  };
  targets: { apps: string[]; actors: string[]; components: string[] };
}

/**
 * A Dapr Subscription (read at dapr.io/v2alpha1; a v1alpha1 `route` becomes `routes.default`).
 * @public
 */
export interface SlimSubscription extends SlimMeta {
  kind: 'Subscription';
  namespace: string;
  pubsubname: string;
  topic: string;
  routes: { default?: string; rules: Array<{ match: string; path: string }> };
  deadLetterTopic?: string;
  bulkSubscribe?: boolean;
  scopes: string[];
}

/**
 * A Dapr HTTPEndpoint (dapr.io/v1alpha1). Credentials in `baseUrl` are removed, header values
 * are masked like component metadata, and client TLS material is reduced to presence flags.
 * @public
 */
export interface SlimHTTPEndpoint extends SlimMeta {
  kind: 'HTTPEndpoint';
  namespace: string;
  baseUrl: string;
  headers: SlimMetadataItem[];
  secretStore?: string;
  clientTLS: { rootCA: boolean; certificate: boolean; privateKey: boolean };
  scopes: string[];
  plaintextSecretLike: string[];
}

/**
 * A GatewayClass.
 * @public
 */
export interface SlimGatewayClass extends SlimMeta {
  kind: 'GatewayClass';
  controllerName: string;
  description?: string;
  /** Status of the `Accepted` condition; `Unknown` when the controller has not reported it. */
  accepted: ConditionStatus;
  conditions: SlimCondition[];
  /** Gateway API features the implementation reports (`status.supportedFeatures`). */
  supportedFeatures: string[];
}

/**
 * A Gateway listener.
 * @public
 */
export interface SlimListener {
  name: string;
  port: number;
  protocol: string;
  hostname?: string;
  /** Which namespaces may attach routes (Gateway API default: `Same`). */
  allowedRoutesFrom: 'All' | 'Same' | 'Selector';
  allowedRoutesSelector?: LabelSelector;
  /** `allowedRoutes.kinds` when set (group defaulted); absent means the protocol's kinds. */
  allowedRoutesKinds?: Array<{ group: string; kind: string }>;
  tlsMode?: string;
}

/**
 * A Gateway.
 * @public
 */
export interface SlimGateway extends SlimMeta {
  kind: 'Gateway';
  namespace: string;
  gatewayClassName: string;
  listeners: SlimListener[];
  /** Addresses from status (what the Gateway got), else the requested spec addresses. */
  addresses: Array<{ type?: string; value: string }>;
  conditions: SlimCondition[];
  listenerStatus: Array<{
    name: string;
    attachedRoutes: number;
    conditions: SlimCondition[];
  }>;
}

/**
 * A parentRef of a route, with Gateway API defaults applied (group, kind). `namespace` stays
 * absent when the route omitted it (it then means the route's namespace).
 * @public
 */
export interface SlimParentRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  sectionName?: string;
  port?: number;
}

/**
 * A backendRef (also used by RequestMirror), with Gateway API defaults applied (group `''`,
 * kind `Service`).
 * @public
 */
export interface SlimBackendRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
}

/**
 * An HTTP header name and value. Values of sensitive-looking headers (Authorization, API
 * keys, cookies) are masked.
 * @public
 */
export interface SlimHeader {
  name: string;
  value: string;
}

/**
 * A path modifier of URLRewrite or RequestRedirect.
 * @public
 */
export interface SlimPathModifier {
  type: 'ReplacePrefixMatch' | 'ReplaceFullPath' | string;
  replacePrefixMatch?: string;
  replaceFullPath?: string;
}

/**
 * An HTTPRoute filter.
 * @public
 */
export interface SlimRouteFilter {
  type: string;
  urlRewrite?: { hostname?: string; path?: SlimPathModifier };
  requestHeaderModifier?: {
    set: SlimHeader[];
    add: SlimHeader[];
    remove: string[];
  };
  responseHeaderModifier?: {
    set: SlimHeader[];
    add: SlimHeader[];
    remove: string[];
  };
  requestRedirect?: {
    scheme?: string;
    hostname?: string;
    port?: number;
    statusCode?: number;
    path?: SlimPathModifier;
  };
  requestMirror?: { backendRef: SlimBackendRef };
  extensionRef?: { group: string; kind: string; name: string };
}

/**
 * An HTTPRoute or GRPCRoute match, with the Gateway API default path (`PathPrefix /`) applied.
 * A GRPCRoute method match is kept in `grpcMethod` and as the HTTP/2 `:path` it matches
 * (`/<service>/<method>`; `PathPrefix /<service>/` for a service alone), so that one match
 * shape serves both kinds.
 * @public
 */
export interface SlimRouteMatch {
  path: { type: string; value: string };
  headers: Array<{ name: string; type: string; value: string }>;
  queryParams: Array<{ name: string; type: string; value: string }>;
  method?: string;
  grpcMethod?: { type: string; service?: string; method?: string };
}

/**
 * An HTTPRoute rule.
 * @public
 */
export interface SlimRouteRule {
  name?: string;
  matches: SlimRouteMatch[];
  filters: SlimRouteFilter[];
  backendRefs: Array<SlimBackendRef & { filters: SlimRouteFilter[] }>;
}

/**
 * Status of an HTTPRoute for one parent, as written by that parent's controller.
 * @public
 */
export interface SlimRouteParentStatus {
  parentRef: SlimParentRef;
  controllerName: string;
  conditions: SlimCondition[];
}

/**
 * A Gateway API route of any kind the backend reads. TLSRoute, TCPRoute and UDPRoute rules have
 * no matches or filters (`[]`); a TCPRoute or UDPRoute has no hostnames.
 * @public
 */
export interface SlimRoute extends SlimMeta {
  kind: RouteKindName;
  namespace: string;
  parentRefs: SlimParentRef[];
  hostnames: string[];
  rules: SlimRouteRule[];
  parents: SlimRouteParentStatus[];
}

/**
 * An HTTPRoute.
 * @public
 */
export interface SlimHTTPRoute extends SlimRoute {
  kind: 'HTTPRoute';
}

/**
 * A GRPCRoute, TLSRoute, TCPRoute or UDPRoute.
 * @public
 */
export interface SlimOtherRoute extends SlimRoute {
  kind: Exclude<RouteKindName, 'HTTPRoute'>;
}

/**
 * A ListenerSet (Gateway API v1.6 standard channel): listeners attached to a parent Gateway
 * that routes may name as their parent.
 * @public
 */
export interface SlimListenerSet extends SlimMeta {
  kind: 'ListenerSet';
  namespace: string;
  /** The Gateway the listeners join; `namespace` defaults to the ListenerSet's. */
  parentRef: { group: string; kind: string; name: string; namespace?: string };
  listeners: SlimListener[];
  conditions: SlimCondition[];
}

/**
 * A BackendTLSPolicy: how a Gateway validates the TLS of the Services it targets. Certificate
 * references are kept by name only.
 * @public
 */
export interface SlimBackendTLSPolicy extends SlimMeta {
  kind: 'BackendTLSPolicy';
  namespace: string;
  targetRefs: Array<{
    group: string;
    kind: string;
    name: string;
    sectionName?: string;
  }>;
  /** The SNI and the name the backend's certificate must carry. */
  hostname: string;
  caCertificateRefs: string[];
  wellKnownCACertificates?: string;
  /** Per ancestor (Gateway) status: whether it was accepted. */
  ancestors: Array<{ ancestorRef: SlimParentRef; conditions: SlimCondition[] }>;
}

/**
 * A Dapr MCPServer (Dapr 1.18): a connection to a Model Context Protocol server that the apps
 * in its scopes load. Header and environment values are masked like component metadata; stdio
 * arguments are not kept.
 * @public
 */
export interface SlimMCPServer extends SlimMeta {
  kind: 'MCPServer';
  namespace: string;
  transport: 'streamableHTTP' | 'sse' | 'stdio' | 'none';
  /** The server URL for HTTP transports (credentials removed), the command for stdio. */
  target: string;
  headers: SlimMetadataItem[];
  auth: { secretStore?: string; oauth2: boolean; spiffe: boolean };
  displayName?: string;
  description?: string;
  ownerTeam?: string;
  /** Workflows the middleware hooks call: `hook: [appID/]workflowName`. */
  middlewareWorkflows: string[];
  ignoreErrors?: boolean;
  scopes: string[];
  plaintextSecretLike: string[];
}

/**
 * A Dapr WorkflowAccessPolicy (Dapr 1.18): which caller app-ids may schedule (and so on) which
 * workflows and activities of the apps in its scopes.
 * @public
 */
export interface SlimWorkflowAccessPolicy extends SlimMeta {
  kind: 'WorkflowAccessPolicy';
  namespace: string;
  rules: Array<{
    callers: string[];
    workflows: Array<{ name: string; operations: string[] }>;
    activities: string[];
  }>;
  scopes: string[];
}

/**
 * A ReferenceGrant.
 * @public
 */
export interface SlimReferenceGrant extends SlimMeta {
  kind: 'ReferenceGrant';
  namespace: string;
  from: Array<{ group: string; kind: string; namespace: string }>;
  /** `name` absent means every object of that group and kind in the grant's namespace. */
  to: Array<{ group: string; kind: string; name?: string }>;
}

/**
 * An L7 HTTP rule of a Cilium port rule. Header matches keep names only: values may be secrets.
 * @public
 */
export interface SlimCiliumHttpRule {
  method?: string;
  path?: string;
  host?: string;
  headers: string[];
}

/**
 * A Cilium port rule (`toPorts[]`).
 * @public
 */
export interface SlimCiliumPortRule {
  ports: Array<{ port: string; endPort?: number; protocol?: string }>;
  http: SlimCiliumHttpRule[];
  /** Other L7 protocols restricted on these ports (`dns`, `kafka`, or an `l7proto`). */
  otherL7: string[];
  serverNames: string[];
}

/**
 * One ingress or egress rule of a Cilium policy, with its peers normalised across directions:
 * `endpoints` is fromEndpoints/toEndpoints, `entities` fromEntities/toEntities, and so on.
 * @public
 */
export interface SlimCiliumPeerRule {
  endpoints: LabelSelector[];
  entities: string[];
  cidrs: string[];
  /** Egress only: `toFQDNs` names and patterns. */
  fqdns: string[];
  /** Egress only: `toServices` as `namespace/name` (or `selector` for service selectors). */
  services: string[];
  nodes: LabelSelector[];
  requires: LabelSelector[];
  toPorts: SlimCiliumPortRule[];
  authenticationMode?: string;
}

/**
 * One rule set of a Cilium policy (its `spec`, or one entry of `specs`).
 * @public
 */
export interface SlimCiliumPolicySpec {
  description?: string;
  /** Absent when the spec selects nodes (`nodeSelector`) instead of endpoints. */
  endpointSelector?: LabelSelector;
  nodeSelector?: LabelSelector;
  ingress: SlimCiliumPeerRule[];
  ingressDeny: SlimCiliumPeerRule[];
  egress: SlimCiliumPeerRule[];
  egressDeny: SlimCiliumPeerRule[];
  enableDefaultDeny?: { ingress?: boolean; egress?: boolean };
}

/**
 * A CiliumNetworkPolicy (namespaced) or CiliumClusterwideNetworkPolicy.
 * @public
 */
export interface SlimCiliumPolicy extends SlimMeta {
  kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';
  specs: SlimCiliumPolicySpec[];
  conditions: SlimCondition[];
}

/**
 * A Namespace: its name and labels only (what ReferenceGrants and listener `allowedRoutes`
 * selectors are judged against).
 * @public
 */
export interface SlimNamespace {
  kind: 'Namespace';
  name: string;
  /** The namespace's labels (with `kubernetes.io/metadata.name`, which the API server sets). */
  labels: Record<string, string>;
}

/**
 * The slim object type of each watched kind.
 * @public
 */
export interface SlimObjectByKind {
  Deployment: SlimWorkload;
  DaemonSet: SlimWorkload;
  StatefulSet: SlimWorkload;
  Job: SlimWorkload;
  CronJob: SlimWorkload;
  Pod: SlimWorkload;
  Service: SlimService;
  Namespace: SlimNamespace;
  Component: SlimComponent;
  Configuration: SlimConfiguration;
  Resiliency: SlimResiliency;
  Subscription: SlimSubscription;
  HTTPEndpoint: SlimHTTPEndpoint;
  MCPServer: SlimMCPServer;
  WorkflowAccessPolicy: SlimWorkflowAccessPolicy;
  GatewayClass: SlimGatewayClass;
  Gateway: SlimGateway;
  HTTPRoute: SlimHTTPRoute;
  GRPCRoute: SlimOtherRoute;
  TLSRoute: SlimOtherRoute;
  TCPRoute: SlimOtherRoute;
  UDPRoute: SlimOtherRoute;
  ListenerSet: SlimListenerSet;
  BackendTLSPolicy: SlimBackendTLSPolicy;
  ReferenceGrant: SlimReferenceGrant;
  CiliumNetworkPolicy: SlimCiliumPolicy;
  CiliumClusterwideNetworkPolicy: SlimCiliumPolicy;
}

/**
 * Any slim object.
 * @public
 */
export type SlimObject = SlimObjectByKind[KindName];

/**
 * Slim objects of one cluster, by kind.
 * @public
 */
export type SlimObjectsByKind = {
  [K in KindName]?: Array<SlimObjectByKind[K]>;
};

/**
 * The raw JSON of a Kubernetes object as the API server returns it, typed loosely on purpose:
 * slim functions read it defensively and never trust its shape.
 * @public
 */
export type RawKubernetesObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};
