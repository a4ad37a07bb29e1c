import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * One upstream Go module and the CRD files it ships. The module comes from the Go module
 * proxy (`go mod download`); its zip's hash is pinned, so every set-up reads the same bytes.
 */
interface CrdSource {
  module: string;
  version: string;
  /** The module zip's `h1:` hash, as go.sum and `go mod download -json` give it. */
  sum: string;
  /** Each CRD taken, by metadata.name: the file (relative to the module root) holding it. */
  files: Readonly<Record<string, string>>;
}

// Dapr's Helm chart installs exactly the CRDs of charts/dapr/crds (Helm never templates a
// chart's crds/ directory), one CRD per file.
function dapr(
  version: string,
  sum: string,
  files: Record<string, string>,
): CrdSource {
  return {
    module: 'github.com/dapr/dapr',
    version,
    sum,
    files: Object.fromEntries(
      Object.entries(files).map(([name, file]) => [
        `${name}.dapr.io`,
        `charts/dapr/crds/${file}`,
      ]),
    ),
  };
}

// Gateway API's standard channel: config/crd/standard, which the release's
// standard-install.yaml concatenates. Only what that channel holds is installed, so a kind
// a release ships only in its experimental channel is not served by that set.
function gatewayApi(
  version: string,
  sum: string,
  plurals: string[],
): CrdSource {
  return {
    module: 'sigs.k8s.io/gateway-api',
    version,
    sum,
    files: Object.fromEntries(
      plurals.map(plural => [
        `${plural}.gateway.networking.k8s.io`,
        `config/crd/standard/gateway.networking.k8s.io_${plural}.yaml`,
      ]),
    ),
  };
}

// The CRDs that the Cilium operator installs are embedded from these files
// (pkg/k8s/apis/cilium.io/client/crds/v2, read by GetPregeneratedCRD). Daprise reads the
// two policy kinds only.
function cilium(version: string, sum: string): CrdSource {
  const dir = 'pkg/k8s/apis/cilium.io/client/crds/v2';
  return {
    module: 'github.com/cilium/cilium',
    version,
    sum,
    files: {
      'ciliumnetworkpolicies.cilium.io': `${dir}/ciliumnetworkpolicies.yaml`,
      'ciliumclusterwidenetworkpolicies.cilium.io': `${dir}/ciliumclusterwidenetworkpolicies.yaml`,
    },
  };
}

/**
 * The CRD sets the local control plane can install, named by the versions they hold: the
 * platforms of today and of the generation before, since fleets upgrade one cluster at a
 * time and Daprise reads both.
 * @public
 */
export const CRD_SETS = {
  'dapr-1.18.3+gateway-api-1.6.1+cilium-1.20.2': [
    dapr('v1.18.3', 'h1:iVTqJHRfJlUfiSyhJH4c1mJZ+4PH3cf/QwJcAJL2ROo=', {
      components: 'components.yaml',
      configurations: 'configuration.yaml',
      httpendpoints: 'httpendpoints.yaml',
      mcpservers: 'mcpservers.yaml',
      resiliencies: 'resiliency.yaml',
      subscriptions: 'subscription.yaml',
      workflowaccesspolicies: 'workflowaccesspolicy.yaml',
    }),
    // The standard channel's every CRD. Its gateway.networking.k8s.io_vap_safeupgrades.yaml
    // is a ValidatingAdmissionPolicy (no CRD), which guards upgrades only, so it is left out.
    gatewayApi('v1.6.1', 'h1:mock6phZbI6rvZerwrVNk7hVNymQgHo+6sJ81Ia7ftY=', [
      'backendtlspolicies',
      'gatewayclasses',
      'gateways',
      'grpcroutes',
      'httproutes',
      'listenersets',
      'referencegrants',
      'tcproutes',
      'tlsroutes',
      'udproutes',
    ]),
    cilium('v1.20.2', 'h1:dqiEGIcXc+gqCLYG/l7VCFJ8GHyb4HUrwbZOpkX5dL8='),
  ],
  'dapr-1.16.5+gateway-api-1.2.1+cilium-1.17.6': [
    dapr('v1.16.5', 'h1:kMM2K0dZRGYRZe+U2wgu2iJwqAA1o74a6YRi9era5Lo=', {
      components: 'components.yaml',
      configurations: 'configuration.yaml',
      httpendpoints: 'httpendpoints.yaml',
      resiliencies: 'resiliency.yaml',
      subscriptions: 'subscription.yaml',
    }),
    // v1.2.1's standard channel: GRPCRoute is GA (v1) there; TLSRoute, TCPRoute, UDPRoute
    // and BackendTLSPolicy are experimental only, and ListenerSet does not exist yet.
    gatewayApi('v1.2.1', 'h1:fZZ/+RyRb+Y5tGkwxFKuYuSRQHu9dZtbjenblleOLHM=', [
      'gatewayclasses',
      'gateways',
      'grpcroutes',
      'httproutes',
      'referencegrants',
    ]),
    // v1.17.6 rather than v1.17.5: the checksum database reachable here has no entry for
    // v1.17.5; its CRD files are byte-identical.
    cilium('v1.17.6', 'h1:5BgAhTKJH2rzsipQL1/GzEVRmKEujMvcFD+zcMZqLHU='),
  ],
} as const satisfies Record<string, readonly CrdSource[]>;

