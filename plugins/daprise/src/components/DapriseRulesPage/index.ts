export { DapriseRulesContent, DapriseRulesPage } from './DapriseRulesPage';
