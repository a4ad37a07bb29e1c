import { AppIndex, AppView } from '@daprise/plugin-daprise-common';
import { changedAppViews } from './changedEntities';

function view(key: string, overrides: Partial<AppView> = {}): AppView {
  const [cluster, namespace, appId] = key.split('/');
  return {
    key,
    cluster,
    namespace,
    appId,
    source: 'cluster',
    daprShared: [],
    sidecars: [],
    appWorkloads: [],
    components: [],
    configurations: [],
    resiliencies: [],
    subscriptions: [],
    httpEndpoints: [],
    mcpServers: [],
    workflowAccessPolicies: [],
    routes: [],
    routesThrough: [],
    policies: [],
    findings: [],
    score: 100,
    stale: false,
    unobservedKinds: [],
    ...overrides,
  };
}

function indexOf(...views: AppView[]): AppIndex {
  return {
    apps: new Map(views.map(v => [v.key, v])),
  } as unknown as AppIndex;
}

describe('changedAppViews', () => {
  const orders = view('local/shop/orders');
  const payments = view('local/shop/payments');

  it('reports nothing for views the index kept', () => {
    const frozen = Object.freeze(view('local/shop/orders'));
    expect(changedAppViews(indexOf(frozen), indexOf(frozen))).toEqual([]);
  });

  it('reports a view built again only when what it shows differs', () => {
    const rebuilt = view('local/shop/orders', {
      observedAt: '2026-12-01T00:00:01Z',
    });
    expect(changedAppViews(indexOf(orders), indexOf(rebuilt))).toEqual([]);
    const scored = view('local/shop/orders', { score: 80 });
    expect(
      changedAppViews(indexOf(orders, payments), indexOf(scored, payments)),
    ).toEqual([scored]);
  });

  it('reports views that came and went', () => {
    expect(
      changedAppViews(indexOf(orders), indexOf(payments)).map(v => v.key),
    ).toEqual(['local/shop/payments', 'local/shop/orders']);
  });
});
