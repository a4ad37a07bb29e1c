import { createExplainDaprRouteAction } from './explainDaprRoute';
import { createGetDaprAppAction } from './getDaprApp';
import { createListDaprFindingsAction } from './listDaprFindings';
import type { DapriseActionsOptions } from './types';

/**
 * Registers Daprise's actions with the actions registry (served to assistants over MCP by
 * `@backstage/plugin-mcp-actions-backend`). Each checks the permissions its REST route checks.
 */
export function createDapriseActions(options: DapriseActionsOptions): void {
  createGetDaprAppAction(options);
  createListDaprFindingsAction(options);
  createExplainDaprRouteAction(options);
}
