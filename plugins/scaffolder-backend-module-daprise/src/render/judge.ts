import {
  buildAppView,
  computeFleetContext,
  groupFleetSnapshot,
  isKindName,
  slimObject,
} from '@daprise/plugin-daprise-common';
import type {
  AppView,
  ClusterSnapshot,
  Finding,
  FleetContext,
  RawKubernetesObject,
  Rule,
  RulesConfig,
  SlimObjectsByKind,
} from '@daprise/plugin-daprise-common';
import type { RenderedService } from './types';

/**
 * Options of `judgeRenderedService`.
 * @public
 */
export interface JudgeOptions {
  /** Name of the cluster the service is meant for (default `rendered`). */
  cluster?: string;
  /**
   * Facts about the live fleet to judge against, e.g. `controlPlaneVersions` and the target
   * cluster's `daprsystemMtls`. Without them, the render is judged on its own.
   */
  context?: Partial<FleetContext>;
  rules?: readonly Rule[];
  rulesConfig?: RulesConfig;
}

/**
 * The verdict on a rendered service.
 * @public
 */
export interface RenderedServiceJudgement {
  view: AppView;
  findings: Finding[];
  score: number;
}

/**
 * Judges a rendered service with the same slim functions, model and rules the backend applies to
 * live clusters, so what the template produces is what the backend calls compliant. Objects
 * outside the render (the gateway's Dapr Shared, the Gateway) count as unknown, not missing.
 * @public
 */
export function judgeRenderedService(
  rendered: RenderedService,
  options?: JudgeOptions,
): RenderedServiceJudgement {
  const cluster = options?.cluster ?? 'rendered';
  const objects: Record<string, unknown[]> = {};
  for (const { object } of rendered.manifests) {
    if (!isKindName(object.kind)) continue;
    (objects[object.kind] ??= []).push(
      slimObject(object.kind, object as RawKubernetesObject),
    );
  }
  const snapshot: ClusterSnapshot = {
    name: cluster,
    objects: objects as SlimObjectsByKind,
    source: 'rendered',
  };
  const grouped = groupFleetSnapshot({ clusters: [snapshot] });
  const context = computeFleetContext(grouped, {
    ...options?.context,
    source: 'rendered',
  });
  const view = buildAppView(
    grouped,
    context,
    { cluster, namespace: rendered.namespace, appId: rendered.appId },
    options,
  );
  return { view, findings: view.findings, score: view.score };
}
