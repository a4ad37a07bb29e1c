import { z } from 'zod';
import {
  appIdFormatIssue,
  COMPONENT_TYPES_SOURCE,
  MAX_APP_ID_LENGTH,
  DEFAULT_DAPRD_VERSION,
  componentType,
  componentTypes,
  componentTypeVersions,
  deprecatedMetadataNames,
  isSensitiveName,
  knownMetadataNames,
  requiredMetadataNames,
  sensitiveMetadataNames,
} from '@daprise/plugin-daprise-common';
import type { Issue } from './inputChecks';
import {
  dnsLabelIssue,
  dnsSubdomainIssue,
  entityRefIssue,
  hostnameIssue,
  imageIssue,
  pathPrefixIssue,
  reservedNameIssue,
  SECRET_KEY,
  SEMVER,
} from './inputChecks';

/**
 * One problem with a scaffolder input: which field, which rule it breaks, and how to fix it.
 * @public
 */
export interface ValidationError {
  /** Dotted path of the field, e.g. `appId` or `components.0.metadata.1.value`. */
  field: string;
  /** Stable id of the broken rule, e.g. `dns-1123-label`. */
  rule: string;
  message: string;
  fix: string;
}

function addIssue(
  ctx: z.RefinementCtx,
  issue: Issue,
  path: Array<string | number> = [],
): void {
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: issue.message,
    path,
    params: { rule: issue.rule, fix: issue.fix },
  });
}

/** What a value given twice breaks, by the list it is in. */
const LISTED_TWICE = {
  metadata: (name: string): Issue => ({
    rule: 'unique-name',
    message: `Metadata "${name}" is given twice`,
    fix: 'Keep one entry per metadata name.',
  }),
  hostnames: (host: string): Issue => ({
    rule: 'unique-hostname',
    message: `Hostname "${host}" is listed twice`,
    fix: 'Remove the duplicate.',
  }),
  components: (name: string): Issue => ({
    rule: 'unique-name',
    message: `Component "${name}" is defined twice`,
    fix: 'Give each component its own name.',
  }),
};

/** Reports every entry whose value an earlier entry already has, at that entry's path. */
function addRepeatIssues(
  ctx: z.RefinementCtx,
  values: readonly string[],
  pathOf: (index: number) => Array<string | number>,
  issueOf: (value: string) => Issue,
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) addIssue(ctx, issueOf(value), pathOf(index));
    seen.add(value);
  });
}

function refineWith(check: (value: string) => Issue | undefined) {
  return (value: string, ctx: z.RefinementCtx) => {
    const issue = check(value);
    if (issue) addIssue(ctx, issue);
  };
}

const metadataItemSchema = z
  .object({
    name: z.string().min(1, { message: 'Metadata name is empty' }),
    value: z.string().describe('A plain value (never for secrets)').optional(),
    secretKeyRef: z
      .object({
        name: z
          .string()
          .superRefine(refineWith(v => dnsSubdomainIssue('Secret name', v)))
          .describe('Kubernetes Secret in the namespace'),
        key: z
          .string()
          .describe('Key in that Secret')
          .superRefine(
            refineWith(v =>
              SECRET_KEY.test(v)
                ? undefined
                : {
                    rule: 'secret-key',
                    message: `Secret key "${v}" is not valid`,
                    fix: 'Use letters, digits, "-", "_" and ".".',
                  },
            ),
          ),
      })
      .strict()
      .optional(),
  })
  .strict();

const categories = [
  ...new Set(componentTypes().map(t => t.type.split('.')[0])),
].sort();

/** An unknown type is refused with the types of its category, or the categories. */
function unknownComponentTypeIssue(type: string): Issue | undefined {
  if (componentTypeVersions(type).length > 0) return undefined;
  const category = type.split('.')[0];
  const sameCategory = [
    ...new Set(
      componentTypes()
        .map(t => t.type)
        .filter(t => t.startsWith(`${category}.`)),
    ),
  ];
  return {
    rule: 'component-type-supported',
    message: `Component type "${type}" is not a component type of Dapr's components-contrib ${COMPONENT_TYPES_SOURCE.version}`,
    fix: sameCategory.length
      ? `Use one of: ${sameCategory.join(', ')}.`
      : `Use <category>.<name>, e.g. state.redis; the categories are ${categories.join(
          ', ',
        )}.`,
  };
}

