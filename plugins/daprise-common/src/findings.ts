// The model's last step: the governance rules judge every view of the app index, giving each
// app its findings and score, and every object of each cluster (object findings). Above the index, so that the index and the rules (which read app
// views) never import each other.
import { trimmed } from './lists';
import { indexApps, computeFleetContext, describeApp } from './model/appIndex';
import type { AppIndex, AppKey, AppView, FleetContext } from './model/appTypes';
import { groupFleetSnapshot } from './model/snapshot';
import type { FleetSnapshot, GroupedFleet } from './model/snapshotTypes';
import { builtinRules } from './rules/builtin';
import { evaluateRules, scoreApp } from './rules/evaluate';
import { mergeFindings } from './rules/findingOf';
import { validateClusterOnce, validateFleet } from './rules/validate';
import { objectFindingsOfView } from './rules/viewFindings';
import type { Rule, RulesConfig } from './rules/types';

/**
 * Options of `buildAppIndex` and `buildAppView`.
 * @public
 */
export interface AppIndexOptions {
  /** Rules to evaluate; default `builtinRules`. Pass `[...builtinRules, ...extra]` to add some. */
  rules?: readonly Rule[];
  rulesConfig?: RulesConfig;
  /**
   * App keys to build views for even when nothing runs for them (e.g. from catalog entities), so
   * that `app-without-dapr` can report them.
   */
  extraAppKeys?: readonly AppKey[];
  /** Overrides parts of the computed fleet context (e.g. a fleet-wide version for a render). */
  context?: Partial<FleetContext>;
}

/**
 * Builds the view of one app from a grouped fleet, judged by the rules: its app checks, and the
 * object findings of its objects (its Components, routes, Dapr Shared instances...) and those
 * naming it, each fact once. Cheap (map look-ups and the app's own objects; a cluster's object
 * checks run once per grouping of it), so the backend can rebuild just the apps a change touches.
 * Returns a view even when nothing runs for the key (then `app-without-dapr` reports it).
 * @public
 */
export function buildAppView(
  grouped: GroupedFleet,
  context: FleetContext,
  key: AppKey,
  options?: Omit<AppIndexOptions, 'extraAppKeys' | 'context'>,
): AppView {
  const rules = options?.rules ?? builtinRules;
  const view = describeApp(grouped, key);
  const cluster = grouped.clusters.get(key.cluster);
  const objectFindings = cluster
    ? objectFindingsOfView(
        view,
        validateClusterOnce(cluster, rules, options?.rulesConfig),
      )
    : [];
  view.findings = trimmed(
    mergeFindings(
      evaluateRules(view, context, rules, options?.rulesConfig),
      objectFindings,
    ),
  );
  view.score = scoreApp(view.findings, rules, options?.rulesConfig);
  return view;
}

function isGroupedFleet(
  fleet: FleetSnapshot | GroupedFleet,
): fleet is GroupedFleet {
  return fleet.clusters instanceof Map;
}

/**
 * Builds every app view of the fleet, judged by the rules' app checks, and every cluster's
 * object findings (the rules' object checks). Objects are grouped by cluster and
 * namespace once and looked up through maps and label indexes, so the cost is linear in the
 * fleet's size.
 * @public
 */
export function buildAppIndex(
  snapshot: FleetSnapshot | GroupedFleet,
  options?: AppIndexOptions,
): AppIndex {
  const grouped = isGroupedFleet(snapshot)
    ? snapshot
    : groupFleetSnapshot(snapshot);
  const context = computeFleetContext(grouped, options?.context);
  const index = indexApps(
    grouped,
    context,
    key => buildAppView(grouped, context, key, options),
    options?.extraAppKeys,
  );
  index.objectFindings = validateFleet(
    grouped,
    options?.rules ?? builtinRules,
    options?.rulesConfig,
  );
  return index;
}
