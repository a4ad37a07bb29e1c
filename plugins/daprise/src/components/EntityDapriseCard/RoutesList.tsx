import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  AppView,
  RouteParentView,
  RouteView,
} from '@daprise/plugin-daprise-common';
import { RouteMap, routeTitle } from '../RouteMap';
import { Fields, CardSection } from '../shared/Fields';
import { ItemBox } from '../shared/ItemBox';
import { conditionTone, ToneChip } from '../shared/status';

const useStyles = makeStyles(theme => ({
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  map: {
    marginTop: theme.spacing(1),
  },
}));

/** A parent in words; a ListenerSet with the Gateway it attaches to (route → ListenerSet → Gateway). */
export function parentName(parent: RouteParentView): string {
  const { kind, namespace, name, sectionName } = parent.parentRef;
  const listener = sectionName ? ` (listener ${sectionName})` : '';
  const gateway =
    parent.listenerSet && parent.gateway
      ? ` → Gateway ${parent.gateway.namespace}/${parent.gateway.name}`
      : '';
  return `${kind} ${namespace}/${name}${listener}${gateway}`;
}

/** A parent's key among a route's parents: two parents of different kinds may share a name. */
function parentKey(parent: RouteParentView): string {
  const { kind, namespace, name, sectionName } = parent.parentRef;
  return `${kind}/${namespace}/${name}/${sectionName ?? ''}`;
}

/**
 * What the route matches, in words: paths (HTTPRoute), gRPC services and methods (GRPCRoute;
 * `*` for a service's every method), or nothing finer than the listener (TLSRoute by SNI host
 * name, TCPRoute and UDPRoute every connection).
 */
export function routeMatchTexts(route: RouteView): string[] {
  if (route.kind === 'TCPRoute' || route.kind === 'UDPRoute')
    return ['every connection to the listener'];
  if (route.kind === 'TLSRoute')
    return ['every TLS connection for its hostnames'];
  if (route.kind === 'GRPCRoute') {
    if (route.matches.length === 0) return ['every service and method'];
    return route.matches.map(match => {
      const grpc = match.grpcMethod;
      if (!grpc) return match.path.value;
      const text = `${grpc.service ?? '*'}/${grpc.method ?? '*'}`;
      return grpc.type === 'RegularExpression' ? `${text} (regex)` : text;
    });
  }
  if (route.matches.length === 0) return ['/'];
  return route.matches.map(
    match =>
      `${match.method ? `${match.method} ` : ''}${match.path.value}${
        match.path.type === 'Exact' ? ' (exact)' : ''
      }`,
  );
}

/** What the matches field is called for the route's kind. */
function matchesLabel(route: RouteView): string {
  if (route.kind === 'GRPCRoute') return 'Methods';
  if (route.kind === 'HTTPRoute') return 'Paths';
  return 'Traffic';
}

/** How the route reaches the app, in words. */
export function routeModeText(route: RouteView): string {
  switch (route.mode) {
    case 'via-dapr':
      return `through the daprd of ${route.via?.appId ?? 'another app'} (${
        route.via?.namespace ?? route.namespace
      }), which invokes ${route.target.appId}${
        route.invoke ? ` (${route.invoke.by})` : ''
      }`;
    case 'direct-dapr':
      return `straight to the daprd of ${route.target.appId}`;
    default:
      return `straight to Service ${route.backend.namespace}/${route.backend.name}, bypassing Dapr`;
  }
}

function ParentConditions(props: { parent: RouteParentView }) {
  const { parent } = props;
  const classes = useStyles();
  const name = `${parent.parentRef.namespace}/${parent.parentRef.name}`;
  if (!parent.statusReported) {
    return (
      <div className={classes.chips}>
        <ToneChip
          tone="unknown"
          label={`${name}: no status`}
          title="The Gateway's controller has not reported status for this route"
        />
      </div>
    );
  }
  const conditions = [
    { type: 'Accepted', status: parent.accepted },
    { type: 'ResolvedRefs', status: parent.resolvedRefs },
  ];
  return (
    <div className={classes.chips}>
      {conditions.map(condition => {
        const detail = parent.conditions.find(c => c.type === condition.type);
        return (
          <ToneChip
            key={condition.type}
            tone={conditionTone(condition.status)}
            label={`${condition.type}: ${condition.status}`}
            title={
              [detail?.reason, detail?.message].filter(Boolean).join(': ') ||
              undefined
            }
          />
        );
      })}
    </div>
  );
}

function RouteDetails(props: { route: RouteView }) {
  const { route } = props;
  const classes = useStyles();
  const tls = route.backend.backendTLSPolicy;
  return (
    <ItemBox>
      <Typography variant="body2" gutterBottom>
        <strong>
          {route.kind} {route.namespace}/{routeTitle(route)}
        </strong>
      </Typography>
      <Fields
        fields={[
          [
            route.parents.length > 1 ? 'Gateways' : 'Gateway',
            route.parents.length === 0
              ? 'none (no parentRefs)'
              : route.parents.map(parentName).join(', '),
          ],
          [
            'Hostnames',
            route.hostnames.length > 0
              ? route.hostnames.join(', ')
              : 'any (no hostnames)',
          ],
          [
            matchesLabel(route),
            `${routeMatchTexts(route).join(', ')} → ${route.target.appId} (${
              route.target.namespace
            })`,
          ],
          ['Reaches the app', routeModeText(route)],
          [
            'Backend TLS',
            tls
              ? `BackendTLSPolicy ${tls.ref.namespace}/${tls.ref.name}: the Gateway speaks TLS to Service ${route.backend.namespace}/${route.backend.name} and checks its certificate for ${tls.hostname}`
              : undefined,
          ],
          [
            'Status',
            route.parents.length === 0
              ? 'no Gateway'
              : route.parents.map(parent => (
                  <ParentConditions key={parentKey(parent)} parent={parent} />
                )),
          ],
        ]}
      />
      <div className={classes.map}>
        <RouteMap route={route} />
      </div>
    </ItemBox>
  );
}

/**
 * The Gateway API routes that reach the app (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute,
 * UDPRoute), each with its route map; and, for an app whose Dapr Shared is an entry point
 * (a gateway app), the routes entering through it to invoke other apps.
 */
export function RoutesList(props: { app: AppView }) {
  const { app } = props;
  return (
    <>
      <CardSection
        id={`daprise-routes-${app.key}`}
        heading={`Gateway routes (${app.routes.length})`}
      >
        {app.routes.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No Gateway API route reaches app-id {app.appId} in this cluster.
          </Typography>
        ) : (
          app.routes.map(route => <RouteDetails key={route.id} route={route} />)
        )}
      </CardSection>
      {app.routesThrough.length > 0 && (
        <CardSection
          id={`daprise-routes-through-${app.key}`}
          heading={`Routes through this Dapr Shared (${app.routesThrough.length})`}
        >
          {app.routesThrough.map(route => (
            <RouteDetails
              key={`${route.id}>${route.target.namespace}/${route.target.appId}`}
              route={route}
            />
          ))}
        </CardSection>
      )}
    </>
  );
}
