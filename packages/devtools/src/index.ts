export { startPortal, startDemoCluster, repoRoot } from './portal';
export type { Portal } from './portal';
