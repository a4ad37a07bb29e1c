import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AppKey,
  DapriseApplyTarget,
  dapriseClusterApplyPermission,
  dapriseEntityReadPermission,
  dapriseFleetReadPermission,
  stringifyApplyTargetRef,
} from '@daprise/plugin-daprise-common';
import { CatalogApps } from './catalogApps';
import { PermissionDecisions } from './permissionDecisions';

/**
 * The permission checks of Daprise's reads, one place for the REST routes and the actions,
 * so that an assistant sees exactly what the same user sees in the portal.
 */
export class DapriseAccess {
  constructor(
    private readonly decisions: PermissionDecisions,
    private readonly catalogApps: CatalogApps,
  ) {}

  /** Whether the principal may read the fleet, its findings and its clusters. */
  mayReadFleet(credentials: BackstageCredentials): Promise<boolean> {
    return this.decisions.isAllowed(dapriseFleetReadPermission, credentials);
  }

  /** `daprise.fleet.read`: the fleet, its findings and its clusters. */
  async requireFleetRead(credentials: BackstageCredentials): Promise<void> {
    if (!(await this.mayReadFleet(credentials))) {
      throw new NotAllowedError(
        'Reading the Dapr fleet needs the daprise.fleet.read permission',
      );
    }
  }

  /** `daprise.entity.read` on one entity: its Dapr view. */
  async requireEntityRead(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (
      !(await this.decisions.isAllowedOn(
        dapriseEntityReadPermission,
        entityRef,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        `You may not read the Dapr view of ${entityRef}`,
      );
    }
  }

  /**
   * Whether one app's view may be read: it is part of the fleet (`daprise.fleet.read`) and,
   * when a catalog entity claims the app-id, of that entity's Dapr view (`daprise.entity.read`
   * on it), the two routes that show it.
   */
  async mayReadApp(
    key: AppKey,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    if (await this.mayReadFleet(credentials)) return true;
    const entity = this.catalogApps.lookup(key);
    if (!entity) return false;
    return this.decisions.isAllowedOn(
      dapriseEntityReadPermission,
      entity.entityRef,
      credentials,
    );
  }

  /**
   * Which of `targets` the principal may apply into (`daprise.cluster.apply`, which the
   * scaffolder's apply action requires), in their order: what the scaffolder's pickers offer.
   */
  mayApplyInto(
    targets: readonly DapriseApplyTarget[],
    credentials: BackstageCredentials,
  ): Promise<boolean[]> {
    return this.decisions.allowedOnEach(
      dapriseClusterApplyPermission,
      targets.map(stringifyApplyTargetRef),
      credentials,
    );
  }

  /**
   * The scaffolder pickers' reads of the fleet (its Gateways, an app-id's use): for fleet
   * readers, and for whoever may apply somewhere (the policy does not deny
   * `daprise.cluster.apply` outright), since they create services through those Gateways.
   */
  async requireScaffolderRead(
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (await this.mayReadFleet(credentials)) return;
    const apply = await this.decisions.overallAnswer(
      dapriseClusterApplyPermission,
      credentials,
    );
    if (apply === 'deny')
      throw new NotAllowedError(
        'The scaffolder pickers need the daprise.fleet.read permission, or daprise.cluster.apply on some namespace',
      );
  }
}
