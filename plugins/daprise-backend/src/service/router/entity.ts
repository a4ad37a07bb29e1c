import { stringifyEntityRef } from '@backstage/catalog-model';
import { findAppViews } from '@daprise/plugin-daprise-common';
import express from 'express';
import Router from 'express-promise-router';
import { IndexVersionedBodies } from '../indexVersionedBodies';
import type { RouterOptions } from './types';

/** `GET /entity/:namespace/:kind/:name`: the Dapr view of one catalog entity. */
export function entityRouter(options: RouterOptions): express.Router {
  const { httpAuth, fleet, reads } = options;
  const router = Router();
  const viewBodies = new IndexVersionedBodies(() => fleet.indexVersion);

  router.get('/entity/:namespace/:kind/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    await reads.access.requireEntityRead(entityRef, credentials);
    const daprRef = await reads.daprRefOf(entityRef, credentials);
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
        objectFindings: reads.objectFindingsOf(apps),
        clusters: reads.clusterSummaries(
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

  return router;
}
