export { DaprdVersionPicker, DAPRD_VERSION_PICKER } from './DaprdVersionPicker';
