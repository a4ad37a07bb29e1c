import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod';
import { formFieldsOf, formSchemaOf } from './formSchema';

/** The JSON schema the scaffolder makes of an action input schema. */
function actionInput(input: any): any {
  return createTemplateAction({
    id: 'test:form',
    schema: { input },
    handler: async () => {},
  }).schema?.input;
}

/** The JSON schema the scaffolder makes of the form schema of `schema`. */
function jsonOf(schema: z.ZodTypeAny): any {
  return actionInput({ value: (zImpl: any) => formSchemaOf(schema, zImpl) })
    .properties.value;
}

describe('formSchemaOf', () => {
  const schema = z
    .object({
      name: z
        .string()
        .regex(/^[a-z]+$/)
        .superRefine(() => {})
        .describe('A name'),
      port: z.number().int().min(1).max(65535).describe('A port'),
      mode: z.enum(['a', 'b']).default('a').describe('a or b'),
      tags: z.array(z.string().min(2)).max(3).default([]),
      nested: z
        .object({ on: z.boolean().default(true), note: z.string().optional() })
        .strict()
        .optional(),
    })
    .strict()
    .superRefine(() => {})
    .transform(value => ({ ...value, extra: 1 }));

  it('keeps types, descriptions and which fields may be left out', () => {
    const json = jsonOf(schema);
    expect(json.required).toEqual(['name', 'port']);
    expect(json.properties.name).toEqual({
      type: 'string',
      description: 'A name',
    });
    expect(json.properties.port).toEqual({
      type: 'number',
      description: 'A port',
    });
    expect(json.properties.mode).toEqual({
      type: 'string',
      description: 'a or b',
    });
    expect(json.properties.tags).toEqual({
      type: 'array',
      items: { type: 'string' },
    });
    expect(json.properties.nested.properties).toEqual({
      on: { type: 'boolean' },
      note: { type: 'string' },
    });
    expect(json.properties.nested.required).toBeUndefined();
  });

  it('leaves the value rules (ranges, patterns, enums) to validation', () => {
    const text = JSON.stringify(jsonOf(schema));
    for (const rule of [
      'pattern',
      'minimum',
      'maximum',
      'minLength',
      'maxItems',
      'enum',
    ])
      expect(text).not.toContain(`"${rule}"`);
  });

  it('names a type it cannot show in a form', () => {
    expect(() => jsonOf(z.object({ when: z.date() }))).toThrow(/ZodDate/);
  });

  it('gives one schema function per field of the input, as createTemplateAction takes them', () => {
    const input = actionInput(formFieldsOf(schema));
    expect(input).toEqual({ ...jsonOf(schema), $schema: input.$schema });
  });
});
