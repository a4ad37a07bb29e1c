import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  dapriseEntityReadPermission,
  dapriseFleetReadPermission,
  EntityDaprRef,
  findAppViews,
  FleetQuery,
  FleetRow,
  FleetSortField,
  getEntityDaprRef,
  Severity,
  Rule,
  RulesConfig,
} from '@daprise/plugin-daprise-common';
import express from 'express';
import Router from 'express-promise-router';
import { CatalogApps } from './catalogApps';
import { FleetIndex } from './fleetIndex';
import { fleetCsv, queryFleet, toFleetRow } from './fleetRows';
import { IndexVersionedBodies } from './indexVersionedBodies';
import { PermissionDecisions } from './permissionDecisions';

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

function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value]).flatMap(v =>
    String(v).split(','),
  );
  return values.map(v => v.trim()).filter(Boolean);
}

function integer(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InputError(
      `${name} must be a non-negative integer, got '${value}'`,
    );
  return n;
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

  router.get('/fleet', async (req, res) => {
    await requireFleetRead(req);
    const order = req.query.order;
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw new InputError(`order must be 'asc' or 'desc', got '${order}'`);
    }
    const query: FleetQuery = {
      cluster: list(req.query.cluster),
      namespace: list(req.query.namespace),
      owner: list(req.query.owner),
      rule: list(req.query.rule),
      severity: list(req.query.severity) as Severity[] | undefined,
      q: typeof req.query.q === 'string' ? req.query.q : undefined,
      sort:
        typeof req.query.sort === 'string'
          ? (req.query.sort as FleetSortField)
          : undefined,
      order,
      offset: integer(req.query.offset, 'offset'),
      limit: integer(req.query.limit, 'limit'),
    };
    const result = queryFleet(fleetRows(), query, rules);
    if (req.query.format === 'csv') {
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

  router.get('/changes', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const after = integer(req.query.after, 'after') ?? -1;
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
