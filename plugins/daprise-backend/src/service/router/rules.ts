import { describeRules, RuleList } from '@daprise/plugin-daprise-common';
import express from 'express';
import Router from 'express-promise-router';
import type { RouterOptions } from './types';

/** `GET /rules`: every governance rule, documented, with its settings as configured. */
export function rulesRouter(options: RouterOptions): express.Router {
  const { httpAuth, rules, rulesConfig } = options;
  const router = Router();
  // Rules and their configuration are fixed once the plugin starts.
  const body: RuleList = { items: describeRules(rules, rulesConfig) };

  router.get('/rules', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(body);
  });

  return router;
}
