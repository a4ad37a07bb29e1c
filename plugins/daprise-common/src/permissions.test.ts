import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  dapriseClusterApplyPermission,
  dapriseEntityReadPermission,
  dapriseFleetReadPermission,
  daprisePermissions,
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

  it('applies to a cluster as a basic create permission', () => {
    expect(dapriseClusterApplyPermission).toEqual({
      type: 'basic',
      name: 'daprise.cluster.apply',
      attributes: { action: 'create' },
    });
  });

  it('lists every permission once', () => {
    expect(daprisePermissions.map(p => p.name)).toEqual([
      'daprise.entity.read',
      'daprise.fleet.read',
      'daprise.cluster.apply',
    ]);
  });
});
