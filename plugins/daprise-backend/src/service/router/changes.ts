import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { RouterOptions } from './types';
import { nonNegativeIntegerParam, parseQuery } from './queryParams';

/** How many long polls one principal may hold open at once, unless configured. */
export const DEFAULT_MAX_LONG_POLLS_PER_USER = 4;

/** A 429: the principal holds as many long polls as it may. */
class TooManyLongPollsError extends CustomErrorBase {
  name = 'TooManyLongPollsError' as const;
  readonly statusCode = 429;
}

function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${principal.userEntityRef ?? principal.subject}`;
}

/** `GET /changes?after=N`: a long poll for the next index version. */
export function changesRouter(options: RouterOptions): express.Router {
  const { httpAuth, fleet } = options;
  const router = Router();
  const longPollMs = options.longPollMs ?? 25_000;
  const maxPerUser =
    options.maxLongPollsPerUser ?? DEFAULT_MAX_LONG_POLLS_PER_USER;
  // Open long polls by principal. Each holds a socket and a timer for up to 25 s: without a
  // cap, one user (a script, a page opened in a hundred tabs) could hold any number.
  const openPolls = new Map<string, number>();

  const changesQuerySchema = z.object({
    after: nonNegativeIntegerParam.optional(),
  });

  router.get('/changes', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const after = parseQuery(changesQuerySchema, req.query).after ?? -1;
    const principal = principalKey(credentials);
    const open = openPolls.get(principal) ?? 0;
    if (open >= maxPerUser) {
      // A refusal rather than answering an older poll at once: that one's page would ask
      // again at once and push out the next, a loop of requests; the frontend backs off
      // after a failed poll and tries again.
      res.set('Retry-After', String(Math.ceil(longPollMs / 1000)));
      throw new TooManyLongPollsError(
        `At most ${maxPerUser} requests to /changes may wait at once per user; close some of the pages that show Daprise, or try again in ${Math.ceil(
          longPollMs / 1000,
        )} s`,
      );
    }
    openPolls.set(principal, open + 1);
    const abort = new AbortController();
    // The response's close, not the request's: Node closes a request once its body is read.
    res.on('close', () => abort.abort());
    try {
      const indexVersion = await fleet.waitForChange(
        after,
        longPollMs,
        abort.signal,
      );
      if (!res.headersSent)
        res.json({ indexVersion, observedAt: fleet.observedAt.toISOString() });
    } finally {
      const left = (openPolls.get(principal) ?? 1) - 1;
      if (left > 0) openPolls.set(principal, left);
      else openPolls.delete(principal);
    }
  });

  return router;
}
