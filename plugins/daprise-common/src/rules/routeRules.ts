import type { Rule } from './types';

/**
 * A route to the app's own Service skips its daprd: no mTLS, no resiliency policies, no access
 * control, no tracing for that traffic.
 * @public
 */
export const routeBypassesDaprSharedRule: Rule = {
  id: 'route-bypasses-dapr-shared',
  defaultSeverity: 'high',
  title: 'Route bypasses Dapr',
  description:
    "An HTTPRoute sends traffic straight to the app's own Service instead of through Dapr, so that traffic gets none of Dapr's mTLS, resiliency, access control or tracing.",
  remediation:
    "Send the route to the gateway's Dapr Shared Service (`<gateway-app-id>-dapr:3500`) with a URLRewrite `ReplacePrefixMatch: /v1.0/invoke/<app-id>/method`.",
  evaluate(view) {
    return view.routes
      .filter(route => route.mode === 'bypass')
      .map(route => ({
        message: `HTTPRoute ${route.namespace}/${route.name} (rule ${route.ruleIndex}) sends traffic to Service ${route.backend.namespace}/${route.backend.name}, bypassing Dapr for ${view.appId}`,
        object: route.ref,
      }));
  },
};

/**
 * A route the Gateway did not accept, or whose references do not resolve, serves nothing.
 * @public
 */
export const routeNotAcceptedRule: Rule = {
  id: 'route-not-accepted',
  defaultSeverity: 'high',
  title: 'Route not accepted',
  description:
    'An HTTPRoute is not Accepted by a parent Gateway, has ResolvedRefs=False (e.g. a missing Service or a cross-namespace reference without a ReferenceGrant), or has no status from any parent at all.',
  remediation:
    'Read the route status conditions: fix the parentRef (name, namespace, sectionName, listener allowedRoutes) or the backendRefs (Service name and port; a ReferenceGrant for other namespaces).',
  evaluate(view, context) {
    const drafts = [];
    const seen = new Set<string>();
    for (const route of view.routes) {
      const routeKey = `${route.namespace}/${route.name}`;
      if (seen.has(routeKey)) continue;
      seen.add(routeKey);
      const problems: string[] = [];
      for (const parent of route.parents) {
        const name = `${parent.parentRef.namespace}/${parent.parentRef.name}`;
        const condition = (type: string) =>
          parent.conditions.find(c => c.type === type);
        if (parent.accepted === 'False') {
          problems.push(
            `not Accepted by ${name} (${
              condition('Accepted')?.reason ?? 'no reason'
            })`,
          );
        }
        if (parent.resolvedRefs === 'False') {
          problems.push(
            `ResolvedRefs=False for ${name} (${
              condition('ResolvedRefs')?.reason ?? 'no reason'
            })`,
          );
        }
      }
      // A render has no status yet; only live routes can be silent.
      if (
        context.source !== 'rendered' &&
        view.source !== 'rendered' &&
        !route.parents.some(p => p.statusReported)
      ) {
        problems.push(
          route.parents.length === 0
            ? 'no parentRefs'
            : 'no status from any parent',
        );
      }
      if (problems.length > 0) {
        drafts.push({
          message: `HTTPRoute ${routeKey}: ${problems.join('; ')}`,
          object: route.ref,
        });
      }
    }
    return drafts;
  },
};

/**
 * A route without hostnames takes every host the Gateway listener accepts, which widens what
 * reaches the app (and can collide with other teams' routes).
 * @public
 */
export const routeWithoutHostnameRule: Rule = {
  id: 'route-without-hostname',
  defaultSeverity: 'low',
  title: 'Route without hostname',
  description:
    'An HTTPRoute without hostnames matches every hostname of the listeners it attaches to, so its paths are reachable under any host name and may shadow other routes.',
  remediation:
    'Set `spec.hostnames` to the public host name(s) of the service.',
  evaluate(view) {
    const seen = new Set<string>();
    return view.routes
      .filter(route => {
        const key = `${route.namespace}/${route.name}`;
        if (route.hostnames.length > 0 || seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map(route => ({
        message: `HTTPRoute ${route.namespace}/${route.name} has no hostnames: it matches every host of its Gateway listeners`,
        object: route.ref,
      }));
  },
};
