export { default } from './plugin';
export {
  dapriseApi,
  dapriseEntityCard,
  dapriseEntityContent,
  daprdVersionPickerFormField,
  dapriseFleetPage,
  dapriseRulesPage,
} from './extensions';
