import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { DapriseIcon } from '../components/DapriseIcon';
import { rootRouteRef, rulesRouteRef } from '../routes';
import {
  dapriseApi,
  dapriseEntityCard,
  dapriseEntityContent,
  daprdVersionPickerFormField,
  daprAppIdFormField,
  daprComponentsPickerFormField,
  daprGatewayPickerFormField,
  daprNamespacePickerFormField,
  dapriseFleetPage,
  dapriseRulesPage,
} from './extensions';

/**
 * The Daprise plugin for the new frontend system: the API client, the Dapr fleet page at
 * `/daprise` (with its navigation item), the governance rules page at `/daprise/rules`, the
 * Dapr entity card, the entity's Dapr tab and the scaffolder fields `DaprdVersionPicker`,
 * `DaprNamespacePicker`, `DaprAppIdField`, `DaprGatewayPicker` and `DaprComponentsPicker`.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'daprise',
  title: 'Dapr fleet',
  icon: <DapriseIcon fontSize="inherit" />,
  info: { packageJson: () => import('../../package.json') },
  routes: {
    root: rootRouteRef,
    rules: rulesRouteRef,
  },
  extensions: [
    dapriseApi,
    dapriseFleetPage,
    dapriseRulesPage,
    dapriseEntityCard,
    dapriseEntityContent,
    daprdVersionPickerFormField,
    daprNamespacePickerFormField,
    daprAppIdFormField,
    daprGatewayPickerFormField,
    daprComponentsPickerFormField,
  ],
});
