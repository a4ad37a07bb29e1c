import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Rule, RulesConfig } from '@daprise/plugin-daprise-common';
import { CatalogApps } from '../catalogApps';
import { FleetIndex } from '../fleetIndex';
import { PermissionDecisions } from '../permissionDecisions';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  fleet: FleetIndex;
  catalogApps: CatalogApps;
  rules: readonly Rule[];
  rulesConfig?: RulesConfig;
  /** How long GET /changes holds a request open. */
  longPollMs?: number;
  /** How long a permission policy's answer is reused per principal (default 10 s; 0: never). */
  permissionDecisionTtlMs?: number;
}

/** What every route group gets: the router's options and the one permission cache. */
export interface RouteGroupOptions extends RouterOptions {
  decisions: PermissionDecisions;
}
