import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod';

// The scaffolder hands an action's schema functions its own zod (`zod/v3` of zod 4), which is
// not this module's zod: a schema built with one is not typed as the other's. So the action's
// schema is not the validation schema itself but rebuilt from it with the scaffolder's zod,
// its types taken from `TemplateActionOptions` rather than from whichever zod this module has.
type SchemaFunction = NonNullable<
  NonNullable<TemplateActionOptions['schema']>['input']
>[string];
/** The zod the scaffolder passes to an action's schema functions. */
export type ScaffolderZod = Parameters<SchemaFunction>[0];
/** A schema built with the scaffolder's zod. */
export type ScaffolderZodType = ReturnType<SchemaFunction>;

/** The description of a field, from the outermost wrapper (`.optional()`, `.default()`, refinements) in. */
function descriptionOf(schema: z.ZodTypeAny): string | undefined {
  let current: z.ZodTypeAny | undefined = schema;
  while (current) {
    if (current.description) return current.description;
    current = wrapped(current);
  }
  return undefined;
}

/** The schema under an optional, default or refinement wrapper, if `schema` is one. */
function wrapped(schema: z.ZodTypeAny): z.ZodTypeAny | undefined {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault)
    return schema._def.innerType;
  if (schema instanceof z.ZodEffects) return schema._def.schema;
  return undefined;
}

/**
 * The same field as a form sees it: its type, whether it may be left out (optional, or with a
 * default) and its description, without the value rules (ranges, patterns, enums).
 * Those stay with the validation schema, which reports every problem with its field and a fix;
 * in the form's schema they would make the scaffolder reject first, with terser messages.
 */
export function formSchemaOf(
  schema: z.ZodTypeAny,
  zImpl: ScaffolderZod,
): ScaffolderZodType {
  const description = descriptionOf(schema);
  const params = description ? { description } : undefined;
  let base = schema;
  let optional = false;
  for (let inner = wrapped(base); inner; inner = wrapped(base)) {
    if (base instanceof z.ZodOptional || base instanceof z.ZodDefault)
      optional = true;
    base = inner;
  }
  let form: ScaffolderZodType;
  if (base instanceof z.ZodObject) {
    const shape: Record<string, ScaffolderZodType> = {};
    for (const [key, field] of Object.entries(fieldsOf(base)))
      shape[key] = formSchemaOf(field, zImpl);
    form = zImpl.object(shape, params);
  } else if (base instanceof z.ZodArray) {
    form = zImpl.array(formSchemaOf(base.element, zImpl), params);
  } else if (base instanceof z.ZodString || base instanceof z.ZodEnum) {
    form = zImpl.string(params);
  } else if (base instanceof z.ZodNumber) {
    form = zImpl.number(params);
  } else if (base instanceof z.ZodBoolean) {
    form = zImpl.boolean(params);
  } else {
    throw new Error(
      `formSchemaOf: no form field for a ${base._def.typeName}; add it here`,
    );
  }
  return optional ? form.optional() : form;
}

/** The fields of an object schema, under its refinements and transforms. */
function fieldsOf(schema: z.ZodTypeAny): Record<string, z.ZodTypeAny> {
  let base = schema;
  for (let inner = wrapped(base); inner; inner = wrapped(base)) base = inner;
  if (!(base instanceof z.ZodObject))
    throw new Error(`formFieldsOf: a ${base._def.typeName} has no fields`);
  return base.shape;
}

// Only for its type: what the scaffolder's zod makes of a value of type T.
declare const scaffolderZod: ScaffolderZod;
type ScaffolderZodTypeOf<T> = ReturnType<typeof scaffolderZod.custom<T>>;

/**
 * The fields of an object schema as a form sees them (see `formSchemaOf`), one schema function
 * per field: what `createTemplateAction` takes as `schema.input`. Typed as the fields of the
 * schema's input, so the action's input type is the draft's.
 */
export function formFieldsOf<S extends z.ZodTypeAny>(
  schema: S,
): {
  [K in keyof z.input<S>]-?: (
    zImpl: ScaffolderZod,
  ) => ScaffolderZodTypeOf<z.input<S>[K]>;
} {
  return Object.fromEntries(
    Object.entries(fieldsOf(schema)).map(([key, field]) => [
      key,
      (zImpl: ScaffolderZod) => formSchemaOf(field, zImpl),
    ]),
  ) as any;
}