const componentSchema = z
  .object({
    name: z
      .string()
      .superRefine(refineWith(v => dnsLabelIssue('Component name', v)))
      .describe('Component name (DNS label)'),
    type: z
      .string()
      .describe(
        `Component type (spec.type) of Dapr's components-contrib ${COMPONENT_TYPES_SOURCE.version}, e.g. state.redis`,
      )
      .superRefine(refineWith(unknownComponentTypeIssue)),
    version: z
      .string()
      .default('v1')
      .describe('Component version (default v1)'),
    metadata: z.array(metadataItemSchema).default([]),
    readableSecrets: z
      .array(
        z
          .string()
          .superRefine(refineWith(v => dnsSubdomainIssue('Secret name', v))),
      )
      .describe(
        'secretstores.kubernetes only: the Secrets the app may read through the store; the rendered Role then names exactly these (get only, so no bulk get). Left out: every Secret of the namespace.',
      )
      .optional(),
  })
  .strict()
  .superRefine((component, ctx) => {
    if (
      component.readableSecrets !== undefined &&
      component.type !== 'secretstores.kubernetes'
    ) {
      addIssue(
        ctx,
        {
          rule: 'readable-secrets-kubernetes-only',
          message: `readableSecrets is for secretstores.kubernetes components, not ${component.type}`,
          fix: 'Remove readableSecrets: other components reference their Secrets with secretKeyRef.',
        },
        ['readableSecrets'],
      );
    }
    if (component.readableSecrets?.length === 0) {
      // A Role with empty resourceNames grants every Secret of the namespace.
      addIssue(
        ctx,
        {
          rule: 'readable-secrets-not-empty',
          message: 'readableSecrets names no Secret',
          fix: 'Name at least one Secret, or leave readableSecrets out to let the store read every Secret of the namespace.',
        },
        ['readableSecrets'],
      );
    }
    const versions = componentTypeVersions(component.type);
    if (versions.length > 0 && !versions.includes(component.version)) {
      addIssue(
        ctx,
        {
          rule: 'component-version',
          message: `Version "${component.version}" of ${component.type} is not in components-contrib ${COMPONENT_TYPES_SOURCE.version}`,
          fix: `Use ${versions.join(' or ')}.`,
        },
        ['version'],
      );
    }
    const sensitive = sensitiveMetadataNames(component.type, component.version);
    const names = new Set(component.metadata.map(item => item.name));
    addRepeatIssues(
      ctx,
      component.metadata.map(item => item.name),
      index => ['metadata', index, 'name'],
      LISTED_TWICE.metadata,
    );
    component.metadata.forEach((item, index) => {
      if ((item.value === undefined) === (item.secretKeyRef === undefined)) {
        addIssue(
          ctx,
          {
            rule: 'value-or-secret-key-ref',
            message: `Metadata "${item.name}" needs exactly one of value and secretKeyRef`,
            fix: 'Give either a value or a secretKeyRef {name, key}, not both and not neither.',
          },
          ['metadata', index],
        );
      }
      // What components-contrib marks sensitive for this type and version (rabbitmq's
      // `host` may carry credentials), and whatever looks like a secret by its name: a new
      // component is written to git, so a false positive costs a Secret, a miss leaks one.
      const secret =
        sensitive?.has(item.name) === true || isSensitiveName(item.name);
      if (secret && item.value !== undefined && item.value !== '') {
        addIssue(
          ctx,
          {
            rule: 'use-secret-key-ref',
            message: `Metadata "${item.name}" of ${component.type} is a secret and must not be given as a plain value`,
            fix: `Store it in a Kubernetes Secret and reference it: secretKeyRef: {name: <secret>, key: <key>} (use secretKeyRef).`,
          },
          ['metadata', index, 'value'],
        );
      }
    });
    const required =
      requiredMetadataNames(component.type, component.version) ?? [];
    for (const name of [...required].sort()) {
      if (!names.has(name)) {
        addIssue(
          ctx,
          {
            rule: 'component-metadata-required',
            message: `${component.type} ${component.version} requires metadata "${name}"`,
            fix: `Add a metadata entry named "${name}".`,
          },
          ['metadata'],
        );
      }
    }
  });

