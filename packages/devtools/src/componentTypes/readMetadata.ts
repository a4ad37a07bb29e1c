import fs from 'node:fs';
import path from 'node:path';
import type {
  ComponentMetadataField,
  DaprComponentType,
  ComponentTypesBundle,
} from '@daprise/plugin-daprise-common';
import { parseDocument } from 'yaml';
import { z } from 'zod';

// The shape of a metadata.yaml, as components-contrib's component-metadata-schema.json
// (schemaVersion v1) defines it. Fields the schema does not name are ignored (lock/redis
// has a `lock:` block that the schema lacks).
const text = z.string();
const flag = z.boolean().optional();
// YAML reads `example: 10` as a number; the schema says these are strings.
const scalar = z
  .union([z.string(), z.number(), z.boolean()])
  .transform(value => String(value));

const metadataSchema = z.object({
  name: text,
  description: text.optional(),
  required: flag,
  sensitive: flag,
  deprecated: flag,
  type: z.enum(['string', 'number', 'bool', 'duration', 'bytesize']).optional(),
  default: scalar.optional(),
  example: scalar.optional(),
  allowedValues: z.array(scalar).optional(),
  binding: z.object({ input: flag, output: flag }).optional(),
  url: z.object({ title: text, url: text }).optional(),
});

const fileSchema = z.object({
  schemaVersion: z.literal('v1'),
  type: z.enum([
    'bindings',
    'state',
    'secretstores',
    'pubsub',
    'workflows',
    'configuration',
    'lock',
    'middleware',
    'crypto',
    'nameresolution',
    'conversation',
  ]),
  name: text,
  version: text,
  status: z.enum(['stable', 'beta', 'alpha', 'development-only']),
  title: text,
  description: text.optional(),
  urls: z.array(z.object({ title: text, url: text })),
  binding: z
    .object({
      input: flag,
      output: flag,
      operations: z.array(z.object({ name: text })),
    })
    .optional(),
  capabilities: z.array(text).optional(),
  authenticationProfiles: z
    .array(
      z.object({
        title: text,
        metadata: z.array(metadataSchema).nullish(),
      }),
    )
    .optional(),
  builtinAuthenticationProfiles: z
    .array(
      z.object({ name: text, metadata: z.array(metadataSchema).nullish() }),
    )
    .optional(),
  metadata: z.array(metadataSchema).nullish(),
});

type RawMetadata = z.infer<typeof metadataSchema>;

/** Only what a portal uses, in a fixed key order, with `true` flags only. */
function field(raw: RawMetadata): ComponentMetadataField {
  return {
    name: raw.name,
    ...(raw.type && raw.type !== 'string' ? { type: raw.type } : {}),
    ...(raw.required ? { required: true as const } : {}),
    ...(raw.sensitive ? { sensitive: true as const } : {}),
    ...(raw.deprecated ? { deprecated: true as const } : {}),
    ...(raw.default !== undefined ? { default: raw.default } : {}),
    ...(raw.example !== undefined ? { example: raw.example } : {}),
    ...(raw.allowedValues ? { allowedValues: raw.allowedValues } : {}),
    ...(raw.binding && (raw.binding.input || raw.binding.output)
      ? {
          binding: {
            ...(raw.binding.input ? { input: true as const } : {}),
            ...(raw.binding.output ? { output: true as const } : {}),
          },
        }
      : {}),
  };
}

const fields = (raw: RawMetadata[] | null | undefined) =>
  (raw ?? []).map(field);

/**
 * The component's `spec.type`. Every middleware in components-contrib is HTTP middleware
 * (middleware/http/<name>), and Dapr names those `middleware.http.<name>`
 * (https://docs.dapr.io/reference/components-reference/supported-middleware/); every other
 * type is `<type>.<name>`.
 */
function specType(file: z.infer<typeof fileSchema>, relative: string): string {
  if (file.type !== 'middleware') return `${file.type}.${file.name}`;
  if (!relative.startsWith('middleware/http/')) {
    throw new Error(
      `${relative}: a middleware outside middleware/http, whose component type is not known`,
    );
  }
  return `middleware.http.${file.name}`;
}

/** Reads one metadata.yaml (path relative to the module root, with `/`). */
export function readComponentMetadata(
  moduleDir: string,
  relative: string,
): DaprComponentType {
  const document = parseDocument(
    fs.readFileSync(path.join(moduleDir, relative), 'utf8'),
  );
  if (document.errors.length) {
    throw new Error(`${relative}: ${document.errors[0].message}`);
  }
  const parsed = fileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${relative}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const file = parsed.data;
  const docsUrl = (
    file.urls.find(u => u.title.toLowerCase() === 'reference') ?? file.urls[0]
  )?.url;
  return {
    type: specType(file, relative),
    version: file.version,
    status: file.status,
    title: file.title,
    ...(docsUrl ? { docsUrl } : {}),
    ...(file.capabilities?.length ? { capabilities: file.capabilities } : {}),
    ...(file.binding
      ? {
          binding: {
            ...(file.binding.input ? { input: true as const } : {}),
            ...(file.binding.output ? { output: true as const } : {}),
            operations: file.binding.operations.map(o => o.name),
          },
        }
      : {}),
    metadata: fields(file.metadata),
    ...(file.authenticationProfiles?.length
      ? {
          authenticationProfiles: file.authenticationProfiles.map(p => ({
            title: p.title,
            metadata: fields(p.metadata),
          })),
        }
      : {}),
    ...(file.builtinAuthenticationProfiles?.length
      ? {
          builtinAuthenticationProfiles: file.builtinAuthenticationProfiles.map(
            p => ({
              name: p.name,
              ...(p.metadata?.length ? { metadata: fields(p.metadata) } : {}),
            }),
          ),
        }
      : {}),
  };
}

/** Every metadata.yaml under dir, relative with `/`, in a fixed (sorted) order. */
export function findMetadataFiles(moduleDir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    const entries = fs.readdirSync(path.join(moduleDir, relative), {
      withFileTypes: true,
    });
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name === 'metadata.yaml') found.push(child);
    }
  };
  walk('');
  return found.sort();
}

/**
 * The bundle of every component type in a components-contrib module directory, sorted by
 * type and version, so the same module always gives the same bytes.
 */
export function buildComponentTypesBundle(
  moduleDir: string,
  source: ComponentTypesBundle['source'],
): ComponentTypesBundle {
  const types = findMetadataFiles(moduleDir).map(file =>
    readComponentMetadata(moduleDir, file),
  );
  types.sort((a, b) =>
    a.type === b.type
      ? compareVersions(a.version, b.version)
      : compareStrings(a.type, b.type),
  );
  for (let i = 1; i < types.length; i++) {
    if (
      types[i].type === types[i - 1].type &&
      types[i].version === types[i - 1].version
    ) {
      throw new Error(
        `${types[i].type} ${types[i].version} is described twice`,
      );
    }
  }
  return { source, types };
}

/** By code unit, not by locale, so that every machine sorts alike. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : Number(a > b);
}

/** `v2` before `v10`. */
function compareVersions(a: string, b: string): number {
  const number = (v: string) => Number(v.replace(/^v/, '')) || 0;
  return number(a) - number(b) || compareStrings(a, b);
}

/**
 * The bundle as committed: one component type per line, so a new components-contrib
 * release shows up in a diff type by type.
 */
export function serializeComponentTypesBundle(
  bundle: ComponentTypesBundle,
): string {
  const lines = bundle.types.map(t => `    ${JSON.stringify(t)}`);
  return `{\n  "source": ${JSON.stringify(
    bundle.source,
  )},\n  "types": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
