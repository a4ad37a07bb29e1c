/**
 * Scaffolder actions for services on Dapr Shared behind a Cilium Gateway: render
 * (`daprise:service:render`), check against a cluster (`daprise:cluster:validate`), apply all or
 * nothing (`daprise:cluster:apply`) and register without a git host
 * (`daprise:catalog:register-local`); and the renderer behind the first, for tools that seed
 * clusters with the same objects (`renderService`, `sortForApply`).
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
export type { ObjectReference } from '@daprise/plugin-daprise-node';
export { renderService } from './render/service';
export { sortForApply } from './render/order';
export type {
  KubernetesManifest,
  RenderedManifest,
  RenderedService,
} from './render/types';
export { serviceInputSchema } from './validation';
export type { ServiceInput, ServiceInputDraft } from './validation';
