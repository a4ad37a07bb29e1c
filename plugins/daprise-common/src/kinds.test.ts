import { isKindName, KIND_NAMES, KINDS } from './kinds';

describe('KINDS', () => {
  it('lists every watched kind', () => {
    expect(KIND_NAMES).toEqual([
      'Deployment',
      'DaemonSet',
      'StatefulSet',
      'Job',
      'CronJob',
      'Pod',
      'Service',
      'Namespace',
      'Component',
      'Configuration',
      'Resiliency',
      'Subscription',
      'HTTPEndpoint',
      'MCPServer',
      'WorkflowAccessPolicy',
      'GatewayClass',
      'Gateway',
      'HTTPRoute',
      'GRPCRoute',
      'TLSRoute',
      'TCPRoute',
      'UDPRoute',
      'ListenerSet',
      'BackendTLSPolicy',
      'ReferenceGrant',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ]);
  });

  it('keys each entry by its kind', () => {
    for (const name of KIND_NAMES) expect(KINDS[name].kind).toBe(name);
  });

  it('builds apiVersion from group and version (core group has none)', () => {
    expect(KINDS.Service.apiVersion).toBe('v1');
    expect(KINDS.Service.group).toBe('');
    expect(KINDS.Deployment.apiVersion).toBe('apps/v1');
    expect(KINDS.Subscription.apiVersion).toBe('dapr.io/v2alpha1');
    expect(KINDS.HTTPRoute.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(KINDS.ReferenceGrant.apiVersion).toBe(
      'gateway.networking.k8s.io/v1beta1',
    );
    expect(KINDS.CiliumClusterwideNetworkPolicy.apiVersion).toBe(
      'cilium.io/v2',
    );
    expect(KINDS.Job.apiVersion).toBe('batch/v1');
    expect(KINDS.TLSRoute.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(KINDS.MCPServer.crd).toBe('mcpservers.dapr.io');
  });

  it('names the CRD of CRD-backed kinds only', () => {
    expect(KINDS.Component.crd).toBe('components.dapr.io');
    expect(KINDS.HTTPEndpoint.crd).toBe('httpendpoints.dapr.io');
    expect(KINDS.GatewayClass.crd).toBe(
      'gatewayclasses.gateway.networking.k8s.io',
    );
    expect(KINDS.CiliumNetworkPolicy.crd).toBe(
      'ciliumnetworkpolicies.cilium.io',
    );
    expect(KINDS.Deployment.crd).toBeUndefined();
    expect(KINDS.Service.crd).toBeUndefined();
    expect(KINDS.Namespace.crd).toBeUndefined();
  });

  it('marks cluster-scoped kinds', () => {
    const clusterScoped = KIND_NAMES.filter(k => !KINDS[k].namespaced);
    expect(clusterScoped).toEqual([
      'Namespace',
      'GatewayClass',
      'CiliumClusterwideNetworkPolicy',
    ]);
  });

  it('recognises kind names', () => {
    expect(isKindName('HTTPRoute')).toBe(true);
    expect(isKindName('GRPCRoute')).toBe(true);
    expect(isKindName('ReplicaSet')).toBe(false);
    expect(isKindName('toString')).toBe(false);
    expect(isKindName(undefined)).toBe(false);
  });
});
