/**
 * Scaffolder actions for services on Dapr Shared behind a Cilium Gateway: render
 * (`daprise:service:render`), check against a cluster (`daprise:cluster:validate`), apply all or
 * nothing (`daprise:cluster:apply`) and register without a git host
 * (`daprise:catalog:register-local`).
 *
 * @packageDocumentation
 */
export { scaffolderModuleDaprise as default } from './module';
export * from './actions';
export {
  readDapriseScaffolderSettings,
  type DapriseScaffolderSettings,
  type ScaffolderCluster,
} from './lib/settings';
export type {
  ObjectOutcome,
  ObjectOutcomeKind,
  ObjectFailure,
} from './lib/clusterOps';
export { ApplyRolledBackError, ManifestsRejectedError } from './lib/clusterOps';
export type { ObjectReference } from './lib/kube';
