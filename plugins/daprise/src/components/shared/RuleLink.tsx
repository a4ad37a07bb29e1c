import { Link } from '@backstage/core-components';
import { type RouteRef, useRouteRef } from '@backstage/core-plugin-api';
import { rulesRouteRef } from '../../routes';

/** The path of one of the plugin's pages, or undefined when the app does not mount it. */
export function useRoutePath(routeRef: RouteRef): string | undefined {
  let route;
  try {
    // Throws when the app does not mount the route, but only after its own hooks ran, so
    // every render calls the same hooks in the same order: what the rule protects holds.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    route = useRouteRef(routeRef);
  } catch {
    return undefined;
  }
  return route?.();
}

/** The path of the rules page, or undefined when the app does not mount it. */
export function useRulesPath(): string | undefined {
  return useRoutePath(rulesRouteRef);
}

/** A rule's id, linked to its entry on the rules page when the app mounts that page. */
export function RuleLink(props: { ruleId: string }) {
  const rulesPath = useRulesPath();
  if (!rulesPath) return <>{props.ruleId}</>;
  return (
    <Link
      to={`${rulesPath}#${encodeURIComponent(props.ruleId)}`}
      title="What the rule checks, why it matters and how to fix it"
    >
      {props.ruleId}
    </Link>
  );
}
