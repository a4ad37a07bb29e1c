import {
  CRD_SETS,
  CrdSetName,
  ensureBinaries,
  ensureCrds,
} from '@daprise/local-control-plane';

// Builds kube-apiserver and etcd and reads every CRD set (today's platforms and the
// generation before, both used by the tests) when the cache lacks them, so that the first
// test or portal start does not time out while Go compiles or downloads.
(async () => {
  await ensureBinaries();
  for (const set of Object.keys(CRD_SETS) as CrdSetName[]) {
    await ensureCrds(set);
  }
})().catch(error => {
  process.stderr.write(`daprise setup failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
