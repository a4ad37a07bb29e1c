/**
 * The Backstage signals channel of one entity's Dapr view: the backend publishes on it when
 * that view changes (the message says only the new index version; the page reloads the
 * view through the REST API, under its permission).
 * @public
 */
export function dapriseEntityChannel(entityRef: string): string {
  return `daprise:entity:${entityRef}`;
}

/**
 * The Backstage signals channel of the fleet: a message on every index change.
 * @public
 */
export const DAPRISE_FLEET_CHANNEL = 'daprise:fleet';

/**
 * What the backend publishes on the Daprise channels.
 * @public
 */
export type DapriseSignal = { indexVersion: number };
