import { createApiRef } from '@backstage/core-plugin-api';
import type { DapriseApi } from './types';

/**
 * The {@link DapriseApi} of the app.
 * @public
 */
export const dapriseApiRef = createApiRef<DapriseApi>({
  id: 'plugin.daprise.api',
});
