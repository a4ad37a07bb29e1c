import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  dapriseClusterApplyPermission,
  dapriseEntityReadPermission,
  dapriseFleetReadPermission,
  daprisePermissions,
  parseApplyTargetRef,
  stringifyApplyTargetRef,
} from './permissions';

describe('permissions', () => {
  it('reads an entity as a catalog-entity resource permission', () => {
    expect(dapriseEntityReadPermission.name).toBe('daprise.entity.read');
    expect(dapriseEntityReadPermission.attributes).toEqual({ action: 'read' });
    expect(
      isResourcePermission(dapriseEntityReadPermission, 'catalog-entity'),
    ).toBe(true);
  });

  it('reads the fleet as a basic permission', () => {
    expect(dapriseFleetReadPermission).toEqual({
      type: 'basic',
      name: 'daprise.fleet.read',
      attributes: { action: 'read' },
    });
  });

  it('applies to a namespace of a cluster as a resource create permission', () => {
    expect(dapriseClusterApplyPermission).toEqual({
      type: 'resource',
      name: 'daprise.cluster.apply',
      attributes: { action: 'create' },
      resourceType: 'daprise-apply-target',
    });
  });

  it('names an apply target <cluster>/<namespace>', () => {
    const target = { cluster: 'eu/prod', namespace: 'shop' };
    expect(stringifyApplyTargetRef(target)).toBe('eu/prod/shop');
    expect(parseApplyTargetRef('eu/prod/shop')).toEqual(target);
    for (const ref of ['shop', '/shop', 'local/', ''])
      expect(parseApplyTargetRef(ref)).toBeUndefined();
  });

  it('lists every permission once', () => {
    expect(daprisePermissions.map(p => p.name)).toEqual([
      'daprise.entity.read',
      'daprise.fleet.read',
      'daprise.cluster.apply',
    ]);
  });
});
