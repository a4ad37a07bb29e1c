import express from 'express';
import Router from 'express-promise-router';
import { fleetCsv } from '../fleetRows';
import { fleetQuerySchema } from '../reads';
import type { RouterOptions } from './types';
import { oneOf, parseQuery } from './queryParams';

/** `GET /fleet` and `GET /clusters`: the whole fleet, behind `daprise.fleet.read`. */
export function fleetRouter(options: RouterOptions): express.Router {
  const { httpAuth, fleet, rules, reads } = options;
  const router = Router();

  const requireFleetRead = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await reads.access.requireFleetRead(credentials);
  };

  const querySchema = fleetQuerySchema(rules).extend({
    format: oneOf(['json', 'csv']).optional(),
  });

  router.get('/fleet', async (req, res) => {
    await requireFleetRead(req);
    const { format, ...query } = parseQuery(querySchema, req.query);
    const result = reads.queryFleet(query);
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
