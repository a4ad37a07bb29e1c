import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { Rule } from '@daprise/plugin-daprise-common';
import { FleetIndex } from '../service/fleetIndex';
import { DapriseReads } from '../service/reads';

/** What every Daprise action reads: the index, and the routes' reads and checks. */
export interface DapriseActionsOptions {
  actionsRegistry: ActionsRegistryService;
  fleet: FleetIndex;
  reads: DapriseReads;
  rules: readonly Rule[];
}
