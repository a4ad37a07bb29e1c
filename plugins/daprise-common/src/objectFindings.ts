// Where the object checks' findings are seen: which app views hold the judged objects, so that
// the fleet page can list the findings that belong to no app and an entity's card the findings
// of the objects in its view. Reads the app index; the index never reads this.
import type { FindingRow } from './api';
import { clusterParts } from './incrementalIndex';
import type { AppIndex, AppView, Finding } from './model/appTypes';
import type { RouteView } from './model/routeTypes';
import { objectRefKey, refOf } from './refs';
import type { ObjectRef } from './types';

function routeObjects(route: RouteView): ObjectRef[] {
  const refs: ObjectRef[] = [route.ref];
  for (const parent of route.parents) {
    if (parent.gateway) refs.push(parent.gateway);
    if (parent.listenerSet) refs.push(parent.listenerSet);
  }
  for (const hop of route.hops) {
    if (hop.ref) refs.push(hop.ref);
    if (hop.backendTLSPolicy) refs.push(hop.backendTLSPolicy);
  }
  if (route.backend.backendTLSPolicy)
    refs.push(route.backend.backendTLSPolicy.ref);
  return refs;
}

/**
 * Every object an app view shows: its Dapr Shared instances and their `-dapr` Services, its
 * sidecar and app workloads, the Dapr objects it loads, its routes with their parents and hops,
 * and the policies selecting it.
 * @public
 */
export function objectsOfView(view: AppView): ObjectRef[] {
  const local = (object: {
    kind: ObjectRef['kind'];
    name: string;
    namespace?: string;
  }) => refOf(view.cluster, object);
  return [
    ...view.daprShared.flatMap(i => (i.service ? [i.ref, i.service] : [i.ref])),
    ...view.sidecars.map(s => s.ref),
    ...view.appWorkloads.map(w => w.ref),
    ...view.components.map(local),
    ...view.configurations.map(local),
    ...view.resiliencies.map(local),
    ...view.subscriptions.map(local),
    ...view.httpEndpoints.map(local),
    ...view.mcpServers.map(local),
    ...view.workflowAccessPolicies.map(local),
    ...view.routes.flatMap(routeObjects),
    ...view.routesThrough.flatMap(routeObjects),
    ...view.policies.map(p => p.ref),
  ];
}

const rowsByPart = new WeakMap<
  readonly Finding[],
  {
    views: ReadonlyArray<ReadonlyMap<string, AppView>>;
    rows: FindingRow[];
  }
>();

/** A cluster's object findings with the views of that cluster that hold their objects. */
function findingRowsOf(
  cluster: string,
  findings: readonly Finding[],
  views: Iterable<AppView>,
): FindingRow[] {
  const appsByObject = new Map<string, string[]>();
  for (const view of views) {
    for (const key of new Set(objectsOfView(view).map(objectRefKey))) {
      const apps = appsByObject.get(key);
      if (apps) apps.push(view.key);
      else appsByObject.set(key, [view.key]);
    }
  }
  return findings.map(finding => {
    const apps = finding.object
      ? appsByObject.get(objectRefKey(finding.object))
      : undefined;
    return { ...finding, cluster, apps: apps ? [...apps].sort() : [] };
  });
}

/**
 * Every object finding of the index with its cluster and the app views that hold its object
 * (none for an object no app uses), worst first within each cluster.
 * @public
 */
export function objectFindingRows(index: AppIndex): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const [cluster, findings] of index.objectFindings) {
    const held = clusterParts(index, cluster);
    if (!held) {
      for (const row of findingRowsOf(
        cluster,
        findings,
        [...index.apps.values()].filter(view => view.cluster === cluster),
      ))
        rows.push(row);
      continue;
    }
    // An incremental index keeps the findings and views of the parts of a cluster no change
    // reached: so are their rows. A namespaced object's views are its part's.
    const rowOf = new Map<Finding, FindingRow>();
    for (const part of held.parts) {
      const cached = rowsByPart.get(part.findings);
      let partRows = cached?.rows;
      if (
        !cached ||
        cached.views.length !== part.views.length ||
        cached.views.some((views, i) => views !== part.views[i])
      ) {
        partRows = findingRowsOf(
          cluster,
          part.findings,
          part.views.flatMap(views => [...views.values()]),
        );
        rowsByPart.set(part.findings, { views: part.views, rows: partRows });
      }
      part.findings.forEach((finding, i) => rowOf.set(finding, partRows![i]));
    }
    const others = findings.filter(finding => !rowOf.has(finding));
    if (others.length > 0)
      findingRowsOf(cluster, others, held.views()).forEach((row, i) =>
        rowOf.set(others[i], row),
      );
    for (const finding of findings) rows.push(rowOf.get(finding)!);
  }
  return rows;
}

/**
 * The object findings about the objects of some app views (an entity's), from the rows of
 * `objectFindingRows`: each finding once, in the rows' order.
 * @public
 */
export function objectFindingsOfViews(
  rows: readonly FindingRow[],
  views: readonly AppView[],
): FindingRow[] {
  const keys = new Set(views.map(view => view.key));
  return rows.filter(row => row.apps.some(app => keys.has(app)));
}
