/**
 * Extension points of the Daprise backend.
 *
 * @packageDocumentation
 */
export {};
