import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { useLocation } from 'react-router-dom';
import { dapriseApiRef } from '../api';
import { rulesRouteRef } from '../routes';
import { DapriseFleetPage } from '../components/DapriseFleetPage';
import { clusterStatus, fleetPageOf } from './fleet';
import { mockDapriseApi } from './mockDapriseApi';

/** Shows the router's query string, so tests can see what the page put in the URL. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

/**
 * Renders the legacy fleet page at `url` (default `/daprise`) with a mocked DapriseApi (the
 * two-cluster example fleet, `staging` stale) and a permission API that allows or denies.
 */
export async function renderFleetPage(
  options: {
    allowed?: boolean;
    url?: string;
    api?: ReturnType<typeof mockDapriseApi>;
  } = {},
) {
  const api =
    options.api ??
    mockDapriseApi({
      getFleet: jest.fn(async () => fleetPageOf()),
      getClusters: jest.fn(async () => ({
        items: [
          clusterStatus('prod', {
            controlPlane: {
              services: [
                {
                  name: 'operator',
                  ref: {
                    cluster: 'prod',
                    kind: 'Deployment',
                    namespace: 'dapr-system',
                    name: 'dapr-operator',
                  },
                  namespace: 'dapr-system',
                  version: '1.18.3',
                  desired: 1,
                  ready: 1,
                },
                {
                  name: 'placement',
                  ref: {
                    cluster: 'prod',
                    kind: 'StatefulSet',
                    namespace: 'dapr-system',
                    name: 'dapr-placement-server',
                  },
                  namespace: 'dapr-system',
                  version: '1.18.3',
                  desired: 3,
                  ready: 2,
                },
              ],
              namespaces: ['dapr-system'],
              mtls: { enabled: true, source: 'default' },
            },
          }),
          clusterStatus('staging', {
            stale: true,
            error: 'connect ECONNREFUSED 10.0.0.1:6443',
          }),
        ],
      })),
    });
  const permissionApi = mockApis.permission({
    authorize:
      options.allowed === false ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
  });
  const rendered = await renderInTestApp(
    <TestApiProvider
      apis={[
        [dapriseApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <DapriseFleetPage />
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [options.url ?? '/daprise'],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/daprise/rules': rulesRouteRef,
      },
    },
  );
  return { api, rendered };
}
