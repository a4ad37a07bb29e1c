import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { dapriseClusterApplyPermission } from '@daprise/plugin-daprise-common';
import { startPortalBackend } from '../__testUtils__/portalBackend';
import {
  PortalPermissionPolicy,
  readPortalPolicySettings,
} from './permissionPolicy';

describe('the portal permission policy, through the real permission backend', () => {
  let as: Awaited<ReturnType<typeof startPortalBackend>>['as'];
  beforeAll(async () => {
    ({ as } = await startPortalBackend());
  }, 200_000);

  const proxy = '/api/kubernetes/proxy/apis/dapr.io/v1alpha1/components';

  it("denies the Kubernetes plugin's proxy, and its other endpoints, to everyone but the platform team", async () => {
    for (const user of ['user:default/shop-dev', 'user:default/outsider']) {
      const get = as(user);
      expect((await get(proxy)).status).toBe(403);
      expect((await get('/api/kubernetes/clusters')).status).toBe(403);
    }
    // The platform team passes the permission check. (The proxy's own handler loads a module
    // dynamically, which Jest's VM does not allow: its answer here is not the cluster's.)
    const platform = as('user:default/guest');
    expect((await platform(proxy)).status).not.toBe(403);
    const clusters = await platform('/api/kubernetes/clusters');
    expect(clusters.status).toBe(200);
    expect(clusters.body.items.map((c: { name: string }) => c.name)).toEqual([
      'local',
    ]);
  });

  it("shows an entity's Dapr view to its owners and the platform team only", async () => {
    const orders = '/api/daprise/entity/default/component/orders';
    const gateway = '/api/daprise/entity/default/component/gateway';

    const owner = await as('user:default/shop-dev')(orders);
    expect(owner.status).toBe(200);
    expect(owner.body.entityRef).toBe('component:default/orders');

    // gateway is the platform team's: not team-shop's to read.
    expect((await as('user:default/shop-dev')(gateway)).status).toBe(403);
    expect((await as('user:default/outsider')(orders)).status).toBe(403);

    expect((await as('user:default/guest')(orders)).status).toBe(200);
    expect((await as('user:default/guest')(gateway)).status).toBe(200);
  });

  it('shows the fleet to the platform team only', async () => {
    expect(
      (await as('user:default/shop-dev')('/api/daprise/fleet')).status,
    ).toBe(403);
    expect((await as('user:default/guest')('/api/daprise/fleet')).status).toBe(
      200,
    );
  });

  it('leaves the catalog to every signed-in user', async () => {
    const res = await as('user:default/outsider')(
      '/api/catalog/entities/by-name/component/default/orders',
    );
    expect(res.status).toBe(200);
  });
});

describe('permission.policy', () => {
  it('defaults the platform team to group:default/platform', () => {
    expect(readPortalPolicySettings(new ConfigReader({}))).toEqual({
      platformGroup: 'group:default/platform',
      applyScopes: [],
    });
  });

  it('names the field when it is wrong', () => {
    expect(() =>
      readPortalPolicySettings(
        new ConfigReader({
          permission: { policy: { platformGroup: 'platform' } },
        }),
      ),
    ).toThrow(
      'permission.policy.platformGroup: must be a full entity ref such as group:default/platform',
    );
  });
});

describe("the policy's answer to daprise.cluster.apply", () => {
  const policy = new PortalPermissionPolicy(
    readPortalPolicySettings(
      new ConfigReader({
        permission: {
          policy: {
            applyScopes: [
              {
                group: 'group:default/team-shop',
                namespaces: ['shop', 'infra'],
              },
              {
                group: 'group:default/team-billing',
                namespaces: ['billing'],
                clusters: ['production'],
              },
            ],
          },
        },
      }),
    ),
  );
  const user = (...groups: string[]) =>
    ({
      info: {
        userEntityRef: 'user:default/someone',
        ownershipEntityRefs: ['user:default/someone', ...groups],
      },
    } as any);
  const ask = (...groups: string[]) =>
    policy.handle(
      { permission: dapriseClusterApplyPermission },
      user(...groups),
    );

  it("is a condition on the team's namespaces, evaluated by the scaffolder", async () => {
    expect(await ask('group:default/team-shop')).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'daprise-apply-target',
      conditions: {
        rule: 'IS_IN_NAMESPACE',
        resourceType: 'daprise-apply-target',
        params: { namespaces: ['shop', 'infra'] },
      },
    });
    const both = await ask(
      'group:default/team-shop',
      'group:default/team-billing',
    );
    expect((both as any).conditions.anyOf).toHaveLength(2);
    expect((both as any).conditions.anyOf[1].allOf[0]).toEqual({
      rule: 'IS_IN_CLUSTER',
      resourceType: 'daprise-apply-target',
      params: { clusters: ['production'] },
    });
  });

  it('is DENY for a team without namespaces, and ALLOW for the platform team', async () => {
    expect(await ask('group:default/team-other')).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await ask('group:default/platform')).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
