import { NotAllowedError } from '@backstage/errors';
import {
  dapriseFleetReadPermission,
  FLEET_SORT_FIELDS,
  FleetRow,
  SEVERITIES,
} from '@daprise/plugin-daprise-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { fleetCsv, queryFleet, toFleetRow } from '../fleetRows';
import type { RouteGroupOptions } from './types';
import {
  listParam,
  nonNegativeIntegerParam,
  oneOf,
  parseQuery,
} from './queryParams';

/** `GET /fleet` and `GET /clusters`: the whole fleet, behind `daprise.fleet.read`. */
export function fleetRouter(options: RouteGroupOptions): express.Router {
  const { httpAuth, fleet, catalogApps, rules, decisions } = options;
  const router = Router();

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

  return router;
}
