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

export type Json = Record<string, unknown>;

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

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function strs(value: unknown): string[] {
  return arr(value).filter((v): v is string => typeof v === 'string');
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Reads a `map[string]string` (labels, selectors), dropping non-string values. */
export function stringMap(value: unknown): Record<string, string> {
  const source = obj(value);
  const out: Record<string, string> = {};
  if (!source) return out;
  for (const [key, v] of Object.entries(source)) {
    if (typeof v === 'string') out[key] = v;
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
    namespace: namespaced ? str(metadata.namespace) ?? '' : undefined,
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
  return objs(value)
    .filter(c => typeof c.type === 'string')
    .map(c =>
      defined({
        type: c.type as string,
        status: conditionStatus(c.status),
        reason: str(c.reason),
        message: str(c.message),
        observedGeneration: num(c.observedGeneration),
        lastTransitionTime: str(c.lastTransitionTime),
      }),
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
        key: e.key as string,
        operator: e.operator as LabelSelectorRequirement['operator'],
        values: Array.isArray(e.values) ? strs(e.values) : undefined,
      }),
    );
  if (expressions.length > 0) selector.matchExpressions = expressions;
  return selector;
}
