import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/**
 * The zod the actions registry hands to schema builders: backend-plugin-api's own copy (zod 4's
 * `zod/v3`), not this package's zod 3. Typing the builders with it keeps the compiler from
 * comparing the two copies' types structurally, which exhausts its memory.
 */
export type ActionZod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** An object schema of {@link ActionZod} that keeps the fields it does not name. */
export type ActionZodObject = ReturnType<
  ReturnType<ActionZod['object']>['passthrough']
>;

/**
 * The output schemas the actions share. Objects pass through the fields they do not name,
 * so that an assistant gets the whole view (the output is parsed with these schemas, and a
 * plain object schema would strip the rest).
 */
export function findingSchema(z: ActionZod): ActionZodObject {
  return z
    .object({
      ruleId: z.string(),
      severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
      message: z.string(),
      remediation: z.string(),
      object: z
        .object({
          kind: z.string(),
          namespace: z.string().optional(),
          name: z.string(),
        })
        .passthrough()
        .optional()
        .describe('The object the finding is about'),
      field: z
        .string()
        .optional()
        .describe('The offending field of the object'),
    })
    .passthrough();
}

export function hopSchema(z: ActionZod): ActionZodObject {
  return z
    .object({
      role: z.enum([
        'gateway',
        'via-dapr',
        'target-dapr',
        'app-service',
        'app',
      ]),
      label: z.string(),
      status: z.enum(['ok', 'warning', 'error', 'unknown']),
      reason: z
        .string()
        .describe('Why the hop has its status: what blocks it, if anything'),
    })
    .passthrough();
}

export function appViewSchema(z: ActionZod): ActionZodObject {
  return z
    .object({
      key: z.string().describe('cluster/namespace/appId'),
      cluster: z.string(),
      namespace: z.string(),
      appId: z.string(),
      score: z.number().describe('0..100'),
      findings: z.array(findingSchema(z)),
    })
    .passthrough()
    .describe(
      'Everything Daprise knows about the app: Dapr Shared instances, sidecars, workloads, components (metadata masked), configurations, resiliencies, subscriptions, routes with their hops, policies and findings',
    );
}
