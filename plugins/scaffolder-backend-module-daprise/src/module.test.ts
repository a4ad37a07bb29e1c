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
});
