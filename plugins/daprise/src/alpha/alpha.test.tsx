import type { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen, within } from '@testing-library/react';
import { exampleEntityView } from '../__testUtils__/exampleTopology';
import { fleetPageOf } from '../__testUtils__/fleet';
import { mockDapriseApi } from '../__testUtils__/mockDapriseApi';
import { DapriseClient, dapriseApiRef } from '../api';
import { builtinRules, describeRules } from '@daprise/plugin-daprise-common';
import plugin, {
  dapriseApi,
  dapriseEntityCard,
  dapriseEntityContent,
  dapriseFleetPage,
  dapriseRulesPage,
} from '.';

const orders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    annotations: { 'dapr.io/app-id': 'orders' },
  },
};

describe('the new frontend system plugin', () => {
  it('is the daprise plugin with its API, page and entity card', () => {
    expect(plugin.pluginId).toBe('daprise');
    expect(plugin.title).toBe('Dapr fleet');
    // The extension ids the app and its configuration refer to.
    expect(plugin.getExtension('api:daprise')).toMatchObject({
      kind: 'api',
      namespace: 'daprise',
    });
    expect(plugin.getExtension('page:daprise')).toMatchObject({
      kind: 'page',
      namespace: 'daprise',
    });
    expect(plugin.getExtension('page:daprise/rules')).toMatchObject({
      kind: 'page',
      namespace: 'daprise',
      name: 'rules',
    });
    expect(plugin.getExtension('entity-card:daprise')).toMatchObject({
      kind: 'entity-card',
      namespace: 'daprise',
    });
  });

  it('provides the Daprise client as an API', () => {
    const tester = createExtensionTester(dapriseApi);
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api).toBe(dapriseApiRef);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(DapriseClient);
  });

  it('mounts the fleet page at /daprise, titled "Dapr fleet" for the navigation', async () => {
    const tester = createExtensionTester(dapriseFleetPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/daprise');
    expect(tester.get(coreExtensionData.title)).toBe('Dapr fleet');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();

    const api = mockDapriseApi({
      getFleet: jest.fn(async () => fleetPageOf()),
    });
    renderTestApp({
      extensions: [dapriseFleetPage],
      initialRouteEntries: ['/daprise'],
      apis: [
        [dapriseApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ],
    });

    expect(
      await screen.findByRole(
        'heading',
        { name: 'Governance' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 1, name: 'Dapr fleet' }),
    ).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'sidebar nav' });
    expect(
      within(nav).getByRole('link', { name: /Dapr fleet/ }),
    ).toHaveAttribute('href', '/daprise');
  });

  it('mounts the rules page at /daprise/rules, and the fleet page links to it', async () => {
    const tester = createExtensionTester(dapriseRulesPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/daprise/rules');

    const api = mockDapriseApi({
      getFleet: jest.fn(async () => fleetPageOf()),
      getRules: jest.fn(async () => ({ items: describeRules(builtinRules) })),
    });
    renderTestApp({
      extensions: [dapriseFleetPage, dapriseRulesPage],
      initialRouteEntries: ['/daprise/rules'],
      apis: [
        [dapriseApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ],
    });

    const rules = await screen.findByRole(
      'list',
      { name: 'Governance rules' },
      { timeout: 10_000 },
    );
    expect(within(rules).getAllByRole('listitem')).toHaveLength(
      builtinRules.length,
    );
    expect(
      screen.getByRole('link', { name: 'Back to the fleet' }),
    ).toHaveAttribute('href', '/daprise');
  });

  it('shows the entity card only for entities with a Dapr app-id', async () => {
    const tester = createExtensionTester(dapriseEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(orders)).toBe(true);
    expect(filter?.({ ...orders, metadata: { name: 'legacy' } })).toBe(false);

    const api = mockDapriseApi({
      getEntityView: jest.fn(async () => exampleEntityView()),
    });
    renderInTestApp(
      <EntityProvider entity={orders}>{tester.reactElement()}</EntityProvider>,
      { apis: [[dapriseApiRef, api]] },
    );

    expect(
      await screen.findByRole(
        'region',
        { name: 'prod/shop' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Dapr' })).toBeInTheDocument();
  });

  it('adds a "Dapr" tab at dapr for entities with a Dapr app-id', async () => {
    expect(plugin.getExtension('entity-content:daprise')).toMatchObject({
      kind: 'entity-content',
      namespace: 'daprise',
    });
    const tester = createExtensionTester(dapriseEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('dapr');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Dapr');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(orders)).toBe(true);
    expect(filter?.({ ...orders, metadata: { name: 'legacy' } })).toBe(false);

    const api = mockDapriseApi({
      getEntityView: jest.fn(async () => exampleEntityView()),
    });
    renderInTestApp(
      <EntityProvider entity={orders}>{tester.reactElement()}</EntityProvider>,
      { apis: [[dapriseApiRef, api]] },
    );
    expect(
      await screen.findByRole(
        'table',
        { name: 'Metadata of component orders-state' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });
});
