import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { DapriseIcon } from '../components/DapriseIcon';
import { rootRouteRef } from '../routes';
import {
  dapriseApi,
  dapriseEntityCard,
  dapriseEntityContent,
  dapriseFleetPage,
} from './extensions';

/**
 * The Daprise plugin for the new frontend system: the API client, the Dapr fleet page at
 * `/daprise` (with its navigation item), the Dapr entity card and the entity's Dapr tab.
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
  extensions: [
    dapriseApi,
    dapriseFleetPage,
    dapriseEntityCard,
    dapriseEntityContent,
  ],
});
