import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  adminSettings,
  allowAllPermissions,
  filesUnder,
  getObject,
  runAction,
  settingsFor,
  snapshotNamespace,
  testNamespaces,
} from '../__testUtils__/cluster';
import {
  RULES_ALLOWING_NO_NETWORK_POLICY,
  serviceInput,
  Shape,
  shapeName,
  SHAPES,
} from '../__testUtils__/inputs';
import { createDapriseClusterApplyAction } from './apply';
import { createDapriseServiceRenderAction } from './render';
import { createDapriseClusterValidateAction } from './validate';

jest.setTimeout(60_000);

/**
 * Golden files: what the template writes for each shape, byte for byte. After an intended change
 * to the rendering, rewrite them with `UPDATE_GOLDEN=1` and review the diff.
 */
/** A portal that allows every shape: the full component set has a Kubernetes secret store. */
const PLATFORM = {
  ...RULES_ALLOWING_NO_NETWORK_POLICY,
  scaffolder: { allowKubernetesSecretStore: true },
};

const GOLDEN_DIR = path.join(__dirname, '__golden__');
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

const mockDir = createMockDirectory();

function writeGolden(shape: string, workspace: string, files: string[]) {
  const dir = path.join(GOLDEN_DIR, shape);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(workspace, file), path.join(dir, file));
  }
}

describe.each(
  SHAPES.map(shape => [shapeName(shape), shape] as [string, Shape]),
)('the %s shape', (name, shape) => {
  it('renders its golden files byte for byte', async () => {
    const workspace = mockDir.resolve(`golden-${name}`);
    // No cluster: the golden files depend on the input alone.
    const render = createDapriseServiceRenderAction({
      settings: settingsFor(undefined, PLATFORM),
    });
    const { outputs } = await runAction(render, {
      input: serviceInput(shape),
      workspacePath: workspace,
    });
    const files = filesUnder(workspace);
    expect([...outputs.files].sort()).toEqual(files);
    if (UPDATE_GOLDEN) writeGolden(name, workspace, files);

    const goldenDir = path.join(GOLDEN_DIR, name);
    expect(filesUnder(goldenDir)).toEqual(files);
    for (const file of files) {
      const written = fs.readFileSync(path.join(workspace, file));
      const golden = fs.readFileSync(path.join(goldenDir, file));
      // As text first, for a readable diff; then the bytes.
      expect(`${file}:\n${written.toString('utf8')}`).toBe(
        `${file}:\n${golden.toString('utf8')}`,
      );
      expect(written.equals(golden)).toBe(true);
    }
  });

  it('is accepted by the API server: by dry run, then by a real apply', async () => {
    const namespaces = await testNamespaces(name);
    const settings = adminSettings(PLATFORM);
    const workspace = mockDir.resolve(`cluster-${name}`);
    await runAction(createDapriseServiceRenderAction({ settings }), {
      input: serviceInput(shape, {
        namespace: namespaces.app,
        gatewayDaprNamespace: namespaces.gateway,
      }),
      workspacePath: workspace,
    });

    const before = await snapshotNamespace(namespaces.app);
    const validation = await runAction(
      createDapriseClusterValidateAction({ settings }),
      { input: {}, workspacePath: workspace },
    );
    const count = validation.outputs.objects;
    expect(count).toBeGreaterThanOrEqual(shape.networkPolicy ? 9 : 6);
    expect(validation.outputs.results).toHaveLength(count);
    expect(
      validation.outputs.results.every((r: any) => r.outcome === 'valid'),
    ).toBe(true);
    expect(await snapshotNamespace(namespaces.app)).toEqual(before);

    const apply = createDapriseClusterApplyAction({
      settings,
      permissions: allowAllPermissions,
    });
    const applied = await runAction(apply, {
      input: {},
      workspacePath: workspace,
    });
    expect(applied.outputs.applied).toHaveLength(count);
    expect(applied.outputs.applied.map((a: any) => a.outcome)).toEqual(
      Array(count).fill('created'),
    );
    const workload =
      shape.strategy === 'deployment' ? 'deployments' : 'daemonsets';
    expect(
      await getObject(
        `/apis/apps/v1/namespaces/${namespaces.app}/${workload}/payments-dapr-shared-chart`,
      ),
    ).toBeDefined();
    const routes = shape.appProtocol === 'grpc' ? 'grpcroutes' : 'httproutes';
    expect(
      await getObject(
        `/apis/gateway.networking.k8s.io/v1/namespaces/${namespaces.gateway}/${routes}/payments-${namespaces.app}`,
      ),
    ).toBeDefined();

    // Applying the same manifests again changes nothing.
    const again = await runAction(apply, {
      input: {},
      workspacePath: workspace,
    });
    expect(again.outputs.applied.map((a: any) => a.outcome)).toEqual(
      Array(count).fill('unchanged'),
    );
  });
});
