export {
  DaprNamespacePicker,
  DAPR_NAMESPACE_PICKER,
} from './DaprNamespacePicker';
