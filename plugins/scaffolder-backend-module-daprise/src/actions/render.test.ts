import fs from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  applyObjects,
  createTestNamespace,
} from '@daprise/local-control-plane';
import { parse, parseAllDocuments } from 'yaml';
import {
  admin,
  adminSettings,
  filesUnder,
  runAction,
  scaffolderToken,
  settingsFor,
} from '../__testUtils__/cluster';
import { serviceInput } from '../__testUtils__/inputs';
import { createDapriseServiceRenderAction } from './render';
import { examples } from './render.examples';

jest.setTimeout(60_000);

const mockDir = createMockDirectory();
let workspaceCount = 0;

function newWorkspace(): string {
  workspaceCount += 1;
  const workspace = mockDir.resolve(`render-${workspaceCount}`);
  fs.mkdirSync(workspace, { recursive: true });
  return workspace;
}

const DEFAULT_SHAPE = {
  strategy: 'daemonset',
  components: 'state',
  networkPolicy: true,
} as const;

/** Runs the render action and answers with the error it throws (failing when it does not). */
async function renderError(
  input: Record<string, any>,
  options: {
    settings?: ReturnType<typeof adminSettings>;
    workspace?: string;
  } = {},
): Promise<{ error: Error; workspace: string }> {
  const workspace = options.workspace ?? newWorkspace();
  const action = createDapriseServiceRenderAction({
    settings: options.settings ?? settingsFor(undefined),
  });
  const error = await runAction(action, {
    input,
    workspacePath: workspace,
  }).then(
    () => {
      throw new Error('the render action accepted the input');
    },
    (e: Error) => e,
  );
  return { error, workspace };
}

function withChange(change: (input: any) => void): Record<string, any> {
  const input = serviceInput(DEFAULT_SHAPE);
  change(input);
  return input;
}

