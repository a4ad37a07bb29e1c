export {
  DaprAppIdField,
  DAPR_APP_ID_FIELD,
  daprAppIdValidation,
} from './DaprAppIdField';
export type { DaprAppIdFieldOptions } from './DaprAppIdField';
