import type { KindName } from '../kinds';
import type { RawKubernetesObject, SlimObjectByKind } from '../types';
import { slimCiliumPolicy } from './cilium';
import {
  slimComponent,
  slimConfiguration,
  slimHTTPEndpoint,
  slimMCPServer,
  slimResiliency,
  slimSubscription,
  slimWorkflowAccessPolicy,
} from './dapr';
import {
  slimBackendTLSPolicy,
  slimGateway,
  slimGatewayClass,
  slimGRPCRoute,
  slimHTTPRoute,
  slimL4Route,
  slimListenerSet,
  slimReferenceGrant,
} from './gateway';
import { slimNamespace, slimService, slimWorkload } from './workloads';

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
  Deployment: raw => slimWorkload('Deployment', raw),
  DaemonSet: raw => slimWorkload('DaemonSet', raw),
  StatefulSet: raw => slimWorkload('StatefulSet', raw),
  Job: raw => slimWorkload('Job', raw),
  CronJob: raw => slimWorkload('CronJob', raw),
  Pod: raw => slimWorkload('Pod', raw),
  Service: slimService,
  Namespace: slimNamespace,
  Component: slimComponent,
  Configuration: slimConfiguration,
  Resiliency: slimResiliency,
  Subscription: slimSubscription,
  HTTPEndpoint: slimHTTPEndpoint,
  MCPServer: slimMCPServer,
  WorkflowAccessPolicy: slimWorkflowAccessPolicy,
  GatewayClass: slimGatewayClass,
  Gateway: slimGateway,
  HTTPRoute: slimHTTPRoute,
  GRPCRoute: slimGRPCRoute,
  TLSRoute: raw => slimL4Route('TLSRoute', raw),
  TCPRoute: raw => slimL4Route('TCPRoute', raw),
  UDPRoute: raw => slimL4Route('UDPRoute', raw),
  ListenerSet: slimListenerSet,
  BackendTLSPolicy: slimBackendTLSPolicy,
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
