import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { DapriseIcon } from '../components/DapriseIcon';
import { rootRouteRef } from '../routes';
import { dapriseApi, dapriseEntityCard, dapriseFleetPage } from './extensions';

/**
 * The Daprise plugin for the new frontend system: the API client, the Dapr fleet page at
 * `/daprise` (with its navigation item) and the Dapr entity card.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'daprise',
  title: 'Dapr fleet',
  icon: <DapriseIcon fontSize="inherit" />,
  info: { packageJson: () => import('../../package.json') },
  routes: {
    root: rootRouteRef,
  },
  extensions: [dapriseApi, dapriseFleetPage, dapriseEntityCard],
});
