import express from 'express';
import Router from 'express-promise-router';
import { catalogRouter } from './catalog';
import { changesRouter } from './changes';
import { entityRouter } from './entity';
import { findingsRouter } from './findings';
import { fleetRouter } from './fleet';
import { rulesRouter } from './rules';
import { scaffolderRouter } from './scaffolder';
import type { RouterOptions } from './types';

export type { RouterOptions } from './types';

/** The REST API of the Daprise backend; see the plugin's README. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  // Every endpoint is a GET: no body parser.
  const router = Router();
  // Open to requests without credentials (the plugin's auth policy): it says nothing else.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(entityRouter(options));
  router.use(fleetRouter(options));
  router.use(findingsRouter(options));
  router.use(rulesRouter(options));
  router.use(changesRouter(options));
  router.use(catalogRouter(options));
  router.use(scaffolderRouter(options));
  return router;
}
