import express from 'express';
import Router from 'express-promise-router';
import { findingsCsv } from '../findingRows';
import { findingsQuerySchema } from '../reads';
import type { RouterOptions } from './types';
import { oneOf, parseQuery } from './queryParams';

/** `GET /findings`: the object checks' findings, behind `daprise.fleet.read` as the fleet is. */
export function findingsRouter(options: RouterOptions): express.Router {
  const { httpAuth, rules, reads } = options;
  const router = Router();
  const querySchema = findingsQuerySchema(rules).extend({
    format: oneOf(['json', 'csv']).optional(),
  });

  router.get('/findings', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // The permission first: a user who may not read the fleet learns nothing, not even
    // which parameters are wrong.
    await reads.access.requireFleetRead(credentials);
    const { format, ...query } = parseQuery(querySchema, req.query);
    const { all, ...page } = await reads.findings(query, credentials);
    if (format === 'csv') {
      res
        .type('text/csv')
        .attachment('dapr-findings.csv')
        .send(findingsCsv(all));
      return;
    }
    res.json(page);
  });

  return router;
}
