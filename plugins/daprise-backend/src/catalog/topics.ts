/**
 * The events topic on which the Daprise plugin announces a new index version (payload
 * `{ indexVersion }`), so that the catalog module's entity provider runs a delta at once
 * instead of waiting for its next full sync.
 * @public
 */
export const DAPRISE_INDEX_TOPIC = 'daprise.index';
