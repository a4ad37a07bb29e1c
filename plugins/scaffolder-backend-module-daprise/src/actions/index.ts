export { createDapriseServiceRenderAction, RENDER_ACTION_ID } from './render';
export {
  createDapriseClusterValidateAction,
  VALIDATE_ACTION_ID,
} from './validate';
export { createDapriseClusterApplyAction, APPLY_ACTION_ID } from './apply';
export {
  createDapriseCatalogRegisterLocalAction,
  REGISTER_LOCAL_ACTION_ID,
} from './registerLocal';
