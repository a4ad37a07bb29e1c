/**
 * The Daprise model, shared by the frontend, the backend and the scaffolder module: annotation
 * keys, permissions, the kinds the backend watches, slim objects, the Dapr Shared / component /
 * route / policy model, the app index, governance rules, the component types of components-contrib and the REST
 * contract. Pure and isomorphic: no I/O, no Node-only APIs. (The scaffolder's input validation
 * and rendering, used by it alone, live in its module.)
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './kinds';
export * from './types';
export * from './refs';
export * from './sensitive';
export * from './componentTypes';
export * from './images';
export * from './daprdVersions';
export * from './slim';

export * from './model/daprdArgs';
export * from './model/selectors';
export * from './model/daprShared';
export * from './model/components';
export * from './model/policies';
export * from './model/hopPolicies';
export * from './model/invoke';
export * from './model/controlPlane';
export * from './model/snapshotTypes';
export * from './model/snapshot';
export * from './model/dependencies';
export * from './model/namespacedSnapshot';
export * from './model/routeTypes';
export * from './model/listeners';
export * from './model/namespaces';
export * from './model/routeParents';
export * from './model/routeHops';
export * from './model/routes';
export * from './model/appTypes';
export {
  appKeyString,
  computeFleetContext,
  findAppViews,
  listAppKeys,
  parseAppKey,
} from './model/appIndex';

export * from './rules/types';
export * from './rules/evaluate';
export * from './rules/validate';
export * from './rules/describe';
export * from './rules/componentRules';
export * from './rules/routeRules';
export * from './rules/daprSharedRules';
export * from './rules/objects/gatewayApi';
export * from './rules/objects/dapr';
export * from './rules/objects/cilium';
export * from './rules/builtin';
export * from './findings';
export * from './incrementalIndex';
export * from './objectFindings';

export * from './api';
export * from './signals';
export * from './scaffolder';