/** The name of a {@link CRD_SETS} entry. @public */
export type CrdSetName = keyof typeof CRD_SETS;

/** The set tests, the demo and the benchmarks install unless told otherwise: today's. @public */
export const DEFAULT_CRD_SET: CrdSetName =
  'dapr-1.18.3+gateway-api-1.6.1+cilium-1.20.2';

/** The metadata.name of every CRD a set installs, sorted. @public */
export function crdNames(set: CrdSetName): string[] {
  return CRD_SETS[set].flatMap(source => Object.keys(source.files)).sort();
}

/** Where a set's modules are, as `go mod download -json` reports them. */
export interface DownloadedModule {
  Path: string;
  Version: string;
  Sum: string;
  Dir: string;
}

/** The `module@version` arguments of `go mod download` for a set. */
export function crdModules(set: CrdSetName): string[] {
  return CRD_SETS[set].map(source => `${source.module}@${source.version}`);
}

/**
 * Writes a set's CRDs into `outDir`, one `<plural>.<group>.yaml` per CRD, from the module
 * directories downloaded for it, after checking each is a CRD the control plane can serve.
 * Returns one line per file written, saying where it came from.
 */
export function writeCrdSet(
  set: CrdSetName,
  downloaded: readonly DownloadedModule[],
  outDir: string,
): string[] {
  const written: string[] = [];
  for (const source of CRD_SETS[set] as readonly CrdSource[]) {
    const module = downloaded.find(
      m => m.Path === source.module && m.Version === source.version,
    );
    if (!module) {
      throw new Error(`${source.module}@${source.version} was not downloaded`);
    }
    if (module.Sum !== source.sum) {
      throw new Error(
        `${source.module}@${source.version}: the module's hash is ${module.Sum}, want ${source.sum}`,
      );
    }
    for (const [name, file] of Object.entries(source.files)) {
      const from = `${source.module}@${source.version}/${file}`;
      const { fileName, text } = readCrd(path.join(module.Dir, file), name);
      fs.writeFileSync(path.join(outDir, fileName), text, { mode: 0o644 });
      written.push(`${fileName} from ${from}`);
    }
  }
  return written;
}

function readCrd(
  file: string,
  name: string,
): { fileName: string; text: string } {
  const where = `${file} (${name})`;
  const text = fs.readFileSync(file, 'utf8');
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length !== 1) {
    throw new Error(`${where}: want exactly one YAML document`);
  }
  const [document] = documents;
  if (document.errors.length) {
    throw new Error(`${where}: ${document.errors[0].message}`);
  }
  const crd = document.toJS();
  const spec = crd?.spec ?? {};
  const versions: any[] = spec.versions ?? [];
  const faults: Array<[boolean, string]> = [
    [
      crd?.apiVersion !== 'apiextensions.k8s.io/v1' ||
        crd?.kind !== 'CustomResourceDefinition',
      `is ${crd?.apiVersion} ${crd?.kind}, want an apiextensions.k8s.io/v1 CustomResourceDefinition`,
    ],
    [crd?.metadata?.name !== name, `is named ${crd?.metadata?.name}`],
    [
      name !== `${spec.names?.plural}.${spec.group}`,
      'metadata.name is not <plural>.<group>',
    ],
    [versions.length === 0, 'no versions'],
    [versions.some(v => !v.schema?.openAPIV3Schema), 'a version has no schema'],
    [
      versions.filter(v => v.storage).length !== 1,
      'not exactly one storage version',
    ],
  ];
  const fault = faults.find(([bad]) => bad);
  if (fault) throw new Error(`${where}: ${fault[1]}`);

  const fileName = `${name}.yaml`;
  if (spec.conversion?.strategy !== 'Webhook') return { fileName, text };
  // Dapr's Subscription converts v1alpha1 <-> v2alpha1 through the dapr-webhook Service,
  // whose namespace and CA its operator patches in after install. Nothing runs that webhook
  // here, so the conversion is dropped: the API server then uses strategy None (the
  // apiVersion is rewritten, the fields kept), as it did for the CRDs Daprise generated
  // with controller-gen before.
  document.deleteIn(['spec', 'conversion']);
  return { fileName, text: document.toString() };
}
