import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  dapriseEntityReadPermission,
  dapriseFleetReadPermission,
} from '@daprise/plugin-daprise-common';
import { PermissionDecisions } from './permissionDecisions';

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');
const orders = 'component:default/orders';
const payments = 'component:default/payments';

function setUp(
  ttlMs: number,
  overall:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY
    | AuthorizeResult.CONDITIONAL,
) {
  let clock = 1_000_000;
  const permissions = mockServices.permissions.mock({
    authorizeConditional: jest.fn(async requests =>
      requests.map(() =>
        overall === AuthorizeResult.CONDITIONAL
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: ['group:default/team-shop'] },
              },
            }
          : { result: overall },
      ),
    ),
    // The per-entity answer of a conditional policy: only `orders` is allowed.
    authorize: jest.fn(async requests =>
      requests.map(request => ({
        result:
          !('resourceRef' in request) || request.resourceRef === orders
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    ),
  });
  const decisions = new PermissionDecisions({
    permissions,
    ttlMs,
    now: () => clock,
  });
  return {
    decisions,
    permissions,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('PermissionDecisions', () => {
  it('asks the policy once per principal while the answer is fresh', async () => {
    const { decisions, permissions, advance } = setUp(
      10_000,
      AuthorizeResult.ALLOW,
    );
    expect(
      await decisions.isAllowedOn(dapriseEntityReadPermission, orders, alice),
    ).toBe(true);
    expect(
      await decisions.isAllowedOn(dapriseEntityReadPermission, payments, alice),
    ).toBe(true);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [{ permission: dapriseEntityReadPermission }],
      { credentials: alice },
    );

    // Another user is asked about separately.
    await decisions.isAllowedOn(dapriseEntityReadPermission, orders, bob);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);

    // Once the answer is older than the TTL the policy is asked again.
    advance(10_001);
    await decisions.isAllowedOn(dapriseEntityReadPermission, orders, alice);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(3);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('remembers a denial as well', async () => {
    const { decisions, permissions } = setUp(10_000, AuthorizeResult.DENY);
    expect(
      await decisions.isAllowedOn(dapriseEntityReadPermission, orders, alice),
    ).toBe(false);
    expect(
      await decisions.isAllowedOn(dapriseEntityReadPermission, orders, alice),
    ).toBe(false);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('lets the permission backend decide per entity when the policy is conditional', async () => {
    const { decisions, permissions } = setUp(
      10_000,
      AuthorizeResult.CONDITIONAL,
    );
    expect(
      await decisions.isAllowedOn(dapriseEntityReadPermission, orders, alice),
    ).toBe(true);
    expect(
      await decisions.isAllowedOn(dapriseEntityReadPermission, payments, alice),
    ).toBe(false);
    expect(
      await decisions.isAllowedOn(dapriseEntityReadPermission, payments, alice),
    ).toBe(false);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
    expect(permissions.authorize).toHaveBeenLastCalledWith(
      [{ permission: dapriseEntityReadPermission, resourceRef: payments }],
      { credentials: alice },
    );
  });

  it('shares one question among concurrent requests', async () => {
    const { decisions, permissions } = setUp(10_000, AuthorizeResult.ALLOW);
    const answers = await Promise.all(
      Array.from({ length: 16 }, () =>
        decisions.isAllowed(dapriseFleetReadPermission, alice),
      ),
    );
    expect(answers).toEqual(Array(16).fill(true));
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
  });

  it('asks every time with a TTL of 0', async () => {
    const { decisions, permissions } = setUp(0, AuthorizeResult.ALLOW);
    await decisions.isAllowed(dapriseFleetReadPermission, alice);
    await decisions.isAllowed(dapriseFleetReadPermission, alice);
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
  });

  it('never keeps an answer past the expiry of the credentials', async () => {
    const { decisions, permissions, advance } = setUp(
      60_000,
      AuthorizeResult.ALLOW,
    );
    const shortLived = {
      ...alice,
      expiresAt: new Date(1_000_000 + 5_000),
    };
    await decisions.isAllowed(dapriseFleetReadPermission, shortLived);
    advance(5_001);
    await decisions.isAllowed(dapriseFleetReadPermission, shortLived);
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
  });

  it('forgets a failed question so that the next request asks again', async () => {
    const { decisions, permissions } = setUp(10_000, AuthorizeResult.ALLOW);
    permissions.authorize.mockRejectedValueOnce(
      new Error('permission backend down'),
    );
    await expect(
      decisions.isAllowed(dapriseFleetReadPermission, alice),
    ).rejects.toThrow('permission backend down');
    expect(await decisions.isAllowed(dapriseFleetReadPermission, alice)).toBe(
      true,
    );
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxEntries answers', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: jest.fn(async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      ),
    });
    const decisions = new PermissionDecisions({
      permissions,
      ttlMs: 60_000,
      maxEntries: 2,
    });
    const users = ['a', 'b', 'c'].map(name =>
      mockCredentials.user(`user:default/${name}`),
    );
    for (const user of users)
      await decisions.isAllowed(dapriseFleetReadPermission, user);
    // The oldest (a) was dropped, the newest (c) is still known.
    await decisions.isAllowed(dapriseFleetReadPermission, users[2]);
    expect(permissions.authorize).toHaveBeenCalledTimes(3);
    await decisions.isAllowed(dapriseFleetReadPermission, users[0]);
    expect(permissions.authorize).toHaveBeenCalledTimes(4);
  });
});

describe('PermissionDecisions.allowedOnEach', () => {
  const billing = 'component:default/billing';

  it('asks a conditional policy once for all the resources it has no fresh answer for', async () => {
    const { decisions, permissions, advance } = setUp(
      10_000,
      AuthorizeResult.CONDITIONAL,
    );
    const permission = dapriseEntityReadPermission;
    expect(
      await decisions.allowedOnEach(permission, [orders, payments], alice),
    ).toEqual([true, false]);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize.mock.calls[0][0]).toEqual([
      { permission, resourceRef: orders },
      { permission, resourceRef: payments },
    ]);
    // Known answers are reused; only the new resource is asked about.
    expect(
      await decisions.allowedOnEach(
        permission,
        [orders, billing, payments],
        alice,
      ),
    ).toEqual([true, false, false]);
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
    expect(permissions.authorize.mock.calls[1][0]).toEqual([
      { permission, resourceRef: billing },
    ]);
    // Once stale, all are asked again, in one batch.
    advance(10_001);
    await decisions.allowedOnEach(permission, [orders, payments], alice);
    expect(permissions.authorize).toHaveBeenCalledTimes(3);
    expect(permissions.authorize.mock.calls[2][0]).toHaveLength(2);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);
  });

  it('answers every resource from an unconditional decision without asking per resource', async () => {
    for (const overall of [AuthorizeResult.ALLOW, AuthorizeResult.DENY]) {
      const { decisions, permissions } = setUp(0, overall);
      expect(
        await decisions.allowedOnEach(
          dapriseEntityReadPermission,
          [orders, payments],
          bob,
        ),
      ).toEqual([
        overall === AuthorizeResult.ALLOW,
        overall === AuthorizeResult.ALLOW,
      ]);
      expect(permissions.authorize).not.toHaveBeenCalled();
    }
  });
});