const daprSharedSchema = z
  .object({
    strategy: z
      .enum(['daemonset', 'deployment'])
      .default('daemonset')
      .describe('daemonset (default: one daprd per node) or deployment'),
    replicas: z
      .number()
      .int()
      .min(1)
      .max(50)
      .describe('Replicas of the deployment strategy (default 1)')
      .optional(),
    daprdVersion: z
      .string()
      .describe(`daprd version (default ${DEFAULT_DAPRD_VERSION})`)
      .default(DEFAULT_DAPRD_VERSION)
      .superRefine(
        refineWith(v =>
          SEMVER.test(v)
            ? undefined
            : {
                rule: 'semver',
                message: `daprd version "${v}" is not a version like ${DEFAULT_DAPRD_VERSION}`,
                fix: `Use MAJOR.MINOR.PATCH, e.g. "${DEFAULT_DAPRD_VERSION}" (no "v" prefix).`,
              },
        ),
      ),
    mtls: z
      .boolean()
      .default(true)
      .describe('Dapr mTLS between daprds (default true)'),
    configName: z
      .string()
      .superRefine(refineWith(v => dnsSubdomainIssue('Configuration name', v)))
      .describe('Dapr Configuration for daprd')
      .optional(),
    /**
     * ConfigMap in the app's namespace holding the Dapr root certificate under `ca.crt` (e.g. a
     * copy of `dapr-system/dapr-trust-bundle` made by trust-manager or the platform team).
     */
    trustAnchorsConfigMap: z
      .string()
      .default('dapr-trust-bundle')
      .superRefine(
        refineWith(v => dnsSubdomainIssue('Trust anchors ConfigMap name', v)),
      )
      .describe(
        'ConfigMap with the Dapr root certificate (ca.crt) in the namespace (default dapr-trust-bundle)',
      ),
  })
  .strict();

const gatewaySchema = z
  .object({
    name: z
      .string()
      .superRefine(refineWith(v => dnsSubdomainIssue('Gateway name', v)))
      .describe('Gateway name, e.g. public'),
    namespace: z
      .string()
      .superRefine(refineWith(v => dnsLabelIssue('Gateway namespace', v)))
      .describe("Gateway's namespace, e.g. infra"),
    gatewayAppId: z
      .string()
      .default('gateway')
      .superRefine(
        refineWith(v =>
          dnsLabelIssue("Gateway's app-id", v, MAX_APP_ID_LENGTH),
        ),
      )
      .describe("App-id of the gateway's Dapr Shared (default gateway)"),
    /** Namespace of the gateway's Dapr Shared (where the HTTPRoute goes); default: the Gateway's. */
    gatewayDaprNamespace: z
      .string()
      .superRefine(
        refineWith(v => dnsLabelIssue("Gateway's Dapr namespace", v)),
      )
      .describe(
        "Namespace of the gateway's Dapr Shared, where the HTTPRoute goes (default: the Gateway's)",
      )
      .optional(),
    /**
     * The listener the route attaches to (its parentRef's `sectionName`); left out, every
     * listener of the Gateway that admits the route.
     */
    listener: z
      .string()
      .superRefine(refineWith(v => dnsSubdomainIssue('Listener name', v)))
      .describe(
        "The Gateway's listener the route attaches to (sectionName); default: every listener that admits it",
      )
      .optional(),
    /** Whether the listener serves HTTPS (only used for the public URL). Default true. */
    https: z
      .boolean()
      .default(true)
      .describe('Whether the listener serves HTTPS (for the public URL)'),
  })
  .strict();

