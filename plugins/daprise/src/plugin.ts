import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import type { DaprGatewayChoice } from '@daprise/plugin-daprise-common';
import { DapriseClient, dapriseApiRef } from './api';
import {
  DAPRD_VERSION_PICKER,
  DaprdVersionPicker,
} from './components/DaprdVersionPicker';
import {
  DAPR_APP_ID_FIELD,
  DaprAppIdField,
  DaprAppIdFieldOptions,
  daprAppIdValidation,
} from './components/DaprAppIdField';
import type { DaprScaffolderFieldOptions } from './components/shared/scaffolderTarget';
import {
  DAPR_COMPONENTS_PICKER,
  DaprComponentsPicker,
  daprComponentsValidation,
} from './components/DaprComponentsPicker';
import {
  DAPR_GATEWAY_PICKER,
  DaprGatewayPicker,
} from './components/DaprGatewayPicker';
import {
  DAPR_NAMESPACE_PICKER,
  DaprNamespacePicker,
} from './components/DaprNamespacePicker';
import type { EntityDapriseCardProps } from './components/EntityDapriseCard';
import { rootRouteRef, rulesRouteRef } from './routes';

/**
 * The Daprise plugin for the legacy frontend system.
 * @public
 */
export const daprisePlugin = createPlugin({
  id: 'daprise',
  apis: [
    createApiFactory({
      api: dapriseApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DapriseClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    rules: rulesRouteRef,
  },
});

/**
 * The Dapr fleet page; mount it at `/daprise`.
 * @public
 */
export const DapriseFleetPage: () => JSX.Element = daprisePlugin.provide(
  createRoutableExtension({
    name: 'DapriseFleetPage',
    component: () =>
      import('./components/DapriseFleetPage').then(m => m.DapriseFleetPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The governance rules page (what each rule checks, why, how to fix it, its Kiali code);
 * mount it at `/daprise/rules`. Findings link to it when it is mounted.
 * @public
 */
export const DapriseRulesPage: () => JSX.Element = daprisePlugin.provide(
  createRoutableExtension({
    name: 'DapriseRulesPage',
    component: () =>
      import('./components/DapriseRulesPage').then(m => m.DapriseRulesPage),
    mountPoint: rulesRouteRef,
  }),
);

/**
 * The Dapr card of an entity page. Show it for entities with the `dapr.io/app-id` annotation,
 * e.g. `<EntitySwitch.Case if={isDapriseAvailable}>`.
 * @public
 */
export const EntityDapriseCard: (props: EntityDapriseCardProps) => JSX.Element =
  daprisePlugin.provide(
    createComponentExtension({
      name: 'EntityDapriseCard',
      component: {
        lazy: () =>
          import('./components/EntityDapriseCard').then(
            m => m.EntityDapriseCard,
          ),
      },
    }),
  );

/**
 * The entity's whole Dapr view, for a tab of the entity page, e.g.
 * `<EntityLayout.Route path="/dapr" title="Dapr" if={isDapriseAvailable}>` (the card links
 * to `dapr` under the entity page).
 * @public
 */
export const EntityDapriseContent: () => JSX.Element = daprisePlugin.provide(
  createComponentExtension({
    name: 'EntityDapriseContent',
    component: {
      lazy: () =>
        import('./components/EntityDapriseContent').then(
          m => m.EntityDapriseContent,
        ),
    },
  }),
);

/**
 * The scaffolder field `ui:field: DaprdVersionPicker`: a daprd version among those the fleet's
 * Dapr control planes run, newest first (the supported versions when the clusters cannot be
 * read). Add it inside `<ScaffolderFieldExtensions>` of the app's scaffolder route.
 * @public
 */
export const DaprdVersionPickerFieldExtension = daprisePlugin.provide(
  createScaffolderFieldExtension({
    name: DAPRD_VERSION_PICKER,
    component: DaprdVersionPicker,
  }),
);

/**
 * The scaffolder field `ui:field: DaprNamespacePicker`: the namespaces of the cluster that the
 * signed-in user may apply into (`daprise.cluster.apply`). Add it inside
 * `<ScaffolderFieldExtensions>` of the app's scaffolder route.
 * @public
 */
export const DaprNamespacePickerFieldExtension = daprisePlugin.provide(
  createScaffolderFieldExtension<string, DaprScaffolderFieldOptions>({
    name: DAPR_NAMESPACE_PICKER,
    component: DaprNamespacePicker,
  }),
);

/**
 * The scaffolder field `ui:field: DaprAppIdField`: a new service's app-id, checked as it is
 * typed (format, and not used in the chosen namespace) and before the form goes on. Add it
 * inside `<ScaffolderFieldExtensions>` of the app's scaffolder route.
 * @public
 */
export const DaprAppIdFieldExtension = daprisePlugin.provide(
  createScaffolderFieldExtension<string, DaprAppIdFieldOptions>({
    name: DAPR_APP_ID_FIELD,
    component: DaprAppIdField,
    validation: daprAppIdValidation,
  }),
);

/**
 * The scaffolder field `ui:field: DaprGatewayPicker`: a Gateway and listener, with their host
 * names, ports, protocols and status. Add it inside `<ScaffolderFieldExtensions>` of the app's
 * scaffolder route.
 * @public
 */
export const DaprGatewayPickerFieldExtension = daprisePlugin.provide(
  createScaffolderFieldExtension<
    Partial<DaprGatewayChoice>,
    DaprScaffolderFieldOptions
  >({
    name: DAPR_GATEWAY_PICKER,
    component: DaprGatewayPicker,
  }),
);

/**
 * The scaffolder field `ui:field: DaprComponentsPicker`: Dapr components over the
 * components-contrib catalogue, with each type's required fields and sensitive ones only as
 * `secretKeyRef`. Add it inside `<ScaffolderFieldExtensions>` of the app's scaffolder route.
 * @public
 */
export const DaprComponentsPickerFieldExtension = daprisePlugin.provide(
  createScaffolderFieldExtension({
    name: DAPR_COMPONENTS_PICKER,
    component: DaprComponentsPicker,
    validation: daprComponentsValidation,
  }),
);
