import { ensureBinaries, ensureCrds } from '@daprise/local-control-plane';

// Builds kube-apiserver and etcd and generates the CRDs when the cache lacks them, so
// that the first test or portal start does not time out while Go compiles.
(async () => {
  await ensureBinaries();
  await ensureCrds();
})().catch(error => {
  process.stderr.write(`daprise setup failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
