import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * A parameter that lists values: repeated (`?rule=a&rule=b`), comma-separated
 * (`?rule=a,b`) or both; blank values are dropped.
 */
export function listParam<T extends z.ZodTypeAny>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(value =>
      value === undefined
        ? undefined
        : (Array.isArray(value) ? value : [value])
            .flatMap(v => v.split(','))
            .map(v => v.trim())
            .filter(Boolean),
    )
    .pipe(z.array(item).optional());
}

/** One of `values`; anything else is answered with the list of allowed values. */
export function oneOf<T extends string>(values: readonly T[]) {
  return z.enum(values as [T, ...T[]]);
}

/**
 * A non-negative integer, written in decimal (a query string's value) or a JSON number (an
 * action's input).
 */
export const nonNegativeIntegerParam = z
  .union([z.string(), z.number()])
  .refine(
    value => Number.isInteger(Number(value)) && Number(value) >= 0,
    value => ({ message: `must be a non-negative integer, got '${value}'` }),
  )
  .transform(Number);

const errorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.invalid_enum_value)
    return {
      message: `must be one of ${issue.options.join(', ')}; got '${
        issue.received
      }'`,
    };
  if (
    issue.code === z.ZodIssueCode.invalid_type ||
    issue.code === z.ZodIssueCode.invalid_union
  )
    return { message: 'must be given as plain text (name=value)' };
  return { message: ctx.defaultError };
};

/**
 * Parses a request's query with `schema`. A bad value is an InputError (400) that names the
 * parameter and what it may be, e.g. "sort must be one of appId, cluster, ...; got 'x'".
 */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  query: unknown,
): z.output<T> {
  const result = schema.safeParse(query, { errorMap });
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues
      .map(issue => `${issue.path[0] ?? 'the query'} ${issue.message}`)
      .join('; '),
  );
}
