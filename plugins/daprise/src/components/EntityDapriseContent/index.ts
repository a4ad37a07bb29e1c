export { EntityDapriseContent } from './EntityDapriseContent';
