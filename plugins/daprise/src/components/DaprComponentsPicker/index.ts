export {
  DaprComponentsPicker,
  DAPR_COMPONENTS_PICKER,
  daprComponentsValidation,
} from './DaprComponentsPicker';