const baseSchema = z
  .object({
    appId: z
      .string()
      .superRefine(refineWith(appIdFormatIssue))
      .describe(
        'Dapr app-id; also the name of the Deployment, the Service, the Dapr Shared release and the catalog entity (DNS label, at most 53 characters)',
      ),
    namespace: z
      .string()
      .superRefine(
        refineWith(
          v =>
            dnsLabelIssue('Namespace', v) ?? reservedNameIssue('Namespace', v),
        ),
      )
      .describe(
        'Namespace of the app and its Dapr Shared instance; it must exist',
      ),
    owner: z
      .string()
      .superRefine(
        refineWith(v => entityRefIssue('Owner', v, 'group', ['group', 'user'])),
      )
      .describe('Owner entity ref, e.g. group:default/team-a'),
    system: z
      .string()
      .superRefine(
        refineWith(v => entityRefIssue('System', v, 'system', ['system'])),
      )
      .describe('System entity ref')
      .optional(),
    description: z
      .string()
      .max(1000)
      .describe('Catalog description')
      .optional(),
    appPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .describe('Port the app listens on (1-65535)'),
    appProtocol: z
      .enum(['http', 'grpc'])
      .default('http')
      .describe('http (default) or grpc: how daprd calls the app'),
    image: z
      .string()
      .superRefine(refineWith(imageIssue))
      .describe("The app's container image"),
    daprShared: daprSharedSchema.default({}),
    components: z.array(componentSchema).default([]),
    gateway: gatewaySchema.optional(),
    hostnames: z
      .array(z.string().superRefine(refineWith(hostnameIssue)))
      .max(16)
      .default([])
      .describe('Host names the route matches'),
    pathPrefix: z
      .string()
      .superRefine(refineWith(pathPrefixIssue))
      .describe('Path prefix of the route (default /<appId>)')
      .optional(),
    networkPolicy: z
      .boolean()
      .default(true)
      .describe('Render Cilium network policies (default true)'),
  })
  .strict();

/**
 * The scaffolder's input for a new service, with every field checked and defaults applied.
 * Parse with `validateServiceInput` for field-level errors with fixes.
 * @public
 */
export const serviceInputSchema = baseSchema
  .superRefine((input, ctx) => {
    if (
      input.daprShared.strategy === 'daemonset' &&
      input.daprShared.replicas !== undefined
    ) {
      addIssue(
        ctx,
        {
          rule: 'replicas-only-for-deployment',
          message:
            'Replicas apply only to the deployment strategy; a DaemonSet runs one daprd per node',
          fix: 'Remove replicas, or choose strategy "deployment".',
        },
        ['daprShared', 'replicas'],
      );
    }
    if (input.gateway) {
      const gatewayDaprNamespace =
        input.gateway.gatewayDaprNamespace ?? input.gateway.namespace;
      if (
        input.appId === input.gateway.gatewayAppId &&
        input.namespace === gatewayDaprNamespace
      ) {
        addIssue(
          ctx,
          {
            rule: 'reserved-name',
            message: `App-id "${input.appId}" is the gateway's own app-id in namespace ${input.namespace}`,
            fix: 'Choose another app-id: routes would invoke the gateway itself.',
          },
          ['appId'],
        );
      }
    } else {
      if (input.hostnames.length > 0) {
        addIssue(
          ctx,
          {
            rule: 'requires-gateway',
            message: 'Hostnames are given but no gateway',
            fix: 'Choose a gateway, or remove the hostnames.',
          },
          ['hostnames'],
        );
      }
      if (input.pathPrefix !== undefined) {
        addIssue(
          ctx,
          {
            rule: 'requires-gateway',
            message: 'A path prefix is given but no gateway',
            fix: 'Choose a gateway, or remove the path prefix.',
          },
          ['pathPrefix'],
        );
      }
    }
    if (input.appProtocol === 'grpc' && input.pathPrefix !== undefined) {
      addIssue(
        ctx,
        {
          rule: 'path-prefix-http-only',
          message:
            "A path prefix is given for a gRPC app: its GRPCRoute routes every call on the route's host names, by gRPC service and method, not by path",
          fix: 'Remove the path prefix, or choose appProtocol "http".',
        },
        ['pathPrefix'],
      );
    }
    addRepeatIssues(
      ctx,
      input.hostnames,
      index => ['hostnames', index],
      LISTED_TWICE.hostnames,
    );
    addRepeatIssues(
      ctx,
      input.components.map(component => component.name),
      index => ['components', index, 'name'],
      LISTED_TWICE.components,
    );
  })
  .transform(input => {
    const gateway = input.gateway
      ? {
          ...input.gateway,
          gatewayDaprNamespace:
            input.gateway.gatewayDaprNamespace ?? input.gateway.namespace,
        }
      : undefined;
    const daprShared = {
      ...input.daprShared,
      replicas:
        input.daprShared.strategy === 'deployment'
          ? input.daprShared.replicas ?? 1
          : undefined,
    };
    return {
      ...input,
      daprShared,
      gateway,
      // A gRPC app's GRPCRoute matches by host name alone (see renderGrpcRoute).
      pathPrefix:
        gateway && input.appProtocol === 'http'
          ? input.pathPrefix ?? `/${input.appId}`
          : undefined,
    };
  });

