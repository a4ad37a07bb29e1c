export { DapriseFleetContent, DapriseFleetPage } from './DapriseFleetPage';
