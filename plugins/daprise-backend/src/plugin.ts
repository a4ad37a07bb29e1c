import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  builtinRules,
  daprisePermissions,
  Rule,
} from '@daprise/plugin-daprise-common';
import {
  dapriseRulesExtensionPoint,
  readRulesConfig,
  resolveClusters,
} from '@daprise/plugin-daprise-node';
import { z } from 'zod';
import { createDapriseActions } from './actions';
import { DAPRISE_INDEX_TOPIC } from './catalog/topics';
import { DapriseAccess } from './service/access';
import { CatalogApps } from './service/catalogApps';
import { FleetIndex } from './service/fleetIndex';
import { followIndexChanges } from './service/followIndexChanges';
import { PermissionDecisions } from './service/permissionDecisions';
import { DapriseReads } from './service/reads';
import { createRouter } from './service/router';
import { signalChanges } from './service/signalChanges';

const maxLongPollsSchema = z
  .number({
    invalid_type_error:
      'daprise.changes.maxLongPollsPerUser must be a number, e.g. 4',
  })
  .int('daprise.changes.maxLongPollsPerUser must be a whole number, e.g. 4')
  .positive(
    'daprise.changes.maxLongPollsPerUser must be at least 1 (each open page holds one)',
  )
  .optional();

function readMaxLongPollsPerUser(config: Config): number | undefined {
  const result = maxLongPollsSchema.safeParse(
    config.getOptional('daprise.changes.maxLongPollsPerUser'),
  );
  if (!result.success) throw new Error(result.error.issues[0].message);
  return result.data;
}

/**
 * The Daprise backend plugin: a watch-fed index of Dapr Shared, Dapr and Gateway API
 * state across clusters, mapped to catalog entities and judged by governance rules.
 * @public
 */
export const dapriseBackendPlugin = createBackendPlugin({
  pluginId: 'daprise',
  register(env) {
    const addedRules: Rule[] = [];
    env.registerExtensionPoint(dapriseRulesExtensionPoint, {
      addRules(...rules) {
        addedRules.push(...rules);
      },
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        events: eventsServiceRef,
        signals: signalsServiceRef,
      },
      async init({
        logger,
        config,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        lifecycle,
        scheduler,
        catalog,
        actionsRegistry,
        events,
        signals,
      }) {
        const rules = [...builtinRules, ...addedRules];
        const duplicate = rules.find(
          (rule, i) => rules.findIndex(r => r.id === rule.id) !== i,
        );
        if (duplicate)
          throw new Error(
            `Daprise: two governance rules have the id '${duplicate.id}'`,
          );
        const rulesConfig = readRulesConfig(config);
        const { clusters } = resolveClusters(config, { purpose: 'read' });
        if (clusters.length === 0) {
          logger.warn(
            'Daprise: no cluster configured (kubernetes.clusterLocatorMethods of type config, or daprise.clusters)',
          );
        }
        const fleet = new FleetIndex({ clusters, logger, rules, rulesConfig });
        const catalogApps = new CatalogApps({
          catalog,
          auth,
          logger,
          scheduler,
          onChange: apps =>
            fleet.setExtraAppKeys(
              apps.map(app => ({
                appId: app.appId,
                namespace: app.namespace ?? 'default',
                cluster: app.cluster ?? clusters[0]?.name ?? 'unknown',
              })),
            ),
        });
        permissionsRegistry.addPermissions(daprisePermissions);
        fleet.start();
        await catalogApps.start();
        // Who follows the index: the catalog module (events) and open pages (signals).
        const announcing = followIndexChanges({
          fleet,
          logger,
          listeners: [
            ({ indexVersion }) =>
              events.publish({
                topic: DAPRISE_INDEX_TOPIC,
                eventPayload: { indexVersion },
              }),
            signalChanges({ signals, catalogApps }),
          ],
        });
        lifecycle.addShutdownHook(() => {
          announcing.abort();
          fleet.stop();
          catalogApps.stop();
        });
        logger.info(
          `Daprise: watching ${
            clusters.map(c => c.name).join(', ') || 'no cluster'
          }`,
        );
        // A load balancer's or orchestrator's probe has no Backstage token; /health tells
        // nothing about the fleet.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // One permission cache and one set of checks for the REST routes and the actions.
        const decisions = new PermissionDecisions({
          permissions,
          ttlMs: config.has('daprise.permissions.decisionTtl')
            ? durationToMilliseconds(
                readDurationFromConfig(config, {
                  key: 'daprise.permissions.decisionTtl',
                }),
              )
            : 10_000,
        });
        const reads = new DapriseReads({
          fleet,
          rules,
          catalog,
          catalogApps,
          access: new DapriseAccess(decisions, catalogApps),
        });
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            fleet,
            reads,
            rules,
            rulesConfig,
            catalogComponentOwner: config.getOptionalString(
              'daprise.catalog.components.owner',
            ),
            maxLongPollsPerUser: readMaxLongPollsPerUser(config),
            // The scaffolder module's default cluster, where a template without a cluster
            // applies: the scaffolder pickers offer it first.
            scaffolderDefaultCluster: config.getOptionalString(
              'daprise.scaffolder.defaultCluster',
            ),
          }),
        );
        createDapriseActions({ actionsRegistry, fleet, reads, rules });
      },
    });
  },
});
