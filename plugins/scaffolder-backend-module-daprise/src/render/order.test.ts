import { manifestOrder, sortForApply } from './order';
import { renderService } from './service';
import { serviceDraft } from '../__testUtils__/serviceDraft';

describe('sortForApply', () => {
  it('orders kinds for apply and keeps the order within a kind', () => {
    const objects = [
      { kind: 'CiliumNetworkPolicy', n: 1 },
      { kind: 'HTTPRoute', n: 2 },
      { kind: 'Deployment', n: 3 },
      { kind: 'Service', n: 4 },
      { kind: 'Component', n: 5 },
      { kind: 'Configuration', n: 6 },
      { kind: 'ServiceAccount', n: 7 },
      { kind: 'Namespace', n: 8 },
      { kind: 'Service', n: 9 },
      { kind: 'Widget', n: 10 },
      { n: 11 },
      { kind: 'DaemonSet', n: 12 },
    ];
    expect(sortForApply(objects).map(o => o.n)).toEqual([
      8, 7, 6, 5, 4, 9, 3, 12, 2, 1, 10, 11,
    ]);
  });

  it('does not mutate its input', () => {
    const objects = [{ kind: 'HTTPRoute' }, { kind: 'Namespace' }];
    sortForApply(objects);
    expect(objects.map(o => o.kind)).toEqual(['HTTPRoute', 'Namespace']);
  });

  it('puts the rendered service in a sensible apply order', () => {
    const rendered = renderService(
      serviceDraft(i =>
        i.components.push({ name: 'secrets', type: 'secretstores.kubernetes' }),
      ),
      { allowKubernetesSecretStore: true },
    );
    const kinds = sortForApply(rendered.manifests.map(m => m.object)).map(
      o => o.kind,
    );
    expect(kinds).toEqual([
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'Component',
      'Component',
      'Component',
      'Service',
      'Service',
      'Deployment',
      'Deployment',
      'HTTPRoute',
      'CiliumNetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumNetworkPolicy',
    ]);
  });

  it('lists policies last and namespaces first', () => {
    expect(manifestOrder[0]).toBe('Namespace');
    expect(manifestOrder.slice(-2)).toEqual([
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ]);
    expect(manifestOrder.indexOf('Component')).toBeLessThan(
      manifestOrder.indexOf('Deployment'),
    );
    expect(manifestOrder.indexOf('Configuration')).toBeLessThan(
      manifestOrder.indexOf('Component'),
    );
  });
});
