export { default } from './plugin';
export { dapriseApi, dapriseEntityCard, dapriseFleetPage } from './extensions';
