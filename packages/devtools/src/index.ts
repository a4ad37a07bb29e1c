export { startPortal, startDemoCluster, repoRoot } from './portal';
export type { Portal } from './portal';
export { CHROMIUM, launchChromium } from './chromium';
