// The object findings an app view shows: those about the objects it shows and those naming
// the app, each once. Not exported from the package: `buildAppView` (../findings) applies it.
import type { AppView, Finding } from '../model/appTypes';
import { objectRefKey, refOf } from '../refs';
import type { ObjectRef } from '../types';

/** A cluster's object findings by the object they are about and by the app they name. */
interface FindingsByLink {
  byObject: Map<string, Finding[]>;
  /** By `namespace/appId` (the namespace of the finding's object). */
  byApp: Map<string, Finding[]>;
}

const links = new WeakMap<readonly Finding[], FindingsByLink>();

function linksOf(findings: readonly Finding[]): FindingsByLink {
  let found = links.get(findings);
  if (!found) {
    found = { byObject: new Map(), byApp: new Map() };
    const push = (map: Map<string, Finding[]>, key: string, f: Finding) => {
      const list = map.get(key);
      if (list) list.push(f);
      else map.set(key, [f]);
    };
    for (const finding of findings) {
      if (finding.object)
        push(found.byObject, objectRefKey(finding.object), finding);
      if (finding.appId && finding.object?.namespace !== undefined)
        push(
          found.byApp,
          `${finding.object.namespace}/${finding.appId}`,
          finding,
        );
    }
    links.set(findings, found);
  }
  return found;
}

/** The objects an app view shows, whose findings are the app's. */
function objectsOf(view: AppView): ObjectRef[] {
  const refs: ObjectRef[] = [];
  for (const list of [
    view.components,
    view.configurations,
    view.resiliencies,
    view.subscriptions,
    view.httpEndpoints,
    view.mcpServers,
    view.workflowAccessPolicies,
  ])
    for (const object of list) refs.push(refOf(view.cluster, object));
  for (const route of view.routes) refs.push(route.ref);
  for (const instance of [...view.daprShared, ...view.sidecars])
    refs.push(instance.ref);
  for (const workload of view.appWorkloads) refs.push(workload.ref);
  return refs;
}

/**
 * The object findings that belong to an app view: those naming the app (`appId`, in its
 * namespace) and those about an object the view shows that name no other app (a route in the
 * gateway's namespace may name its target app in another). Each comes with
 * the app's id, so that a fact judged once per object (a plaintext secret, a route's status)
 * is shown on every app it concerns without a second, app-level finding saying the same.
 */
export function objectFindingsOfView(
  view: AppView,
  clusterFindings: readonly Finding[],
): Finding[] {
  const { byObject, byApp } = linksOf(clusterFindings);
  const out = new Set<Finding>(
    byApp.get(`${view.namespace}/${view.appId}`) ?? [],
  );
  for (const ref of objectsOf(view))
    for (const finding of byObject.get(objectRefKey(ref)) ?? [])
      if (!finding.appId || finding.appId === view.appId) out.add(finding);
  return [...out].map(finding =>
    finding.appId ? finding : { ...finding, appId: view.appId },
  );
}
