/**
 * Daprise frontend plugin.
 *
 * @packageDocumentation
 */
export {};
