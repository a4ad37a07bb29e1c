import type { KindName } from '../kinds';
import type { RawKubernetesObject, SlimObjectByKind } from '../types';
import { slimCiliumPolicy } from './cilium';
import {
  slimComponent,
  slimConfiguration,
  slimHTTPEndpoint,
  slimResiliency,
  slimSubscription,
} from './dapr';
import {
  slimGateway,
  slimGatewayClass,
  slimHTTPRoute,
  slimReferenceGrant,
} from './gateway';
import { slimService, slimWorkload } from './workloads';

export { slimCiliumPolicy } from './cilium';
export {
  slimComponent,
  slimConfiguration,
  slimHTTPEndpoint,
  slimNameValuePairs,
  slimResiliency,
  slimSubscription,
} from './dapr';
export {
  GATEWAY_API_GROUP,
  slimGateway,
  slimGatewayClass,
  slimHTTPRoute,
  slimParentRef,
  slimReferenceGrant,
} from './gateway';
export {
  DAPR_POD_ANNOTATIONS_KEPT,
  isDaprdContainer,
  maskSensitiveArgs,
  slimService,
  slimWorkload,
} from './workloads';

type Slimmers = {
  [K in KindName]: (raw: RawKubernetesObject) => SlimObjectByKind[K];
};

const SLIMMERS: Slimmers = {
  Deployment: raw => slimWorkload('Deployment', raw),
  DaemonSet: raw => slimWorkload('DaemonSet', raw),
  StatefulSet: raw => slimWorkload('StatefulSet', raw),
  Service: slimService,
  Component: slimComponent,
  Configuration: slimConfiguration,
  Resiliency: slimResiliency,
  Subscription: slimSubscription,
  HTTPEndpoint: slimHTTPEndpoint,
  GatewayClass: slimGatewayClass,
  Gateway: slimGateway,
  HTTPRoute: slimHTTPRoute,
  ReferenceGrant: slimReferenceGrant,
  CiliumNetworkPolicy: raw => slimCiliumPolicy('CiliumNetworkPolicy', raw),
  CiliumClusterwideNetworkPolicy: raw =>
    slimCiliumPolicy('CiliumClusterwideNetworkPolicy', raw),
};

/**
 * Turns a raw Kubernetes object of a watched kind into its slim form: only the fields the model
 * reads, and never a secret value. The backend calls it on every object it receives from a
 * watch, before storing it.
 * @public
 */
export function slimObject<K extends KindName>(
  kind: K,
  raw: RawKubernetesObject,
): SlimObjectByKind[K] {
  return SLIMMERS[kind](raw);
}
