import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Finding } from '@daprise/plugin-daprise-common';
import { judgeRenderedService } from '../render/judge';
import { renderService } from '../render/service';
import type { RenderedService } from '../render/types';
import type { ValidationError } from '../validation';
import { validateServiceInput } from '../validation';
import { findAppIdUsage } from './appIds';
import { findingErrors, readFleetContext } from './governance';
import {
  DapriseScaffolderSettings,
  ScaffolderCluster,
  connectionFor,
} from './settings';

/**
 * Forms send an empty string for an optional text field left empty; the service input means
 * "not given" by leaving the field out.
 */
const OPTIONAL_TEXT_FIELDS: Record<string, string[]> = {
  '': ['system', 'description', 'pathPrefix'],
  daprShared: ['configName', 'trustAnchorsConfigMap', 'daprdVersion'],
  gateway: ['gatewayDaprNamespace', 'gatewayAppId'],
};

/**
 * The service input (`ServiceInputDraft`) within an action's input, cleaned of form artefacts
 * and of the keys that belong to the action, not to the service.
 */
export function serviceDraftOf(
  input: Record<string, unknown>,
  actionOnlyKeys: readonly string[],
): Record<string, unknown> {
  const draft: Record<string, unknown> = JSON.parse(JSON.stringify(input));
  for (const key of actionOnlyKeys) delete draft[key];
  for (const [parent, keys] of Object.entries(OPTIONAL_TEXT_FIELDS)) {
    const holder = (parent ? draft[parent] : draft) as
      | Record<string, unknown>
      | undefined;
    if (!holder || typeof holder !== 'object') continue;
    for (const key of keys) if (holder[key] === '') delete holder[key];
  }
  return draft;
}

/** What `prepareService` found: either the input's problems, or the render and its verdict. */
export type PreparedService =
  | { ok: false; errors: ValidationError[]; warnings: ValidationError[] }
  | {
      ok: true;
      warnings: ValidationError[];
      rendered: RenderedService;
      /** Every finding of an enabled rule on the render. */
      findings: Finding[];
      /** The findings as validation errors naming the form field to change. */
      governanceErrors: ValidationError[];
    };

/**
 * Checks a service draft the way the render action does, without writing anything: every field
 * (with a fix for each problem), the app-id against the target cluster (read-only), then the
 * render against the portal's governance rules with what the cluster tells about the fleet.
 */
export async function prepareService(options: {
  draft: Record<string, unknown>;
  settings: DapriseScaffolderSettings;
  cluster: ScaffolderCluster | undefined;
  logger: LoggerService;
}): Promise<PreparedService> {
  const { draft, settings, cluster, logger } = options;
  const client = cluster ? connectionFor(cluster) : undefined;
  let existingAppIds: Record<string, string[]> | undefined;
  if (
    client &&
    typeof draft.appId === 'string' &&
    typeof draft.namespace === 'string'
  ) {
    const usage = await findAppIdUsage(client, draft.namespace, draft.appId);
    if (usage.unchecked.length > 0) {
      logger.warn(
        `Cluster ${cluster!.name}: may not list ${usage.unchecked.join(
          ', ',
        )} in ${draft.namespace}; an app-id used there would go unnoticed`,
      );
    }
    if (usage.usedBy.length > 0) {
      logger.info(
        `App-id ${draft.appId} is used by ${usage.usedBy.join(', ')}`,
      );
      existingAppIds = { [draft.namespace]: [draft.appId] };
    }
  } else if (!cluster) {
    logger.warn(
      'No cluster is usable by the scaffolder (daprise.clusters with scaffolder.serviceAccountToken): the app-id is not checked against a cluster',
    );
  }

  const platform = {
    allowKubernetesSecretStore: settings.allowKubernetesSecretStore,
  };
  const validation = validateServiceInput(draft, {
    existingAppIds,
    ...platform,
  });
  if (!validation.ok) return validation;
  const rendered = renderService(validation.value, platform);
  const { findings } = judgeRenderedService(rendered, {
    cluster: cluster?.name,
    rulesConfig: settings.rulesConfig,
    context: client ? await readFleetContext(client, cluster!.name) : undefined,
  });
  return {
    ok: true,
    warnings: validation.warnings,
    rendered,
    findings,
    governanceErrors: findingErrors(findings),
  };
}
