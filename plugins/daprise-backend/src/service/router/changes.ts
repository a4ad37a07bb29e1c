import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { RouterOptions } from './types';
import { nonNegativeIntegerParam, parseQuery } from './queryParams';

/** `GET /changes?after=N`: a long poll for the next index version. */
export function changesRouter(options: RouterOptions): express.Router {
  const { httpAuth, fleet } = options;
  const router = Router();

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
