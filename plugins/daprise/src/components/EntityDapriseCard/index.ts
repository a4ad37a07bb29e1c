export { EntityDapriseCard } from './EntityDapriseCard';
export type { EntityDapriseCardProps } from './EntityDapriseCard';
