// Defensive readers for raw API-server JSON: each returns a well-typed value or undefined and
// never throws, so one odd object cannot break the slimming of a whole list.
import type {
  ConditionStatus,
  LabelSelector,
  LabelSelectorRequirement,
  RawKubernetesObject,
  SlimCondition,
  SlimMeta,
} from '../types';
import { list } from '../lists';
import { maskCredentials } from '../masking/values';

export { list, trimmed } from '../lists';

export type Json = Record<string, unknown>;

// A fleet repeats the same few thousand strings (label keys and values, namespaces, images,
// daprd flags, condition reasons, API groups) across tens of thousands of objects, and
// JSON.parse gives every object its own copy of each. Slim objects keep one copy per value
// instead. The cache is bounded: when full it starts over, which only means that a value seen
// again afterwards gets one more copy, and at most SHARED_LIMIT strings outlive the objects that
// held them.
// Every string a slim object keeps is read through `shared` or `str`, and both mask a string
// that carries a credential (see `maskCredentials`), whatever field it comes from. Only clean
// strings are shared, so no credential outlives its object in the cache; and a string seen
// before is known to be clean, so the detectors run once per distinct string, not per object.
const SHARED_LIMIT = 20_000;
const SHARED_MAX_LENGTH = 512;
const sharedStrings = new Map<string, string>();

/** The one kept copy of a string equal to `value`. */
export function shared(value: string): string {
  if (value.length > SHARED_MAX_LENGTH) return maskCredentials(value);
  const known = sharedStrings.get(value);
  if (known !== undefined) return known;
  const kept = maskCredentials(value);
  if (kept !== value) return kept;
  if (sharedStrings.size >= SHARED_LIMIT) sharedStrings.clear();
  sharedStrings.set(value, value);
  return value;
}

export function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function objs(value: unknown): Json[] {
  return arr(value)
    .map(obj)
    .filter((v): v is Json => v !== undefined);
}

/** A string field, masked when it carries a credential (see `shared`). */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? maskCredentials(value) : undefined;
}

/** `str` for values that repeat across objects (see `shared`), masked like it. */
export function sharedStr(value: unknown): string | undefined {
  return typeof value === 'string' ? shared(value) : undefined;
}

/** The strings of a JSON array, shared (see `shared`), as a slim list. */
export function strs(value: unknown): string[] {
  return list(
    arr(value)
      .filter((v): v is string => typeof v === 'string')
      .map(shared),
  );
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/**
 * Reads a `map[string]string` (labels, selectors), dropping non-string values. Keys and values
 * are shared (see `shared`).
 */
export function stringMap(value: unknown): Record<string, string> {
  const source = obj(value);
  const out: Record<string, string> = {};
  if (!source) return out;
  for (const [key, v] of Object.entries(source)) {
    if (typeof v === 'string') out[shared(key)] = shared(v);
  }
  return out;
}

/** Copies only the properties whose value is defined, so slim objects carry no `undefined` keys. */
export function defined<T extends object>(value: T): T {
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

export function slimMeta(
  raw: RawKubernetesObject,
  namespaced: boolean,
): SlimMeta {
  const metadata = obj(raw.metadata) ?? {};
  return defined({
    name: str(metadata.name) ?? '',
    namespace: namespaced ? sharedStr(metadata.namespace) ?? '' : undefined,
    uid: str(metadata.uid),
    resourceVersion: str(metadata.resourceVersion),
    generation: num(metadata.generation),
    creationTimestamp: str(metadata.creationTimestamp),
    labels: stringMap(metadata.labels),
  });
}

function conditionStatus(value: unknown): ConditionStatus {
  return value === 'True' || value === 'False' ? value : 'Unknown';
}

export function slimConditions(value: unknown): SlimCondition[] {
  return list(
    objs(value)
      .filter(c => typeof c.type === 'string')
      .map(c =>
        defined({
          type: shared(c.type as string),
          status: conditionStatus(c.status),
          reason: sharedStr(c.reason),
          message: sharedStr(c.message),
          observedGeneration: num(c.observedGeneration),
          lastTransitionTime: sharedStr(c.lastTransitionTime),
        }),
      ),
  );
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

export function slimLabelSelector(value: unknown): LabelSelector | undefined {
  const source = obj(value);
  if (!source) return undefined;
  const selector: LabelSelector = {};
  if (obj(source.matchLabels))
    selector.matchLabels = stringMap(source.matchLabels);
  const expressions = objs(source.matchExpressions)
    .filter(
      e => typeof e.key === 'string' && OPERATORS.has(e.operator as string),
    )
    .map(e =>
      defined({
        key: shared(e.key as string),
        operator: e.operator as LabelSelectorRequirement['operator'],
        values: Array.isArray(e.values) ? strs(e.values) : undefined,
      }),
    );
  if (expressions.length > 0) selector.matchExpressions = expressions;
  return selector;
}
