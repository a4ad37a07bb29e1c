import { Fragment } from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import ArrowForward from '@material-ui/icons/ArrowForward';
import Lock from '@material-ui/icons/Lock';
import type { RouteHop, RouteView } from '@daprise/plugin-daprise-common';
import {
  HOP_STATUS_TEXT,
  hopTone,
  toneColor,
  ToneIcon,
} from '../shared/status';

/** What each hop is, shown above its label. */
export const HOP_ROLE_TEXT: Record<RouteHop['role'], string> = {
  gateway: 'Gateway',
  'via-dapr': 'Invokes through',
  'target-dapr': "App's daprd",
  'app-service': 'App Service (bypasses Dapr)',
  app: 'App',
};

/** The name of a route view: the route's name, plus rule and backend when it has several. */
export function routeTitle(route: RouteView): string {
  return route.ruleIndex === 0 && route.backendRefIndex === 0
    ? route.name
    : `${route.name} (rule ${route.ruleIndex + 1}, backend ${
        route.backendRefIndex + 1
      })`;
}

/**
 * What the route map says to assistive technology, every hop with its status and reason:
 * `Route orders: Gateway infra/public (ok: Accepted; …) -> Dapr Shared gateway (infra) (ok: …) -> …`.
 */
export function routeMapLabel(route: RouteView): string {
  const hops = route.hops.map(
    hop => `${hop.label} (${hop.status}: ${hop.reason})`,
  );
  return `Route ${routeTitle(route)}: ${hops.join(' -> ')}`;
}

const useStyles = makeStyles(theme => ({
  map: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'stretch',
    gap: theme.spacing(0.5),
  },
  hop: {
    flex: '1 1 140px',
    minWidth: 120,
    maxWidth: 280,
    padding: theme.spacing(0.75, 1),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    borderLeftWidth: 4,
    backgroundColor: theme.palette.background.paper,
    overflowWrap: 'anywhere',
  },
  arrow: {
    alignSelf: 'center',
    color: theme.palette.text.secondary,
  },
  status: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  tls: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.text.secondary,
  },
  problems: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
  },
}));

function HopBox(props: { hop: RouteHop }) {
  const { hop } = props;
  const classes = useStyles();
  const theme = useTheme();
  const tone = hopTone(hop.status);
  return (
    <Tooltip title={hop.reason} placement="top" arrow>
      <div
        className={classes.hop}
        style={{ borderLeftColor: toneColor(theme, tone) }}
        data-testid="route-hop"
        data-role={hop.role}
        data-status={hop.status}
      >
        <Typography variant="caption" color="textSecondary" display="block">
          {HOP_ROLE_TEXT[hop.role]}
        </Typography>
        <Typography variant="body2">{hop.label}</Typography>
        {hop.backendTLSPolicy && (
          // The BackendTLSPolicy secures the connection into this hop, so it is shown on it.
          <span className={classes.tls} data-testid="route-hop-tls">
            <Lock fontSize="inherit" aria-hidden />
            <Typography variant="caption">
              TLS by BackendTLSPolicy {hop.backendTLSPolicy.name}
            </Typography>
          </span>
        )}
        <span className={classes.status}>
          <ToneIcon tone={tone} />
          <Typography variant="caption">
            {HOP_STATUS_TEXT[hop.status]}
          </Typography>
        </span>
      </div>
    </Tooltip>
  );
}

/**
 * The way a route takes from the Gateway to the app, one box per hop, each coloured by its
 * status and labelled with it in words and an icon. The reasons are in each box's tooltip, in
 * the accessible name of the map, and spelled out below it for every hop that is not OK.
 */
export function RouteMap(props: { route: RouteView }) {
  const { route } = props;
  const classes = useStyles();
  const problems = route.hops.filter(hop => hop.status !== 'ok');
  return (
    <div>
      <div role="img" aria-label={routeMapLabel(route)} className={classes.map}>
        {route.hops.map((hop, index) => (
          <Fragment key={`${hop.role}-${index}`}>
            {index > 0 && (
              <ArrowForward className={classes.arrow} aria-hidden />
            )}
            <HopBox hop={hop} />
          </Fragment>
        ))}
      </div>
      {problems.length > 0 && (
        <ul
          className={classes.problems}
          aria-label={`Problems on route ${routeTitle(route)}`}
        >
          {problems.map((hop, index) => (
            <li key={`${hop.role}-${index}`}>
              <Typography variant="caption">
                <strong>
                  {HOP_ROLE_TEXT[hop.role]} {hop.label}:{' '}
                  {HOP_STATUS_TEXT[hop.status].toLocaleLowerCase('en-US')}
                </strong>{' '}
                — {hop.reason}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
