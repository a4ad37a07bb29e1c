import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The fleet page.
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'daprise',
});

/**
 * The governance rules page; mount it at `/daprise/rules`. Findings link to a rule's entry
 * (`#<rule-id>`) when it is mounted.
 * @public
 */
export const rulesRouteRef = createRouteRef({
  id: 'daprise-rules',
});
