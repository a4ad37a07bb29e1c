import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { builtinRules, describeRules } from '@daprise/plugin-daprise-common';
import { dapriseApiRef } from '../../api';
import { mockDapriseApi } from '../../__testUtils__/mockDapriseApi';
import { rootRouteRef, rulesRouteRef } from '../../routes';
import { DapriseRulesPage } from './DapriseRulesPage';

/** `GET /rules` of a backend that configures one rule. */
function rulesApi() {
  return mockDapriseApi({
    getRules: jest.fn(async () => ({
      items: describeRules(builtinRules, {
        'dapr-shared-single-replica': { enabled: false, severity: 'low' },
      }),
    })),
  });
}

async function render(url = '/daprise/rules') {
  const api = rulesApi();
  const scrolled: string[] = [];
  Element.prototype.scrollIntoView = jest.fn(function record(this: Element) {
    scrolled.push(this.id);
  });
  await renderInTestApp(
    <TestApiProvider apis={[[dapriseApiRef, api]]}>
      <DapriseRulesPage />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: {
        '/daprise': rootRouteRef,
        '/daprise/rules': rulesRouteRef,
      },
    },
  );
  return { api, scrolled };
}

describe('DapriseRulesPage', () => {
  it('lists every rule with what it checks, why, how to fix it and its anchor', async () => {
    await render();
    const list = await screen.findByRole('list', { name: 'Governance rules' });
    const entries = within(list).getAllByRole('listitem');
    expect(entries.map(entry => entry.id)).toEqual(builtinRules.map(r => r.id));

    const entry = within(list).getByRole('listitem', {
      name: 'Route parent does not exist',
    });
    expect(entry).toHaveTextContent('route-parent-missing');
    expect(entry).toHaveTextContent(
      'ChecksA route names a parent Gateway or ListenerSet that does not exist',
    );
    expect(entry).toHaveTextContent(/Why it matters.*served by no Gateway/);
    expect(entry).toHaveTextContent(/How to fix it.*Point the parentRef/);
    expect(entry).toHaveTextContent('Judgesobject · HTTPRoute');
    expect(entry).toHaveTextContent('Kiali KIA1401');
    expect(
      within(entry).getByRole('link', { name: /^documentation/ }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('gateway-api.sigs.k8s.io'),
    );
    expect(
      screen.getByRole('link', { name: 'Back to the fleet' }),
    ).toHaveAttribute('href', '/daprise');
  });

  it('shows what configuration changed next to the default', async () => {
    await render();
    const entry = await screen.findByRole('listitem', {
      name: 'Dapr Shared Deployment with one replica',
    });
    expect(entry).toHaveTextContent(
      'Settingsdisabled by configuration · severity low (default medium)',
    );
    expect(within(entry).getByText('disabled')).toBeInTheDocument();
  });

  it('scrolls to the rule a finding links to', async () => {
    const { scrolled } = await render(
      '/daprise/rules#cilium-policy-selects-nothing',
    );
    await screen.findByRole('list', { name: 'Governance rules' });
    expect(scrolled).toEqual(['cilium-policy-selects-nothing']);
  });
});
