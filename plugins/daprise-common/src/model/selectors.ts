import type { LabelSelector, LabelSelectorRequirement } from '../types';

/**
 * Whether labels satisfy one selector requirement (Kubernetes semantics: `NotIn` and
 * `DoesNotExist` hold when the key is absent).
 * @public
 */
export function matchesRequirement(
  requirement: LabelSelectorRequirement,
  labels: Readonly<Record<string, string>>,
  key: string = requirement.key,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return has && values.includes(labels[key]);
    case 'NotIn':
      return !has || !values.includes(labels[key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/**
 * Whether labels satisfy a Kubernetes label selector. An empty selector matches everything.
 * @public
 */
export function matchesLabelSelector(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every(r =>
    matchesRequirement(r, labels),
  );
}

/**
 * Whether pod labels satisfy a Service's `spec.selector`. Unlike a label selector, an empty or
 * absent Service selector selects no pods (the Service's endpoints are managed by hand).
 * @public
 */
export function matchesServiceSelector(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  const entries = Object.entries(selector ?? {});
  return (
    entries.length > 0 && entries.every(([key, value]) => labels[key] === value)
  );
}

/**
 * An index of items by their labels (`key=value`), to find the items a selector matches
 * without scanning them all.
 * @public
 */
export class LabelIndex<T> {
  // By label key, then value: the maps' keys are the items' own label strings, where joining
  // them into `key=value` strings would make a new string per label of every item.
  private readonly byLabel = new Map<string, Map<string, T[]>>();
  private readonly all: T[] = [];

  constructor(
    private readonly labelsOf: (item: T) => Readonly<Record<string, string>>,
  ) {}

  add(item: T): void {
    this.all.push(item);
    for (const [key, value] of Object.entries(this.labelsOf(item))) {
      let byValue = this.byLabel.get(key);
      if (!byValue) {
        byValue = new Map();
        this.byLabel.set(key, byValue);
      }
      const bucket = byValue.get(value);
      if (bucket) bucket.push(item);
      else byValue.set(value, [item]);
    }
  }

  private bucket(key: string, value: string): T[] | undefined {
    return this.byLabel.get(key)?.get(value);
  }

  /** Items whose labels satisfy a Service selector (an empty selector selects nothing). */
  selectForService(
    selector: Readonly<Record<string, string>> | undefined,
  ): T[] {
    const entries = Object.entries(selector ?? {});
    if (entries.length === 0) return [];
    let smallest: T[] | undefined;
    for (const [key, value] of entries) {
      const bucket = this.bucket(key, value);
      if (!bucket) return [];
      if (!smallest || bucket.length < smallest.length) smallest = bucket;
    }
    return (smallest ?? []).filter(item =>
      matchesServiceSelector(selector, this.labelsOf(item)),
    );
  }

  /** Items whose labels satisfy a label selector (an empty selector selects every item). */
  select(selector: LabelSelector | undefined): T[] {
    const entries = Object.entries(selector?.matchLabels ?? {});
    let candidates: T[] = this.all;
    for (const [key, value] of entries) {
      const bucket = this.bucket(key, value) ?? [];
      if (bucket.length < candidates.length) candidates = bucket;
    }
    return candidates.filter(item =>
      matchesLabelSelector(selector, this.labelsOf(item)),
    );
  }
}
