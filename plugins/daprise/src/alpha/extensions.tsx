import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import { isDapriseAvailable } from '@daprise/plugin-daprise-common';
import { DapriseClient, dapriseApiRef } from '../api';
import { DapriseIcon } from '../components/DapriseIcon';
import { rootRouteRef, rulesRouteRef } from '../routes';

/**
 * The Daprise API client (`api:daprise`).
 * @alpha
 */
export const dapriseApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: dapriseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DapriseClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Dapr fleet page at `/daprise` (`page:daprise`); its title and icon make the "Dapr fleet"
 * item of the app's navigation.
 * @alpha
 */
export const dapriseFleetPage = PageBlueprint.make({
  params: {
    path: '/daprise',
    routeRef: rootRouteRef,
    title: 'Dapr fleet',
    icon: <DapriseIcon fontSize="inherit" />,
    loader: () =>
      import('../components/DapriseFleetPage').then(m => (
        <Content>
          <m.DapriseFleetContent />
        </Content>
      )),
  },
});

/**
 * The governance rules page at `/daprise/rules` (`page:daprise/rules`): what each rule
 * checks, why it matters, how to fix it and its Kiali code. Findings link to its entries.
 * @alpha
 */
export const dapriseRulesPage = PageBlueprint.make({
  name: 'rules',
  params: {
    path: '/daprise/rules',
    routeRef: rulesRouteRef,
    title: 'Dapr rules',
    loader: () =>
      import('../components/DapriseRulesPage').then(m => (
        <Content>
          <m.DapriseRulesContent />
        </Content>
      )),
  },
});

/**
 * The Dapr card on entity pages (`entity-card:daprise`), for entities with the
 * `dapr.io/app-id` annotation.
 * @alpha
 */
export const dapriseEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isDapriseAvailable,
    loader: () =>
      import('../components/EntityDapriseCard').then(m => (
        <m.EntityDapriseCard />
      )),
  },
});

/**
 * The entity page's "Dapr" tab at `dapr` (`entity-content:daprise`): the whole Dapr view,
 * with component metadata and network policies; the card links to it.
 * @alpha
 */
export const dapriseEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'dapr',
    title: 'Dapr',
    filter: isDapriseAvailable,
    loader: () =>
      import('../components/EntityDapriseContent').then(m => (
        <m.EntityDapriseContent />
      )),
  },
});

/**
 * The scaffolder field `ui:field: DaprdVersionPicker` (`scaffolder-form-field:daprise/daprd-version-picker`):
 * a daprd version among those the fleet's Dapr control planes run, newest first.
 * @alpha
 */
export const daprdVersionPickerFormField = FormFieldBlueprint.make({
  name: 'daprd-version-picker',
  params: {
    field: () =>
      import('../components/DaprdVersionPicker').then(m =>
        createFormField({
          name: m.DAPRD_VERSION_PICKER,
          component: m.DaprdVersionPicker,
        }),
      ),
  },
});

/**
 * The scaffolder field `ui:field: DaprNamespacePicker` (`scaffolder-form-field:daprise/namespace-picker`):
 * the namespaces of the cluster the signed-in user may apply into.
 * @alpha
 */
export const daprNamespacePickerFormField = FormFieldBlueprint.make({
  name: 'namespace-picker',
  params: {
    field: () =>
      import('../components/DaprNamespacePicker').then(m =>
        createFormField({
          name: m.DAPR_NAMESPACE_PICKER,
          component: m.DaprNamespacePicker,
        }),
      ),
  },
});

/**
 * The scaffolder field `ui:field: DaprAppIdField` (`scaffolder-form-field:daprise/app-id-field`):
 * a new service's app-id, checked as it is typed and before the form goes on.
 * @alpha
 */
export const daprAppIdFormField = FormFieldBlueprint.make({
  name: 'app-id-field',
  params: {
    field: () =>
      import('../components/DaprAppIdField').then(m =>
        createFormField({
          name: m.DAPR_APP_ID_FIELD,
          component: m.DaprAppIdField,
          validation: m.daprAppIdValidation,
        }),
      ),
  },
});

/**
 * The scaffolder field `ui:field: DaprGatewayPicker` (`scaffolder-form-field:daprise/gateway-picker`):
 * a Gateway and listener with their host names, ports, protocols and status.
 * @alpha
 */
export const daprGatewayPickerFormField = FormFieldBlueprint.make({
  name: 'gateway-picker',
  params: {
    field: () =>
      import('../components/DaprGatewayPicker').then(m =>
        createFormField({
          name: m.DAPR_GATEWAY_PICKER,
          component: m.DaprGatewayPicker,
        }),
      ),
  },
});

/**
 * The scaffolder field `ui:field: DaprComponentsPicker` (`scaffolder-form-field:daprise/components-picker`):
 * Dapr components over the components-contrib catalogue, sensitive fields only as `secretKeyRef`.
 * @alpha
 */
export const daprComponentsPickerFormField = FormFieldBlueprint.make({
  name: 'components-picker',
  params: {
    field: () =>
      import('../components/DaprComponentsPicker').then(m =>
        createFormField({
          name: m.DAPR_COMPONENTS_PICKER,
          component: m.DaprComponentsPicker,
          validation: m.daprComponentsValidation,
        }),
      ),
  },
});
