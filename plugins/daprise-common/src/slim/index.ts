import type { KindName } from '../kinds';
import type { RawKubernetesObject, SlimObjectByKind } from '../types';
import * as cilium from './cilium';
import * as dapr from './dapr';
import * as gateway from './gateway';
import * as workloads from './workloads';

export { slimCiliumPolicy } from './cilium';
export {
  slimComponent,
  slimConfiguration,
  slimHTTPEndpoint,
  slimMCPServer,
  slimNameValuePairs,
  slimResiliency,
  slimSubscription,
  slimWorkflowAccessPolicy,
} from './dapr';
export {
  GATEWAY_API_GROUP,
  slimBackendTLSPolicy,
  slimGateway,
  slimGatewayClass,
  slimGRPCRoute,
  slimHTTPRoute,
  slimL4Route,
  slimListenerSet,
  slimParentRef,
  slimReferenceGrant,
} from './gateway';
export {
  DAPR_POD_ANNOTATIONS_KEPT,
  isDaprdContainer,
  isTruthy,
  maskSensitiveArgs,
  SKIPPED_POD,
  slimNamespace,
  slimService,
  slimWorkload,
} from './workloads';

type Slimmers = {
  [K in KindName]: (raw: RawKubernetesObject) => SlimObjectByKind[K];
};

const SLIMMERS: Slimmers = {
  Deployment: raw => workloads.slimWorkload('Deployment', raw),
  DaemonSet: raw => workloads.slimWorkload('DaemonSet', raw),
  StatefulSet: raw => workloads.slimWorkload('StatefulSet', raw),
  Job: raw => workloads.slimWorkload('Job', raw),
  CronJob: raw => workloads.slimWorkload('CronJob', raw),
  Pod: raw => workloads.slimWorkload('Pod', raw),
  Service: workloads.slimService,
  Namespace: workloads.slimNamespace,
  Component: dapr.slimComponent,
  Configuration: dapr.slimConfiguration,
  Resiliency: dapr.slimResiliency,
  Subscription: dapr.slimSubscription,
  HTTPEndpoint: dapr.slimHTTPEndpoint,
  MCPServer: dapr.slimMCPServer,
  WorkflowAccessPolicy: dapr.slimWorkflowAccessPolicy,
  GatewayClass: gateway.slimGatewayClass,
  Gateway: gateway.slimGateway,
  HTTPRoute: gateway.slimHTTPRoute,
  GRPCRoute: gateway.slimGRPCRoute,
  TLSRoute: raw => gateway.slimL4Route('TLSRoute', raw),
  TCPRoute: raw => gateway.slimL4Route('TCPRoute', raw),
  UDPRoute: raw => gateway.slimL4Route('UDPRoute', raw),
  ListenerSet: gateway.slimListenerSet,
  BackendTLSPolicy: gateway.slimBackendTLSPolicy,
  ReferenceGrant: gateway.slimReferenceGrant,
  CiliumNetworkPolicy: raw =>
    cilium.slimCiliumPolicy('CiliumNetworkPolicy', raw),
  CiliumClusterwideNetworkPolicy: raw =>
    cilium.slimCiliumPolicy('CiliumClusterwideNetworkPolicy', raw),
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
