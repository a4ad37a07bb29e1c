import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  dapriseEntityReadPermission,
  dapriseFleetReadPermission,
  EntityDaprRef,
  findAppViews,
  FLEET_SORT_FIELDS,
  FleetRow,
  getEntityDaprRef,
  Rule,
  RulesConfig,
  SEVERITIES,
} from '@daprise/plugin-daprise-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { CatalogApps } from './catalogApps';
import { FleetIndex } from './fleetIndex';
import { fleetCsv, queryFleet, toFleetRow } from './fleetRows';
import { IndexVersionedBodies } from './indexVersionedBodies';
import { PermissionDecisions } from './permissionDecisions';
import {
  listParam,
  nonNegativeIntegerParam,
  oneOf,
  parseQuery,
} from './queryParams';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  fleet: FleetIndex;
  catalogApps: CatalogApps;
  rules: readonly Rule[];
  rulesConfig?: RulesConfig;
  /** How long GET /changes holds a request open. */
  longPollMs?: number;
  /** How long a permission policy's answer is reused per principal (default 10 s; 0: never). */
  permissionDecisionTtlMs?: number;
}

/** The REST API of the Daprise backend; see the plugin's README. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, fleet, catalogApps, rules } = options;
  const decisions = new PermissionDecisions({
    permissions: options.permissions,
    ttlMs: options.permissionDecisionTtlMs ?? 10_000,
  });
  // Every endpoint is a GET: no body parser.
  const router = Router();

  const viewBodies = new IndexVersionedBodies(() => fleet.indexVersion);

  // Fleet rows only change when the index does: built once per index version.
  let rowsVersion = -1;
  let rows: FleetRow[] = [];
  const fleetRows = () => {
    if (rowsVersion !== fleet.indexVersion) {
      rows = [...fleet.index.apps.values()].map(view =>
        toFleetRow(view, catalogApps.lookup(view)),
      );
      rowsVersion = fleet.indexVersion;
    }
    return rows;
  };

  const clusterSummaries = (names?: string[]) =>
    fleet
      .clusterStatuses()
      .filter(status => !names || names.includes(status.name))
      .map(({ name, stale, error, lastSyncAt, synced }) => ({
        name,
        synced,
        stale,
        error,
        lastSyncAt,
      }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entity/:namespace/:kind/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    if (
      !(await decisions.isAllowedOn(
        dapriseEntityReadPermission,
        entityRef,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        `You may not read the Dapr view of ${entityRef}`,
      );
    }
    // Entities with an app-id are in the catalog map already: asking the catalog again on
    // every view would cost an internal request (and a token) per page view. The others
    // (no annotation, or registered since the last refresh) are looked up.
    const known = catalogApps.get(entityRef);
    let daprRef: EntityDaprRef | null;
    if (known) {
      daprRef = { appId: known.appId };
      if (known.namespace) daprRef.namespace = known.namespace;
      if (known.cluster) daprRef.cluster = known.cluster;
    } else {
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity)
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      catalogApps.remember(entity);
      daprRef = getEntityDaprRef(entity) ?? null;
    }
    const key = JSON.stringify([
      entityRef,
      daprRef?.appId,
      daprRef?.namespace,
      daprRef?.cluster,
    ]);
    const { body, etag } = viewBodies.get(key, () => {
      const apps = daprRef ? findAppViews(fleet.index, daprRef) : [];
      return {
        entityRef,
        daprRef,
        apps,
        clusters: clusterSummaries(
          daprRef?.cluster ? [daprRef.cluster] : undefined,
        ),
        observedAt: fleet.observedAt.toISOString(),
        indexVersion: fleet.indexVersion,
      };
    });
    // The page asks again after every index change: an unchanged view costs a 304.
    res.set('Cache-Control', 'private, no-cache');
    res.set('ETag', etag);
    res.type('application/json').send(body);
  });

  const requireFleetRead = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (!(await decisions.isAllowed(dapriseFleetReadPermission, credentials))) {
      throw new NotAllowedError(
        'Reading the Dapr fleet needs the daprise.fleet.read permission',
      );
    }
  };

  const fleetQuerySchema = z.object({
    cluster: listParam(z.string()),
    namespace: listParam(z.string()),
    owner: listParam(z.string()),
    rule: listParam(oneOf(rules.map(rule => rule.id))),
    severity: listParam(oneOf(SEVERITIES)),
    q: z.string().optional(),
    sort: oneOf(FLEET_SORT_FIELDS).optional(),
    order: oneOf(['asc', 'desc']).optional(),
    offset: nonNegativeIntegerParam.optional(),
    limit: nonNegativeIntegerParam.optional(),
    format: oneOf(['json', 'csv']).optional(),
  });

  router.get('/fleet', async (req, res) => {
    await requireFleetRead(req);
    const { format, ...query } = parseQuery(fleetQuerySchema, req.query);
    const result = queryFleet(fleetRows(), query, rules);
    if (format === 'csv') {
      res
        .type('text/csv')
        .attachment('dapr-fleet.csv')
        .send(fleetCsv(result.all));
      return;
    }
    const { all: _all, ...page } = result;
    res.json({
      ...page,
      observedAt: fleet.observedAt.toISOString(),
      indexVersion: fleet.indexVersion,
    });
  });

  router.get('/clusters', async (req, res) => {
    await requireFleetRead(req);
    res.json({
      items: fleet.clusterStatuses(),
      observedAt: fleet.observedAt.toISOString(),
    });
  });

  router.get('/rules', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({
      items: rules.map(rule => {
        const settings = options.rulesConfig?.[rule.id];
        return {
          id: rule.id,
          title: rule.title,
          description: rule.description,
          remediation: rule.remediation,
          severity: settings?.severity ?? rule.defaultSeverity,
          enabled: settings?.enabled ?? true,
          weight: settings?.weight ?? rule.defaultWeight,
        };
      }),
    });
  });

  const changesQuerySchema = z.object({
    after: nonNegativeIntegerParam.optional(),
  });

  router.get('/changes', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const after = parseQuery(changesQuerySchema, req.query).after ?? -1;
    const abort = new AbortController();
    // The response's close, not the request's: Node closes a request once its body is read.
    res.on('close', () => abort.abort());
    const indexVersion = await fleet.waitForChange(
      after,
      options.longPollMs ?? 25_000,
      abort.signal,
    );
    if (!res.headersSent)
      res.json({ indexVersion, observedAt: fleet.observedAt.toISOString() });
  });

  return router;
}