/**
 * A validated service input with defaults applied: what `renderService` takes.
 * @public
 */
export type ServiceInput = z.output<typeof serviceInputSchema>;

/**
 * A service input as a form produces it: defaults not applied yet.
 * @public
 */
export type ServiceInputDraft = z.input<typeof serviceInputSchema>;

/**
 * Facts from outside the form that validation needs.
 * @public
 */
export interface ServiceInputContext {
  /** App-ids already in use, per namespace (a Map or a plain object for JSON transport). */
  existingAppIds?:
    | ReadonlyMap<string, ReadonlySet<string> | readonly string[]>
    | Record<string, ReadonlySet<string> | readonly string[]>;
  /**
   * Whether the platform allows `secretstores.kubernetes` components (config
   * `daprise.scaffolder.allowKubernetesSecretStore`; default false): rendering one grants the
   * service's Dapr Shared service account a Role that reads the namespace's Secrets.
   */
  allowKubernetesSecretStore?: boolean;
}

/** The component type whose store reads Kubernetes Secrets with daprd's own identity. */
const KUBERNETES_SECRET_STORE = 'secretstores.kubernetes';

/**
 * Result of `validateServiceInput`.
 * @public
 */
export type ServiceInputValidation =
  | { ok: true; value: ServiceInput; warnings: ValidationError[] }
  | { ok: false; errors: ValidationError[]; warnings: ValidationError[] };

/**
 * What may be a mistake but is not refused: a metadata name that components-contrib does
 * not list for the component's type and version (a typo, or a field of a newer release),
 * and a deprecated one.
 * @public
 */
export function componentMetadataWarnings(
  components: ServiceInput['components'],
): ValidationError[] {
  const warnings: ValidationError[] = [];
  components.forEach((component, index) => {
    const info = componentType(component.type, component.version);
    const known = knownMetadataNames(component.type, component.version);
    const deprecated = deprecatedMetadataNames(
      component.type,
      component.version,
    );
    if (!info || !known || !deprecated) return;
    const builtin = (info.builtinAuthenticationProfiles ?? []).map(p => p.name);
    component.metadata.forEach((item, itemIndex) => {
      const field = `components.${index}.metadata.${itemIndex}.name`;
      if (!known.has(item.name)) {
        warnings.push({
          field,
          rule: 'component-metadata-unknown',
          message: `Metadata "${item.name}" is not one of ${component.type} ${
            component.version
          }'s in components-contrib ${COMPONENT_TYPES_SOURCE.version}${
            builtin.length
              ? ` (unless it belongs to the ${builtin.join(
                  ' or ',
                )} authentication profile, whose fields are not listed)`
              : ''
          }`,
          fix: `Check the name against ${
            info.docsUrl ?? `the ${component.type} reference`
          }.`,
        });
      } else if (deprecated.has(item.name)) {
        warnings.push({
          field,
          rule: 'component-metadata-deprecated',
          message: `Metadata "${item.name}" of ${component.type} ${component.version} is deprecated`,
          fix: `Leave it out of new components; see ${
            info.docsUrl ?? `the ${component.type} reference`
          }.`,
        });
      }
    });
  });
  return warnings;
}

function fieldOf(path: ReadonlyArray<string | number>): string {
  return path.map(String).join('.') || '(input)';
}

function describeExpected(issue: z.ZodIssue): string {
  return 'expected' in issue ? String(issue.expected) : 'value';
}

