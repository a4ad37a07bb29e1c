export { RouteMap, routeMapLabel, routeTitle } from './RouteMap';
