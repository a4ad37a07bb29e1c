/*
 * What the scaffolder's form and its actions agree on: the rules of an app-id and of a
 * namespace (checked by the form as the user types, and again by daprise:service:render), and
 * the REST contract of the form's pickers (`/api/daprise/scaffolder/...`).
 */

/**
 * Longest app-id the template accepts. Helm limits release names (the template's release is
 * the app-id) to 53 characters; that also keeps the Service `<app-id>-dapr` within the 63 of a
 * DNS-1123 label.
 * @public
 */
export const MAX_APP_ID_LENGTH = 53;

/**
 * A broken rule of one input value: its id, what is wrong, and how to fix it.
 * @public
 */
export interface NameIssue {
  rule: string;
  message: string;
  fix: string;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why `value` is not a DNS-1123 label of at most `max` characters (`what` names it in the
 * message), or undefined when it is one.
 * @public
 */
export function dnsLabelIssue(
  what: string,
  value: string,
  max = 63,
): NameIssue | undefined {
  if (value.length > max) {
    return {
      rule: 'max-length',
      message: `${what} is ${value.length} characters long; at most ${max} are allowed`,
      fix: `Shorten it to ${max} characters or fewer.`,
    };
  }
  if (!DNS_1123_LABEL.test(value)) {
    return {
      rule: 'dns-1123-label',
      message: `${what} "${value}" is not a DNS-1123 label`,
      fix: 'Use lower-case letters, digits and "-", starting and ending with a letter or digit (e.g. "orders-api").',
    };
  }
  return undefined;
}

/**
 * Whether a name belongs to Dapr or Kubernetes: `dapr`, `dapr-*` and `kube-*`. New services
 * take neither such an app-id nor such a namespace.
 * @public
 */
export function isReservedName(value: string): boolean {
  return (
    value === 'dapr' || value.startsWith('dapr-') || value.startsWith('kube-')
  );
}

/**
 * Why `value` is a reserved name ({@link isReservedName}), or undefined when it is not.
 * @public
 */
export function reservedNameIssue(
  what: string,
  value: string,
): NameIssue | undefined {
  if (!isReservedName(value)) return undefined;
  return {
    rule: 'reserved-name',
    message: `${what} "${value}" is reserved (names "dapr", "dapr-*" and "kube-*" belong to Dapr and Kubernetes)`,
    fix: 'Choose a name that is not "dapr" and does not start with "dapr-" or "kube-".',
  };
}

/**
 * Why `value` cannot be a new service's Dapr app-id (a DNS-1123 label of at most
 * {@link MAX_APP_ID_LENGTH} characters, not reserved), or undefined when it can.
 * @public
 */
export function appIdFormatIssue(value: string): NameIssue | undefined {
  return (
    dnsLabelIssue('App-id', value, MAX_APP_ID_LENGTH) ??
    reservedNameIssue('App-id', value)
  );
}

/**
 * A Kubernetes condition as a picker shows it; absent when the controller has not written it.
 * @public
 */
export interface ScaffolderCondition {
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/**
 * A namespace the signed-in user may apply into (`daprise.cluster.apply` on it).
 * @public
 */
export interface ScaffolderNamespace {
  cluster: string;
  namespace: string;
  /** How many app-ids run there. */
  appIds: number;
}

/**
 * `GET /scaffolder/namespaces?cluster=`: the namespaces the user may apply into, by cluster
 * then name; reserved namespaces (`kube-*`, `dapr-*`) are left out.
 * @public
 */
export interface ScaffolderNamespaceList {
  items: ScaffolderNamespace[];
  /**
   * The clusters asked about, and whether their namespaces are known (false while the
   * cluster is being listed, or when its Namespaces may not be read).
   */
  clusters: Array<{ name: string; namespacesKnown: boolean }>;
}

/**
 * A listener of a Gateway, its own or one a ListenerSet adds.
 * @public
 */
export interface ScaffolderListener {
  name: string;
  port: number;
  protocol: string;
  hostname?: string;
  /** Which namespaces' routes it admits (Gateway API default `Same`). */
  allowedRoutesFrom: 'All' | 'Same' | 'Selector';
  /** Where it is declared: the Gateway itself, or a ListenerSet (namespace/name). */
  listenerSet?: { namespace: string; name: string };
  /** Routes attached, as the Gateway's status counts them. */
  attachedRoutes?: number;
  accepted?: ScaffolderCondition;
  programmed?: ScaffolderCondition;
}

/**
 * A Gateway a new service may be published through, with its listeners and status.
 * @public
 */
export interface ScaffolderGateway {
  cluster: string;
  namespace: string;
  name: string;
  gatewayClassName: string;
  addresses: string[];
  accepted?: ScaffolderCondition;
  programmed?: ScaffolderCondition;
  listeners: ScaffolderListener[];
}

/**
 * `GET /scaffolder/gateways?cluster=`: every Gateway of the clusters asked about.
 * @public
 */
export interface ScaffolderGatewayList {
  items: ScaffolderGateway[];
}

/**
 * `GET /scaffolder/app-ids/:cluster/:namespace/:appId`: whether a new service may take an
 * app-id in a namespace.
 * @public
 */
export interface AppIdCheck {
  cluster: string;
  namespace: string;
  appId: string;
  /** The format rule the app-id breaks ({@link appIdFormatIssue}). */
  formatIssue?: NameIssue;
  /**
   * What already uses the app-id there, e.g. `DaemonSet shop/orders-dapr-shared-chart`
   * (Dapr resolves app-ids per namespace: a second app would take the first one's traffic).
   */
  usedBy: string[];
  /** False while the cluster is being listed: then `usedBy` may miss something. */
  known: boolean;
  /** No format issue and nothing uses it. */
  available: boolean;
}

/**
 * The value of the Gateway picker (`ui:field: DaprGatewayPicker`): the Gateway and the
 * listener a new service's route attaches to.
 * @public
 */
export interface DaprGatewayChoice {
  name: string;
  namespace: string;
  /** The listener's name (the route's `sectionName`); absent: every listener that admits it. */
  listener?: string;
  /** Whether the listener serves HTTPS (for the public URL). */
  https: boolean;
}

/**
 * One metadata entry of a new component: a plain value, or a key of a Kubernetes Secret (the
 * only way a sensitive field is given).
 * @public
 */
export type DaprComponentMetadataDraft =
  | { name: string; value: string }
  | { name: string; secretKeyRef: { name: string; key: string } };

/**
 * A new Dapr component as the component picker (`ui:field: DaprComponentsPicker`) gives it:
 * what the template's `components` parameter and daprise:service:render take.
 * @public
 */
export interface DaprComponentDraft {
  name: string;
  type: string;
  version: string;
  metadata: DaprComponentMetadataDraft[];
}
