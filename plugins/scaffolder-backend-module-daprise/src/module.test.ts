import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModuleDaprise } from './module';

describe('scaffolderModuleDaprise', () => {
  it('adds the daprise actions to the scaffolder, with their schemas and examples', async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleDaprise,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    try {
      const res = await request(backend.server).get(
        '/api/scaffolder/v2/actions',
      );
      expect(res.status).toBe(200);
      const actions = res.body.filter((a: any) => a.id.startsWith('daprise:'));
      expect(actions.map((a: any) => a.id).sort()).toEqual([
        'daprise:catalog:register-local',
        'daprise:cluster:apply',
        'daprise:cluster:validate',
        'daprise:service:render',
      ]);
      for (const action of actions) {
        expect(action.schema.input.type).toBe('object');
        expect(action.examples.length).toBeGreaterThan(0);
      }
      expect(
        actions
          .find((a: any) => a.id === 'daprise:service:render')
          .schema.input.required.sort(),
      ).toEqual(['appId', 'appPort', 'image', 'namespace', 'owner']);
    } finally {
      await backend.stop();
    }
  });

  it('fails at start on the old daprise.scaffolder.clusters, naming the key that replaces it', async () => {
    await expect(
      startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModuleDaprise,
          catalogServiceMock.factory(),
          mockServices.rootConfig.factory({
            data: {
              daprise: {
                scaffolder: {
                  clusters: [
                    {
                      name: 'prod',
                      url: 'https://prod:6443',
                      serviceAccountToken: 'writer',
                    },
                  ],
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "daprise.scaffolder.clusters is no longer read: list each cluster in daprise.clusters (name, url, caData, skipTLSVerify; those the Kubernetes plugin's cluster of the same name has may be left out) and move its token to daprise.clusters[].scaffolder.serviceAccountToken",
    );
  });
});
