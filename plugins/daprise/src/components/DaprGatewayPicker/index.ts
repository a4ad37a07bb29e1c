export { DaprGatewayPicker, DAPR_GATEWAY_PICKER } from './DaprGatewayPicker';
