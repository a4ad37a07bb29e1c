export { dapriseApiRef } from './DapriseApi';
export { DapriseClient } from './DapriseClient';
export {
  DEFAULT_FLEET_PAGE_SIZE,
  fleetFiltersOf,
  fleetQueryToSearchParams,
  parseFleetQuery,
} from './fleetQuery';
export type {
  ClusterKindStatus,
  ClusterStatus,
  ClusterStatusList,
  ClusterSummary,
  DapriseApi,
  DapriseRequestOptions,
  DaprRuntime,
  EntityDapriseView,
  FleetFilters,
  FleetPage,
  FleetQuery,
  FleetRow,
  FleetRuleCount,
  FleetSortField,
  IndexChange,
} from './types';