describe('daprise:service:render', () => {
  it('writes the manifests, the chart values and catalog-info.yaml under targetPath', async () => {
    const workspace = newWorkspace();
    const action = createDapriseServiceRenderAction({
      settings: settingsFor(undefined),
    });
    const { outputs } = await runAction(action, {
      input: { ...serviceInput(DEFAULT_SHAPE), targetPath: 'service' },
      workspacePath: workspace,
    });
    expect(outputs).toEqual({
      files: [
        'service/deploy/app.yaml',
        'service/deploy/dapr-shared.yaml',
        'service/deploy/components.yaml',
        'service/deploy/httproute.yaml',
        'service/deploy/network-policies.yaml',
        'service/deploy/dapr-shared-values.yaml',
        'service/catalog-info.yaml',
        // What apply may send: the files of deploy/ with their SHA-256.
        'service/deploy/daprise-manifests.json',
      ],
      appId: 'payments',
      namespace: 'shop',
      publicUrl: 'http://payments.shop.example.com/payments',
      notes: expect.arrayContaining([
        expect.stringContaining('ConfigMap dapr-trust-bundle'),
      ]),
    });
    // Exactly those files: nothing is left of the staging folder.
    expect(filesUnder(workspace)).toEqual([...outputs.files].sort());
    const entity = parse(
      fs.readFileSync(`${workspace}/service/catalog-info.yaml`, 'utf8'),
    );
    expect(entity.metadata.annotations['dapr.io/app-id']).toBe('payments');
  });

  it('replaces the deploy folder of an earlier render rather than mixing the two', async () => {
    const workspace = newWorkspace();
    const action = createDapriseServiceRenderAction({
      settings: settingsFor(undefined, {
        rules: { 'dapr-shared-without-network-policy': { enabled: false } },
      }),
    });
    await runAction(action, {
      input: serviceInput(DEFAULT_SHAPE),
      workspacePath: workspace,
    });
    expect(filesUnder(workspace)).toContain('deploy/network-policies.yaml');
    await runAction(action, {
      input: serviceInput({ ...DEFAULT_SHAPE, networkPolicy: false }),
      workspacePath: workspace,
    });
    expect(filesUnder(workspace)).not.toContain('deploy/network-policies.yaml');
  });

  it('treats empty optional text fields from a form as not given', async () => {
    const workspace = newWorkspace();
    const action = createDapriseServiceRenderAction({
      settings: settingsFor(undefined),
    });
    const { outputs } = await runAction(action, {
      input: withChange(input => {
        input.system = '';
        input.description = '';
        input.pathPrefix = '';
        input.daprShared.configName = '';
      }),
      workspacePath: workspace,
    });
    expect(outputs.publicUrl).toBe('http://payments.shop.example.com/payments');
    const entity = parse(
      fs.readFileSync(`${workspace}/catalog-info.yaml`, 'utf8'),
    );
    expect(entity.spec.system).toBeUndefined();
  });

  describe('a Kubernetes secret store, whose Role reads Secrets', () => {
    const withStore = () =>
      withChange(input =>
        input.components.push({
          name: 'secrets',
          type: 'secretstores.kubernetes',
        }),
      );

    it('is refused unless the platform allows it, naming the field and the config key', async () => {
      const { error, workspace } = await renderError(withStore());
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(
        '- components.1.type: Component "secrets" is a secretstores.kubernetes, which needs a Role that lets the service\'s Dapr Shared read the Secrets of namespace shop; this portal does not allow that (kubernetes-secret-store-allowed) — Use another secret store (e.g. secretstores.hashicorp.vault), or ask the platform team to set daprise.scaffolder.allowKubernetesSecretStore: true in the portal\'s app-config.',
      );
      expect(filesUnder(workspace)).toEqual([]);
    });

    it('renders the Role when daprise.scaffolder.allowKubernetesSecretStore is true', async () => {
      const workspace = newWorkspace();
      await runAction(
        createDapriseServiceRenderAction({
          settings: settingsFor(undefined, {
            scaffolder: { allowKubernetesSecretStore: true },
          }),
        }),
        { input: withStore(), workspacePath: workspace },
      );
      const kinds = parseAllDocuments(
        fs.readFileSync(`${workspace}/deploy/dapr-shared.yaml`, 'utf8'),
      ).map(d => d.toJS());
      expect(
        kinds
          .filter(o => o.kind === 'Role')
          .map(o => [o.metadata.name, o.rules]),
      ).toEqual([
        [
          'payments-dapr-shared-chart-secret-reader',
          [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
        ],
      ]);
    });
  });

  describe('refuses invalid input with the promised message and writes nothing', () => {
    const cases: Array<[string, (input: any) => void, string]> = [
      [
        'a reserved name',
        input => (input.appId = 'dapr-payments'),
        '- appId: App-id "dapr-payments" is reserved (names "dapr", "dapr-*" and "kube-*" belong to Dapr and Kubernetes) (reserved-name) — Choose a name that is not "dapr" and does not start with "dapr-" or "kube-".',
      ],
      [
        'a bad hostname',
        input => (input.hostnames = ['Payments_Shop.example.com']),
        '- hostnames.0: Hostname "Payments_Shop.example.com" is not a valid RFC 1123 host name (rfc-1123-hostname) — Use lower-case DNS labels',
      ],
      [
        'a path that does not start with "/"',
        input => (input.pathPrefix = 'payments'),
        '- pathPrefix: Path prefix "payments" does not start with "/" (path-absolute) — Use an absolute path such as "/orders"',
      ],
      [
        'a port out of range',
        input => (input.appPort = 70000),
        '- appPort: appPort must be at most 65535 (range) — Use a whole number at most 65535.',
      ],
      [
        'an unknown component type',
        input => (input.components[0].type = 'state.nosuchstore'),
        '- components.0.type: Component type "state.nosuchstore" is not a component type of Dapr\'s components-contrib v1.18.0 (component-type-supported) — Use one of: state.aerospike,',
      ],
      [
        'a secret given as a plain value',
        input =>
          (input.components[0].metadata[1] = {
            name: 'redisPassword',
            value: 'hunter2',
          }),
        '- components.0.metadata.1.value: Metadata "redisPassword" of state.redis is a secret and must not be given as a plain value (use-secret-key-ref) — Store it in a Kubernetes Secret and reference it',
      ],
    ];

    it.each(cases)('%s', async (_what, change, message) => {
      const { error, workspace } = await renderError(withChange(change));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(
        'The service input is invalid; nothing was written:',
      );
      expect(error.message).toContain(message);
      expect(filesUnder(workspace)).toEqual([]);
    });

    it('lists every problem at once, not only the first', async () => {
      const { error } = await renderError(
        withChange(input => {
          input.appId = 'kube-payments';
          input.appPort = 0;
          input.pathPrefix = 'payments';
        }),
      );
      const lines = error.message.split('\n').filter(l => l.startsWith('- '));
      expect(lines.map(l => l.slice(2, l.indexOf(':')))).toEqual(
        expect.arrayContaining(['appId', 'appPort', 'pathPrefix']),
      );
    });

    it('an app-id already used in the namespace of the cluster', async () => {
      const namespace = await createTestNamespace(admin, 'render-taken');
      // Somebody else's app with a Dapr sidecar and the same app-id.
      await applyObjects(admin, [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'legacy-payments', namespace },
          spec: {
            selector: { matchLabels: { app: 'legacy-payments' } },
            template: {
              metadata: {
                labels: { app: 'legacy-payments' },
                annotations: {
                  'dapr.io/enabled': 'true',
                  'dapr.io/app-id': 'payments',
                },
              },
              spec: { containers: [{ name: 'app', image: 'legacy:1' }] },
            },
          },
        } as any,
      ]);
      // With the portal's scaffolder identity: it may list what the check needs.
      const settings = settingsFor(await scaffolderToken());
      const { error, workspace } = await renderError(
        serviceInput(DEFAULT_SHAPE, { namespace }),
        { settings },
      );
      expect(error.message).toContain(
        `- appId: App-id "payments" is already used in namespace ${namespace} (app-id-unique) — Choose another app-id`,
      );
      expect(filesUnder(workspace)).toEqual([]);

      // Another app-id in the same namespace is fine.
      await runAction(createDapriseServiceRenderAction({ settings }), {
        input: serviceInput(DEFAULT_SHAPE, { namespace, appId: 'payments-v2' }),
        workspacePath: newWorkspace(),
      });
    });

    it('an app-id whose Dapr Service <app-id>-dapr already exists', async () => {
      const namespace = await createTestNamespace(admin, 'render-taken-svc');
      await applyObjects(admin, [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'payments-dapr', namespace },
          spec: { ports: [{ name: 'dapr-http', port: 3500 }] },
        } as any,
      ]);
      const { error } = await renderError(
        serviceInput(DEFAULT_SHAPE, { namespace }),
        {
          settings: adminSettings(),
        },
      );
      expect(error.message).toContain(
        `appId: App-id "payments" is already used in namespace ${namespace} (app-id-unique)`,
      );
    });
  });

  describe('governance', () => {
    it('refuses a service that breaks an enabled rule, naming the rule', async () => {
      const { error, workspace } = await renderError(
        withChange(input => (input.networkPolicy = false)),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(
        "The service breaks the portal's governance rules; nothing was written:",
      );
      expect(error.message).toMatch(
        /- networkPolicy: .+ \(governance rule dapr-shared-without-network-policy, severity \w+\) — .+ \(or disable the rule for the whole portal: daprise\.rules\.dapr-shared-without-network-policy\.enabled: false\)/,
      );
      expect(filesUnder(workspace)).toEqual([]);
    });

    it('accepts it when the portal disables the rule', async () => {
      const workspace = newWorkspace();
      const action = createDapriseServiceRenderAction({
        settings: settingsFor(undefined, {
          rules: { 'dapr-shared-without-network-policy': { enabled: false } },
        }),
      });
      const { outputs } = await runAction(action, {
        input: withChange(input => (input.networkPolicy = false)),
        workspacePath: workspace,
      });
      expect(outputs.files).not.toContain('deploy/network-policies.yaml');
    });

    it('judges against the target cluster: mTLS off where the control plane enforces it', async () => {
      const namespace = await createTestNamespace(admin, 'render-mtls');
      const input = serviceInput(DEFAULT_SHAPE, { namespace });
      input.daprShared.mtls = false;
      // Alone, a render with mTLS off breaks no rule...
      await runAction(
        createDapriseServiceRenderAction({ settings: settingsFor(undefined) }),
        {
          input,
          workspacePath: newWorkspace(),
        },
      );
      // ...but the test cluster's dapr-system/daprsystem Configuration enforces mTLS.
      const { error } = await renderError(input, {
        settings: settingsFor(await scaffolderToken()),
      });
      expect(error.message).toContain('- daprShared.mtls: ');
      expect(error.message).toContain(
        'governance rule dapr-shared-mtls-disabled',
      );
    });
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'renders its example: %s',
    async (_description, example) => {
      const [step] = parse(example.example).steps;
      const workspace = newWorkspace();
      const { outputs } = await runAction(
        createDapriseServiceRenderAction({ settings: settingsFor(undefined) }),
        { input: step.input, workspacePath: workspace },
      );
      expect(outputs.appId).toBe(step.input.appId);
      expect(filesUnder(workspace)).toEqual([...outputs.files].sort());
    },
  );

  it('writes files in the scaffolder dry-run mode too, so the preview shows them', async () => {
    const workspace = newWorkspace();
    const action = createDapriseServiceRenderAction({
      settings: settingsFor(undefined),
    });
    await runAction(action, {
      input: serviceInput(DEFAULT_SHAPE),
      workspacePath: workspace,
      isDryRun: true,
    });
    expect(filesUnder(workspace)).toContain('deploy/dapr-shared.yaml');
  });
});
