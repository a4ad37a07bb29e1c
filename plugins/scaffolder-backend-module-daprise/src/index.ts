/**
 * Scaffolder actions for services wired to Dapr Shared behind a Cilium Gateway.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDaprise as default } from './module';
