import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Rule, RulesConfig } from '@daprise/plugin-daprise-common';
import { FleetIndex } from '../fleetIndex';
import { DapriseReads } from '../reads';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  fleet: FleetIndex;
  /** The reads and permission checks the routes share with the actions. */
  reads: DapriseReads;
  rules: readonly Rule[];
  rulesConfig?: RulesConfig;
  /** How long GET /changes holds a request open. */
  longPollMs?: number;
  /** `daprise.catalog.components.owner`: the owner of every Dapr Component entity. */
  catalogComponentOwner?: string;
  /** How many GET /changes one principal may hold open at once (default 4). */
  maxLongPollsPerUser?: number;
  /**
   * `daprise.scaffolder.defaultCluster`: where the scaffolder applies when a template names no
   * cluster, listed first by `GET /scaffolder/namespaces` (the pickers' default cluster).
   */
  scaffolderDefaultCluster?: string;
}