function toValidationError(issue: z.ZodIssue): ValidationError {
  const field = fieldOf(issue.path);
  if (issue.code === z.ZodIssueCode.custom && issue.params?.rule) {
    return {
      field,
      rule: String(issue.params.rule),
      message: issue.message,
      fix: String(issue.params.fix ?? ''),
    };
  }
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') {
        return {
          field,
          rule: 'required',
          message: `${field} is required`,
          fix: `Provide ${field}.`,
        };
      }
      return {
        field,
        rule: 'type',
        message: `${field} must be a ${describeExpected(issue)}, not a ${
          issue.received
        }`,
        fix: `Provide a ${describeExpected(issue)}.`,
      };
    case z.ZodIssueCode.invalid_enum_value:
      return {
        field,
        rule: 'one-of',
        message: `${field} must be one of ${issue.options.join(', ')}`,
        fix: `Use one of: ${issue.options.join(', ')}.`,
      };
    case z.ZodIssueCode.unrecognized_keys:
      return {
        field,
        rule: 'unknown-field',
        message: `Unknown field(s): ${issue.keys.join(', ')}`,
        fix: `Remove ${issue.keys.join(', ')} (check the spelling).`,
      };
    case z.ZodIssueCode.too_small:
    case z.ZodIssueCode.too_big: {
      const bound =
        issue.code === z.ZodIssueCode.too_small
          ? `at least ${issue.minimum}`
          : `at most ${issue.maximum}`;
      if (issue.type === 'number') {
        return {
          field,
          rule: 'range',
          message: `${field} must be ${bound}`,
          fix: `Use a whole number ${bound}.`,
        };
      }
      const unit = issue.type === 'array' ? 'entries' : 'characters';
      return {
        field,
        rule: issue.type === 'array' ? 'count' : 'length',
        message: `${field} must have ${bound} ${unit}`,
        fix: `Use ${bound} ${unit}.`,
      };
    }
    default:
      return {
        field,
        rule: 'invalid',
        message: issue.message,
        fix: `Correct ${field}.`,
      };
  }
}

function isAppIdTaken(
  context: ServiceInputContext | undefined,
  namespace: unknown,
  appId: unknown,
): boolean {
  const existing = context?.existingAppIds;
  if (!existing || typeof namespace !== 'string' || typeof appId !== 'string') {
    return false;
  }
  const ids =
    existing instanceof Map
      ? existing.get(namespace)
      : (existing as Record<string, ReadonlySet<string> | readonly string[]>)[
          namespace
        ];
  if (!ids) return false;
  return 'has' in ids ? ids.has(appId) : ids.includes(appId);
}

/**
 * Validates a scaffolder input. Every error names the field, the rule it breaks and a fix; with
 * a context, an app-id already used in the namespace is an error too.
 * @public
 */
export function validateServiceInput(
  input: unknown,
  context?: ServiceInputContext,
): ServiceInputValidation {
  const result = serviceInputSchema.safeParse(input);
  const errors = result.success
    ? []
    : result.error.issues.map(toValidationError);
  // Checked on the raw input too, so a taken app-id shows up along with other errors.
  const { appId, namespace } = (result.success ? result.data : input ?? {}) as {
    appId?: unknown;
    namespace?: unknown;
  };
  if (isAppIdTaken(context, namespace, appId)) {
    errors.push({
      field: 'appId',
      rule: 'app-id-unique',
      message: `App-id "${appId}" is already used in namespace ${namespace}`,
      fix: 'Choose another app-id: Dapr resolves app-ids per namespace, so two apps cannot share one.',
    });
  }
  if (result.success && !context?.allowKubernetesSecretStore) {
    result.data.components.forEach((component, index) => {
      if (component.type !== KUBERNETES_SECRET_STORE) return;
      errors.push({
        field: fieldOf(['components', index, 'type']),
        rule: 'kubernetes-secret-store-allowed',
        message: `Component "${component.name}" is a ${KUBERNETES_SECRET_STORE}, which needs a Role that lets the service's Dapr Shared read the Secrets of namespace ${result.data.namespace}; this portal does not allow that`,
        fix: `Use another secret store (e.g. secretstores.hashicorp.vault), or ask the platform team to set daprise.scaffolder.allowKubernetesSecretStore: true in the portal's app-config.`,
      });
    });
  }
  const warnings = result.success
    ? componentMetadataWarnings(result.data.components)
    : [];
  if (!result.success || errors.length > 0)
    return { ok: false, errors, warnings };
  return { ok: true, value: result.data, warnings };
}
