import express from 'express';
import Router from 'express-promise-router';
import { ServiceUnavailableError } from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import { daprComponentEntities } from '../../catalog/componentEntities';
import type { RouterOptions } from './types';

/**
 * `GET /catalog/entities`: the Resource entities of the fleet's Dapr Components, for the
 * catalog module's entity provider (`catalogModuleDapriseComponents`). Plugins only (a
 * service token): users read them from the catalog, under the catalog's permissions.
 */
export function catalogRouter(options: RouterOptions): express.Router {
  const { httpAuth, fleet, reads } = options;
  const router = Router();
  // Built once per index version: the provider asks after every change of the index.
  let builtFor = -1;
  let entities: Entity[] = [];

  router.get('/catalog/entities', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    // Before the first index the answer would be empty, and a full sync of nothing would
    // delete every component from the catalog.
    if (fleet.indexVersion === 0)
      throw new ServiceUnavailableError(
        'Daprise has not indexed its clusters yet',
      );
    if (builtFor !== fleet.indexVersion) {
      const { catalogApps } = reads.options;
      entities = daprComponentEntities(fleet.index, {
        entityOf: key => catalogApps.lookup(key),
        owner: options.catalogComponentOwner,
      });
      builtFor = fleet.indexVersion;
    }
    res.json({ indexVersion: builtFor, entities });
  });

  return router;
}
