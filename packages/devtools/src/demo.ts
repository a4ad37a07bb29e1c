import { startPortal } from './portal';

// `daprise demo`: the portal with two local clusters, `local` (examples/cluster) and `staging`
// (examples/staging, the fleet where every rule fires), until Ctrl-C, which stops all of it.
(async () => {
  const portal = await startPortal({ staging: true });
  process.stderr.write(
    `\ndaprise: the portal is ready at ${portal.appUrl} (sign in as guest). Ctrl-C stops it and both local clusters (local, staging).\n\n`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\ndaprise: stopping\n');
    portal.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, stop);
})().catch(error => {
  process.stderr.write(`daprise demo failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
