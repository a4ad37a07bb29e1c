export * from './errors';
export * from './KubernetesConnection';
