import {
  chartDaprShared,
  clusterSnapshot,
  component,
  fleet,
} from './__testUtils__/fixtures';
import { buildAppIndex } from './findings';
import { objectFindingRows, objectFindingsOfViews } from './objectFindings';

const secret = [
  { name: 'redisHost', value: 'redis:6379' },
  { name: 'redisPassword', value: 'hunter2' },
];

describe('objectFindingRows', () => {
  const index = buildAppIndex(
    fleet(
      clusterSnapshot('prod', [
        chartDaprShared({ appId: 'orders', strategy: 'deployment' }),
        component({
          name: 'orders-state',
          scopes: ['orders'],
          metadata: secret,
        }),
        component({
          name: 'orphan',
          scopes: ['runs-nowhere'],
          metadata: secret,
        }),
      ]),
    ),
  );
  const rows = objectFindingRows(index);
  const about = (name: string) =>
    rows
      .filter(row => row.object?.name === name)
      .map(row => [row.ruleId, row.cluster, row.apps]);

  it('names the app views that hold the judged object', () => {
    expect(about('orders-state')).toEqual([
      ['component-plaintext-secret', 'prod', ['prod/demo/orders']],
    ]);
    const instance = about('orders-dapr-shared-chart');
    expect(instance).toContainEqual([
      'dapr-shared-single-replica',
      'prod',
      ['prod/demo/orders'],
    ]);
    expect(instance.map(([, , apps]) => apps)).toEqual(
      instance.map(() => ['prod/demo/orders']),
    );
  });

  it('gives an object no app holds no apps, and still lists its findings', () => {
    expect(about('orphan').sort()).toEqual([
      ['component-plaintext-secret', 'prod', []],
      ['scopes-name-no-running-app', 'prod', []],
    ]);
  });

  it("selects an app view's object findings, and none of another's", () => {
    const orders = [...index.apps.values()].filter(v => v.appId === 'orders');
    const ofOrders = objectFindingsOfViews(rows, orders);
    expect([...new Set(ofOrders.map(r => r.object?.name))].sort()).toEqual([
      'orders-dapr-shared-chart',
      'orders-state',
    ]);
    expect(ofOrders).toEqual(rows.filter(r => r.apps.length > 0));
    expect(objectFindingsOfViews(rows, [])).toEqual([]);
  });
});
