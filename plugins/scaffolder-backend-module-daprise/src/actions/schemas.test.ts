import { mockServices } from '@backstage/backend-test-utils';
import { parse } from 'yaml';
import { settingsFor } from '../__testUtils__/cluster';
import { serviceInputSchema } from '../validation';
import {
  createDapriseCatalogRegisterLocalAction,
  createDapriseClusterApplyAction,
  createDapriseClusterValidateAction,
  createDapriseServiceRenderAction,
} from '.';

/** The object schema under the refinements and the transform of a zod schema. */
function objectShape(schema: any): Record<string, any> {
  let current = schema;
  while (current._def.typeName !== 'ZodObject') {
    current = current._def.schema ?? current._def.innerType;
  }
  return current.shape;
}

const settings = settingsFor(undefined);
const actions = [
  createDapriseServiceRenderAction({ settings }),
  createDapriseClusterValidateAction({ settings }),
  createDapriseClusterApplyAction({
    settings,
    permissions: mockServices.permissions(),
  }),
  createDapriseCatalogRegisterLocalAction({
    settings,
    catalog: {} as any,
    auth: mockServices.auth(),
  }),
];

describe('the actions', () => {
  it('are named vendor:area:verb and support the dry run', () => {
    expect(actions.map(a => a.id)).toEqual([
      'daprise:service:render',
      'daprise:cluster:validate',
      'daprise:cluster:apply',
      'daprise:catalog:register-local',
    ]);
    for (const action of actions) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.description).toBeTruthy();
    }
  });

  it.each(actions.map(a => [a.id, a] as const))(
    '%s has examples that use it and only inputs it declares',
    (id, action) => {
      expect(action.examples?.length).toBeGreaterThan(0);
      const declared = Object.keys((action.schema?.input as any).properties);
      for (const example of action.examples ?? []) {
        const steps = parse(example.example).steps;
        expect(steps.map((s: any) => s.action)).toEqual([id]);
        for (const key of Object.keys(steps[0].input ?? {})) {
          expect(declared).toContain(key);
        }
      }
    },
  );

  it('render takes exactly the service input, plus targetPath and cluster', () => {
    const input = actions[0].schema?.input as any;
    const service = objectShape(serviceInputSchema);
    expect(Object.keys(input.properties).sort()).toEqual(
      [...Object.keys(service), 'targetPath', 'cluster'].sort(),
    );
    for (const nested of ['daprShared', 'gateway']) {
      expect(Object.keys(input.properties[nested].properties).sort()).toEqual(
        Object.keys(objectShape(service[nested])).sort(),
      );
    }
    const component = objectShape(service.components._def.innerType._def.type);
    expect(
      Object.keys(input.properties.components.items.properties).sort(),
    ).toEqual(Object.keys(component).sort());
  });

  it('leave value rules to validateServiceInput, so every problem gets its field and fix', () => {
    const input = actions[0].schema?.input as any;
    expect(input.properties.appPort).toEqual(
      expect.not.objectContaining({ minimum: expect.anything() }),
    );
    expect(input.properties.appId).toEqual(
      expect.not.objectContaining({ pattern: expect.anything() }),
    );
  });
});
