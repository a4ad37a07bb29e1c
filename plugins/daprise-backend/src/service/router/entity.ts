import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  dapriseEntityReadPermission,
  EntityDaprRef,
  findAppViews,
  getEntityDaprRef,
} from '@daprise/plugin-daprise-common';
import express from 'express';
import Router from 'express-promise-router';
import { IndexVersionedBodies } from '../indexVersionedBodies';
import type { RouteGroupOptions } from './types';

/** `GET /entity/:namespace/:kind/:name`: the Dapr view of one catalog entity. */
export function entityRouter(options: RouteGroupOptions): express.Router {
  const { httpAuth, catalog, fleet, catalogApps, decisions } = options;
  const router = Router();
  const viewBodies = new IndexVersionedBodies(() => fleet.indexVersion);

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

  return router;
}
