import { analyseCluster } from '../model/analysis';
import type { RouteParentView } from '../model/routeTypes';
import { objectRefKey, refOf } from '../refs';
import type { FindingDraft, Rule } from './types';
import { documentedRule } from './documentation';

/**
 * What a route's status says is wrong, per parent; `live` routes (not a render) must also
 * have status from some parent.
 */
function statusProblems(parents: RouteParentView[], live: boolean): string[] {
  const problems: string[] = [];
  for (const parent of parents) {
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
  if (live && !parents.some(p => p.statusReported)) {
    problems.push(
      parents.length === 0 ? 'no parentRefs' : 'no status from any parent',
    );
  }
  return problems;
}

/**
 * A route to the app's own Service skips its daprd: no mTLS, no resiliency policies, no access
 * control, no tracing for that traffic.
 * @public
 */
export const routeBypassesDaprSharedRule: Rule = {
  ...documentedRule('route-bypasses-dapr-shared'),
  defaultSeverity: 'high',
  evaluate(view) {
    return view.routes
      .filter(route => route.mode === 'bypass')
      .map(route => ({
        message: `${route.kind} ${route.namespace}/${route.name} (rule ${route.ruleIndex}) sends traffic to Service ${route.backend.namespace}/${route.backend.name}, bypassing Dapr for ${view.appId}`,
        object: route.ref,
        field: `spec.rules[${route.ruleIndex}].backendRefs[${route.backendRefIndex}]`,
        backendRef: {
          group: '',
          kind: 'Service',
          name: route.backend.name,
          namespace: route.backend.namespace,
          ...(route.backend.port !== undefined
            ? { port: route.backend.port }
            : {}),
        },
      }));
  },
};

/**
 * A route the Gateway did not accept, or whose references do not resolve, serves nothing.
 * @public
 */
export const routeNotAcceptedRule: Rule = {
  ...documentedRule('route-not-accepted'),
  defaultSeverity: 'high',
  // Every route, also those that reach no app. An object check only: the views of the apps a
  // route reaches show its finding (with the app's id), so no app check says it again. A route
  // reaching one app names it.
  check(cluster) {
    const drafts: FindingDraft[] = [];
    const live = cluster.source !== 'rendered';
    const analysis = analyseCluster(cluster);
    const targets = new Map<string, Set<string>>();
    for (const views of analysis.routes.values())
      for (const view of views) {
        const key = objectRefKey(view.ref);
        const apps = targets.get(key) ?? new Set<string>();
        apps.add(view.target.appId);
        targets.set(key, apps);
      }
    for (const [route, parents] of analysis.routeParents) {
      const problems = statusProblems(parents, live);
      if (problems.length > 0) {
        const object = refOf(cluster.name, route);
        const apps = targets.get(objectRefKey(object));
        drafts.push({
          message: `${route.kind} ${route.namespace}/${
            route.name
          }: ${problems.join('; ')}`,
          object,
          ...(apps?.size === 1 ? { appId: [...apps][0] } : {}),
          field: 'status.parents',
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
  ...documentedRule('route-without-hostname'),
  defaultSeverity: 'low',
  evaluate(view) {
    const seen = new Set<string>();
    return view.routes
      .filter(route => {
        const key = objectRefKey(route.ref);
        // TCPRoutes and UDPRoutes have no hostnames to set.
        if (route.kind === 'TCPRoute' || route.kind === 'UDPRoute')
          return false;
        if (route.hostnames.length > 0 || seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map(route => ({
        message: `${route.kind} ${route.namespace}/${route.name} has no hostnames: it matches every host of its Gateway listeners`,
        object: route.ref,
        field: 'spec.hostnames',
      }));
  },
};
