import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parse as parseYaml } from 'yaml';
import { runAction, settingsFor } from '../__testUtils__/cluster';
import { createDapriseCatalogRegisterLocalAction } from './registerLocal';

const mockDir = createMockDirectory();

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    backstage.io/kubernetes-namespace: shop
spec:
  type: service
  lifecycle: experimental
  owner: team-shop
`;

/** The same app-id rendered for another Kubernetes namespace or another owner. */
function catalogInfo(namespace: string, owner: string) {
  return CATALOG_INFO.replace(
    'kubernetes-namespace: shop',
    `kubernetes-namespace: ${namespace}`,
  ).replace('owner: team-shop', `owner: ${owner}`);
}

function setUp(catalogInfoYaml = CATALOG_INFO) {
  mockDir.clear();
  mockDir.setContent({
    'workspace/catalog-info.yaml': catalogInfoYaml,
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
      auth: mockServices.auth(),
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
      auth: mockServices.auth(),
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
      auth: mockServices.auth(),
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
      auth: mockServices.auth(),
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

  describe('another service of the same name', () => {
    function entityOf(yamlText: string, origin: string): Entity {
      const entity = parseYaml(yamlText) as Entity;
      entity.metadata.namespace = 'default';
      entity.metadata.annotations = {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-origin-location': origin,
      };
      return entity;
    }

    it("refuses to replace the published files of another Kubernetes namespace's service", async () => {
      const { published } = setUp();
      const target = path.join(
        published,
        'default',
        'payments',
        'catalog-info.yaml',
      );

      // payments of shop2 is also component:default/payments.
      const other = setUp(catalogInfo('shop2', 'team-shop2'));
      const catalog = catalogServiceMock.mock();
      const second = createDapriseCatalogRegisterLocalAction({
        settings: settingsFor(undefined, {
          scaffolder: { publishDirectory: published },
        }),
        catalog,
        auth: mockServices.auth(),
      });
      // What registering payments of shop published before.
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, CATALOG_INFO);
      for (const isDryRun of [true, false]) {
        await expect(
          runAction(second, {
            input: {},
            workspacePath: other.workspace,
            isDryRun,
          }),
        ).rejects.toThrow(
          `component:default/payments (published at ${path.dirname(
            target,
          )}) is the service of Kubernetes namespace shop, not shop2: registering would replace another namespace's service — choose another app-id, or unregister component:default/payments first`,
        );
      }
      expect(fs.readFileSync(target, 'utf8')).toBe(CATALOG_INFO);
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });

    it.each([
      [
        'another Kubernetes namespace',
        catalogInfo('shop', 'team-shop'),
        catalogInfo('shop2', 'team-shop'),
        "component:default/payments (in the catalog) is the service of Kubernetes namespace shop, not shop2: registering would replace another namespace's service",
      ],
      [
        'another owner',
        catalogInfo('shop', 'group:default/team-shop'),
        catalogInfo('shop', 'team-billing'),
        'component:default/payments (in the catalog) is owned by group:default/team-shop, not group:default/team-billing: registering would take it over',
      ],
    ])(
      'refuses to take over a catalog entity of %s',
      async (_what, existingYaml, incomingYaml, message) => {
        const { workspace, published } = setUp(incomingYaml);
        const target = path.join(
          published,
          'default',
          'payments',
          'catalog-info.yaml',
        );
        const catalog = catalogServiceMock.mock({
          getEntityByRef: jest.fn(async () =>
            entityOf(existingYaml, `file:${target}`),
          ),
        });
        const action = createDapriseCatalogRegisterLocalAction({
          settings: settingsFor(undefined, {
            scaffolder: { publishDirectory: published },
          }),
          catalog,
          auth: mockServices.auth(),
        });
        await expect(
          runAction(action, { input: {}, workspacePath: workspace }),
        ).rejects.toThrow(message);
        expect(fs.existsSync(published)).toBe(false);
        expect(catalog.addLocation).not.toHaveBeenCalled();
        // The catalog was asked as the backend itself: the initiator may not see the entity.
        expect(catalog.getEntityByRef).toHaveBeenCalledWith(
          'component:default/payments',
          {
            credentials: expect.objectContaining({
              principal: expect.objectContaining({ type: 'service' }),
            }),
          },
        );
      },
    );

    it('refuses an entity of that name registered from another location', async () => {
      const { workspace, published } = setUp();
      const catalog = catalogServiceMock.mock({
        getEntityByRef: jest.fn(async () =>
          entityOf(CATALOG_INFO, 'file:/srv/catalog/all.yaml'),
        ),
      });
      const action = createDapriseCatalogRegisterLocalAction({
        settings: settingsFor(undefined, {
          scaffolder: { publishDirectory: published },
        }),
        catalog,
        auth: mockServices.auth(),
      });
      await expect(
        runAction(action, { input: {}, workspacePath: workspace }),
      ).rejects.toThrow(
        'component:default/payments is already registered from file:/srv/catalog/all.yaml',
      );
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });

    it('registers the same service again', async () => {
      const { workspace, published } = setUp();
      const target = path.join(
        published,
        'default',
        'payments',
        'catalog-info.yaml',
      );
      const catalog = catalogServiceMock.mock({
        // As the catalog holds it: the owner in full.
        getEntityByRef: jest.fn(async () =>
          entityOf(
            catalogInfo('shop', 'group:default/team-shop'),
            `file:${target}`,
          ),
        ),
      });
      const action = createDapriseCatalogRegisterLocalAction({
        settings: settingsFor(undefined, {
          scaffolder: { publishDirectory: published },
        }),
        catalog,
        auth: mockServices.auth(),
      });
      await runAction(action, { input: {}, workspacePath: workspace });
      await runAction(action, { input: {}, workspacePath: workspace });
      expect(catalog.addLocation).toHaveBeenCalledTimes(2);
      expect(fs.readFileSync(target, 'utf8')).toBe(CATALOG_INFO);
    });
  });
});
