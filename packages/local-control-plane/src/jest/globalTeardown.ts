const shared = globalThis as typeof globalThis & {
  __dapriseControlPlane?: { cp: { stop(): Promise<void> }; users: number };
};

export default async function globalTeardown() {
  const entry = shared.__dapriseControlPlane;
  if (!entry) return;
  entry.users -= 1;
  if (entry.users <= 0) {
    shared.__dapriseControlPlane = undefined;
    await entry.cp.stop();
  }
}
