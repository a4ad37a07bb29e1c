export { default } from './plugin';
export {
  dapriseApi,
  dapriseEntityCard,
  dapriseEntityContent,
  dapriseFleetPage,
  dapriseRulesPage,
} from './extensions';
