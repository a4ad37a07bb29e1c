export { default } from './plugin';
export {
  dapriseApi,
  dapriseEntityCard,
  dapriseEntityContent,
  dapriseFleetPage,
} from './extensions';
