import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CRD_SETS,
  crdNames,
  CrdSetName,
  DEFAULT_CRD_SET,
  DownloadedModule,
  writeCrdSet,
} from './crdSets';

const set: CrdSetName = DEFAULT_CRD_SET;

function crdYaml(name: string, extra = ''): string {
  const [plural, ...group] = name.split('.');
  return `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${name}
spec:
  group: ${group.join('.')}
${extra}  names:
    kind: Thing
    plural: ${plural}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
`;
}

/** Module directories laid out as the set expects, each file a small valid CRD. */
function fakeModules(
  root: string,
  override: Record<string, string> = {},
): DownloadedModule[] {
  return CRD_SETS[set].map(source => {
    const dir = path.join(root, `${source.module}@${source.version}`);
    for (const [name, file] of Object.entries(source.files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), override[name] ?? crdYaml(name));
    }
    return {
      Path: source.module,
      Version: source.version,
      Sum: source.sum,
      Dir: dir,
    };
  });
}

describe('writeCrdSet', () => {
  let root: string;
  let out: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'crdsets-'));
    out = path.join(root, 'out');
    fs.mkdirSync(out);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes one <plural>.<group>.yaml per CRD, as upstream ships it', () => {
    const modules = fakeModules(path.join(root, 'mod'));
    const written = writeCrdSet(set, modules, out);
    expect(fs.readdirSync(out).sort()).toEqual(
      crdNames(set).map(name => `${name}.yaml`),
    );
    expect(written).toContain(
      'mcpservers.dapr.io.yaml from github.com/dapr/dapr@v1.18.3/charts/dapr/crds/mcpservers.yaml',
    );
    expect(
      fs.readFileSync(
        path.join(out, 'grpcroutes.gateway.networking.k8s.io.yaml'),
        'utf8',
      ),
    ).toBe(crdYaml('grpcroutes.gateway.networking.k8s.io'));
  });

  it('drops a conversion webhook that nothing here runs', () => {
    const webhook = `  conversion:
    strategy: Webhook
    webhook:
      clientConfig:
        service:
          namespace: replaceme
          name: dapr-webhook
          path: /convert
      conversionReviewVersions:
      - v1
`;
    const modules = fakeModules(path.join(root, 'mod'), {
      'subscriptions.dapr.io': crdYaml('subscriptions.dapr.io', webhook),
    });
    writeCrdSet(set, modules, out);
    const text = fs.readFileSync(
      path.join(out, 'subscriptions.dapr.io.yaml'),
      'utf8',
    );
    expect(text).not.toContain('conversion');
    expect(text).toContain('plural: subscriptions');
  });

  it('refuses a module whose hash is not the pinned one', () => {
    const modules = fakeModules(path.join(root, 'mod'));
    modules[1] = { ...modules[1], Sum: 'h1:other=' };
    expect(() => writeCrdSet(set, modules, out)).toThrow(
      /sigs\.k8s\.io\/gateway-api@v1\.6\.1: the module's hash is h1:other=, want h1:/,
    );
  });

  it('refuses a file that is not the CRD it should be', () => {
    const modules = fakeModules(path.join(root, 'mod'), {
      'tlsroutes.gateway.networking.k8s.io': crdYaml(
        'tcproutes.gateway.networking.k8s.io',
      ),
      'components.dapr.io': 'apiVersion: v1\nkind: ConfigMap\n',
    });
    expect(() => writeCrdSet(set, modules, out)).toThrow(
      /components\.yaml \(components\.dapr\.io\): is v1 ConfigMap/,
    );
    const onlyTls = fakeModules(path.join(root, 'mod2'), {
      'tlsroutes.gateway.networking.k8s.io': crdYaml(
        'tcproutes.gateway.networking.k8s.io',
      ),
    });
    expect(() => writeCrdSet(set, onlyTls, out)).toThrow(
      /\(tlsroutes\.gateway\.networking\.k8s\.io\): is named tcproutes/,
    );
  });

  it('names every set by the versions it holds', () => {
    for (const [name, sources] of Object.entries(CRD_SETS)) {
      const versions = Object.fromEntries(
        sources.map(s => [s.module, s.version.slice(1)]),
      );
      expect(name).toBe(
        `dapr-${versions['github.com/dapr/dapr']}+gateway-api-${versions['sigs.k8s.io/gateway-api']}+cilium-${versions['github.com/cilium/cilium']}`,
      );
    }
  });
});
