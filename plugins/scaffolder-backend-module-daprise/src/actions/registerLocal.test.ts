import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { runAction, settingsFor } from '../__testUtils__/cluster';
import { createDapriseCatalogRegisterLocalAction } from './registerLocal';

const mockDir = createMockDirectory();

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec:
  type: service
  lifecycle: experimental
  owner: team-shop
`;

function setUp() {
  mockDir.clear();
  mockDir.setContent({
    'workspace/catalog-info.yaml': CATALOG_INFO,
    'workspace/deploy/app.yaml': 'kind: Deployment\n',
  });
  return {
    workspace: mockDir.resolve('workspace'),
    published: mockDir.resolve('published'),
  };
}

describe('daprise:catalog:register-local', () => {
  it('publishes the workspace and registers its catalog-info.yaml as a file location', async () => {
    const { workspace, published } = setUp();
    const catalog = catalogServiceMock.mock();
    const action = createDapriseCatalogRegisterLocalAction({
      settings: settingsFor(undefined, {
        scaffolder: { publishDirectory: published },
      }),
      catalog,
    });
    const { outputs } = await runAction(action, {
      input: {},
      workspacePath: workspace,
    });
    const target = path.join(
      published,
      'default',
      'payments',
      'catalog-info.yaml',
    );
    expect(outputs).toEqual({
      entityRef: 'component:default/payments',
      catalogInfoPath: target,
    });
    expect(fs.readFileSync(target, 'utf8')).toBe(CATALOG_INFO);
    expect(
      fs.existsSync(
        path.join(published, 'default', 'payments', 'deploy', 'app.yaml'),
      ),
    ).toBe(true);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target, onConflict: 'refresh' },
      { credentials: expect.anything() },
    );

    // Publishing again replaces the folder (and refreshes the location).
    fs.writeFileSync(
      path.join(workspace, 'catalog-info.yaml'),
      `${CATALOG_INFO}# v2\n`,
    );
    fs.rmSync(path.join(workspace, 'deploy'), { recursive: true });
    await runAction(action, { input: {}, workspacePath: workspace });
    expect(fs.readFileSync(target, 'utf8')).toContain('# v2');
    expect(
      fs.existsSync(path.join(published, 'default', 'payments', 'deploy')),
    ).toBe(false);
    expect(fs.readdirSync(path.join(published, 'default'))).toEqual([
      'payments',
    ]);
  });

  it('publishes and registers nothing in the dry-run mode', async () => {
    const { workspace, published } = setUp();
    const catalog = catalogServiceMock.mock();
    const action = createDapriseCatalogRegisterLocalAction({
      settings: settingsFor(undefined, {
        scaffolder: { publishDirectory: published },
      }),
      catalog,
    });
    const { outputs } = await runAction(action, {
      input: {},
      workspacePath: workspace,
      isDryRun: true,
    });
    expect(outputs.entityRef).toBe('component:default/payments');
    expect(fs.existsSync(published)).toBe(false);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('says what the catalog needs when it refuses file locations', async () => {
    const { workspace, published } = setUp();
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn(async () => {
        throw new InputError(
          'Registered locations must be of an allowed type ["url"]',
        );
      }),
    });
    const action = createDapriseCatalogRegisterLocalAction({
      settings: settingsFor(undefined, {
        scaffolder: { publishDirectory: published },
      }),
      catalog,
    });
    await expect(
      runAction(action, { input: {}, workspacePath: workspace }),
    ).rejects.toThrow(
      "The catalog does not accept file locations (Registered locations must be of an allowed type [\"url\"]) — add a catalog backend module that calls catalogLocationsExtensionPoint.setAllowedLocationTypes(['url', 'file'])",
    );
  });

  it('needs a publish directory and a catalog entity', async () => {
    const { workspace } = setUp();
    const withoutDirectory = createDapriseCatalogRegisterLocalAction({
      settings: settingsFor(undefined),
      catalog: catalogServiceMock.mock(),
    });
    await expect(
      runAction(withoutDirectory, { input: {}, workspacePath: workspace }),
    ).rejects.toThrow(
      'daprise.scaffolder.publishDirectory is not configured — set it to a folder on the backend host where published services are kept',
    );
    await expect(
      runAction(withoutDirectory, {
        input: { catalogInfoPath: 'deploy/app.yaml' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(
      'catalogInfoPath: deploy/app.yaml does not hold a catalog entity with a valid kind and metadata.name',
    );
    await expect(
      runAction(withoutDirectory, {
        input: { catalogInfoPath: '../outside.yaml' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(/outside/);
  });
});
