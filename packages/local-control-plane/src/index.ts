/**
 * A real kube-apiserver and etcd, built from the Go module proxy, with the Dapr,
 * Gateway API and Cilium CRDs: for tests, the demo portal and benchmarks. Never used
 * by a plugin at run time.
 *
 * @packageDocumentation
 */
export * from './paths';
export * from './build';
export * from './crdSets';
export * from './kube';
export * from './controlPlane';
export * from './identities';
export * from './testing';
export * from './apiProxy';
export * from './controllerStandIn';
