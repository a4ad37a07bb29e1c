import express from 'express';
import Router from 'express-promise-router';
import type { RouterOptions } from './types';

/** `GET /rules`: the governance rules as configured. */
export function rulesRouter(options: RouterOptions): express.Router {
  const { httpAuth, rules } = options;
  const router = Router();

  router.get('/rules', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({
      items: rules.map(rule => {
        const settings = options.rulesConfig?.[rule.id];
        return {
          id: rule.id,
          title: rule.title,
          description: rule.description,
          remediation: rule.remediation,
          severity: settings?.severity ?? rule.defaultSeverity,
          enabled: settings?.enabled ?? true,
          weight: settings?.weight ?? rule.defaultWeight,
        };
      }),
    });
  });

  return router;
}
