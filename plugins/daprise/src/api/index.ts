export { dapriseApiRef } from './DapriseApi';
export { DapriseClient } from './DapriseClient';
export {
  DEFAULT_FLEET_PAGE_SIZE,
  fleetFiltersOf,
  fleetQueryToSearchParams,
  parseFleetQuery,
} from './fleetQuery';
export {
  findingsFiltersOf,
  findingsQueryToSearchParams,
} from './findingsQuery';
// Only types: the API and the REST contract it answers with.
export * from './types';
