/**
 * The Daprise backend plugin.
 *
 * @packageDocumentation
 */
export { dapriseBackendPlugin as default } from './plugin';
