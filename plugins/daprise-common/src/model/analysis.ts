// The model's analysis step: what follows from a grouped cluster's objects taken together,
// the routes reaching each app and the network policies selecting its workloads. The app index
// (./appIndex) calls it; grouping (./snapshot) knows nothing of it.
import { compareStrings } from '../compare';
import { trimmed } from '../lists';
import { objectRefKey, refOf } from '../refs';
import type { ObjectRef, SlimRoute } from '../types';
import type { DaprSharedInstance, SidecarApp } from './daprShared';
import type { PolicyView } from './policies';
import { ciliumIdentityLabels, policyDirections } from './policies';
import { resolveRouteParents } from './routeParents';
import { analyseRoutes } from './routes';
import type { RouteParentView, RouteView } from './routeTypes';
import type { AppWorkload, GroupedCluster } from './snapshotTypes';

/** What the analysis found in one grouped cluster. */
export interface ClusterAnalysis {
  /** Routes reaching (or bypassing) each app, by `namespace/appId`. */
  routes: Map<string, RouteView[]>;
  /** Every route's resolved parents, whether or not the route reaches an app. */
  routeParents: Map<SlimRoute, RouteParentView[]>;
  /** Routes entering through each app's Dapr Shared to invoke another app, by `namespace/appId`. */
  routesThrough: Map<string, RouteView[]>;
}

// The backend regroups only the clusters a watch event changed and rebuilds the index from the
// whole grouped fleet; keyed by the grouped cluster (never changed once built), the analysis of
// every other cluster is reused, as it was when grouping itself analysed the routes. Weak, so
// an analysis goes when its grouped cluster does.
const analyses = new WeakMap<GroupedCluster, ClusterAnalysis>();

/** The analysis of a grouped cluster: computed once per grouped cluster, then reused. */
export function analyseCluster(cluster: GroupedCluster): ClusterAnalysis {
  let analysis = analyses.get(cluster);
  if (!analysis) {
    const routeParents = new Map<SlimRoute, RouteParentView[]>();
    for (const bucket of cluster.namespaces.values())
      for (const route of bucket.routes)
        routeParents.set(route, resolveRouteParents(cluster, route));
    const { byTarget, byEntry } = analyseRoutes(
      cluster,
      route => routeParents.get(route) ?? [],
    );
    analysis = { routes: byTarget, routeParents, routesThrough: byEntry };
    analyses.set(cluster, analysis);
  }
  return analysis;
}

/** The network policies selecting an app's daprds and its own workloads, each once. */
export function appPolicies(
  cluster: GroupedCluster,
  daprShared: DaprSharedInstance[],
  sidecars: SidecarApp[],
  appWorkloads: AppWorkload[],
): PolicyView[] {
  const byPolicy = new Map<string, PolicyView>();
  const subjects: Array<{
    ref: ObjectRef;
    podLabels: Record<string, string>;
    serviceAccountName?: string;
    dapr: boolean;
  }> = [
    ...daprShared.map(i => ({
      ref: i.ref,
      podLabels: i.podLabels,
      serviceAccountName: i.serviceAccountName,
      dapr: true,
    })),
    ...sidecars.map(s => ({
      ref: s.ref,
      podLabels: s.podLabels,
      serviceAccountName: s.serviceAccountName,
      dapr: true,
    })),
    ...appWorkloads
      .filter(w => w.linkedBy === 'app-channel')
      .map(w => ({
        ref: w.ref,
        podLabels: w.podLabels,
        serviceAccountName: w.serviceAccountName,
        dapr: false,
      })),
  ];
  for (const subject of subjects) {
    const namespace = subject.ref.namespace ?? '';
    const identity = ciliumIdentityLabels(
      subject.podLabels,
      namespace,
      subject.serviceAccountName,
    );
    const matches = [
      ...(cluster.namespaces.get(namespace)?.policies.selecting(identity) ??
        []),
      ...cluster.clusterwidePolicies.selecting(identity),
    ];
    for (const { policy, specs } of matches) {
      const ref = refOf(cluster.name, policy);
      const key = objectRefKey(ref);
      const directions = policyDirections(specs);
      const l7 = specs.some(s =>
        s.ingress.some(r => r.toPorts.some(p => p.http.length > 0)),
      );
      let view = byPolicy.get(key);
      if (!view) {
        view = {
          ref,
          policy,
          selects: [],
          selectsDaprShared: false,
          ingress: false,
          egress: false,
          l7: false,
        };
        byPolicy.set(key, view);
      }
      if (
        !view.selects.some(r => objectRefKey(r) === objectRefKey(subject.ref))
      )
        view.selects.push(subject.ref);
      view.selectsDaprShared ||= subject.dapr;
      view.ingress ||= directions.ingress;
      view.egress ||= directions.egress;
      view.l7 ||= l7;
    }
  }
  // The views live as long as the index: their lists of workloads, built by `push`, trimmed.
  for (const view of byPolicy.values()) view.selects = trimmed(view.selects);
  return [...byPolicy.values()].sort((a, b) =>
    compareStrings(objectRefKey(a.ref), objectRefKey(b.ref)),
  );
}
