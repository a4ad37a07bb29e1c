// Validates rendered objects against the upstream CRD schemas kept beside the project in CI
// (`../shared/reference`, or DAPRISE_REFERENCE_DIR). A clone without that folder skips these
// tests; nothing is copied into the project.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { serviceDraft } from '../__testUtils__/serviceDraft';
import { renderService } from './service';
import type { KubernetesManifest } from './types';

const referenceDir =
  process.env.DAPRISE_REFERENCE_DIR ??
  resolve(__dirname, '../../../../../shared/reference');
const describeIfReference = existsSync(referenceDir) ? describe : describe.skip;

type Schema = Record<string, any>;

function crdSchema(file: string, version: string): Schema {
  const docs = parseAllDocuments(
    readFileSync(resolve(referenceDir, file), 'utf8'),
  ).map(d => d.toJS());
  const crd = docs.find(d => d?.kind === 'CustomResourceDefinition');
  const served = crd.spec.versions.find((v: any) => v.name === version);
  if (!served) throw new Error(`${file} does not serve ${version}`);
  return served.schema.openAPIV3Schema;
}

/**
 * A validator for the structural OpenAPI subset CRDs use: types, required, enum, pattern, length
 * and item limits, int-or-string, oneOf/anyOf of `required` alternatives, and unknown fields
 * (which the API server would silently prune, losing configuration).
 */
function validate(
  schema: Schema,
  value: unknown,
  path: string,
  errors: string[],
): void {
  if (schema['x-kubernetes-int-or-string']) {
    if (!(typeof value === 'string' || Number.isInteger(value)))
      errors.push(`${path}: int-or-string expected`);
    return;
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alternatives: Schema[] | undefined = schema[key];
    if (
      alternatives &&
      alternatives.every(a => a.required) &&
      value &&
      typeof value === 'object'
    ) {
      const satisfied = alternatives.filter(a =>
        a.required.every((r: string) => r in (value as object)),
      ).length;
      if (key === 'oneOf' ? satisfied !== 1 : satisfied === 0)
        errors.push(
          `${path}: ${key} of ${alternatives
            .map(a => a.required.join('+'))
            .join(' | ')} not satisfied`,
        );
    }
  }
  const type = schema.type;
  if (type === 'object' || (type === undefined && schema.properties)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      errors.push(`${path}: object expected`);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const required of schema.required ?? [])
      if (!(required in record)) errors.push(`${path}.${required}: required`);
    const properties: Record<string, Schema> | undefined = schema.properties;
    for (const [key, child] of Object.entries(record)) {
      if (properties?.[key])
        validate(properties[key], child, `${path}.${key}`, errors);
      else if (
        schema.additionalProperties &&
        typeof schema.additionalProperties === 'object'
      )
        validate(schema.additionalProperties, child, `${path}.${key}`, errors);
      else if (
        properties &&
        !schema['x-kubernetes-preserve-unknown-fields'] &&
        !schema.additionalProperties
      )
        errors.push(`${path}.${key}: unknown field (would be pruned)`);
    }
    return;
  }
  if (type === 'array') {
    if (!Array.isArray(value)) {
      errors.push(`${path}: array expected`);
      return;
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      errors.push(`${path}: more than ${schema.maxItems} items`);
    value.forEach(
      (item, i) =>
        schema.items && validate(schema.items, item, `${path}[${i}]`, errors),
    );
    return;
  }
  if (type === 'string') {
    if (typeof value !== 'string') {
      errors.push(`${path}: string expected`);
      return;
    }
    if (schema.enum && !schema.enum.includes(value))
      errors.push(`${path}: ${value} not in ${schema.enum.join(',')}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      errors.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && value.length < schema.minLength)
      errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value))
      errors.push(`${path}: ${value} does not match ${schema.pattern}`);
    return;
  }
  if (type === 'integer') {
    if (!Number.isInteger(value)) {
      errors.push(`${path}: integer expected`);
      return;
    }
    if (schema.minimum !== undefined && (value as number) < schema.minimum)
      errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && (value as number) > schema.maximum)
      errors.push(`${path}: above ${schema.maximum}`);
    if (schema.enum && !schema.enum.includes(value))
      errors.push(`${path}: ${value} not in enum`);
    return;
  }
  if (type === 'boolean' && typeof value !== 'boolean')
    errors.push(`${path}: boolean expected`);
}

function errorsAgainst(schema: Schema, object: KubernetesManifest): string[] {
  const errors: string[] = [];
  validate(schema, object, object.kind, errors);
  return errors;
}

function objectsOf(
  kind: string,
  ...drafts: ReturnType<typeof serviceDraft>[]
): KubernetesManifest[] {
  return drafts.flatMap(draft =>
    renderService(draft)
      .manifests.map(m => m.object)
      .filter(o => o.kind === kind),
  );
}

const drafts = [
  serviceDraft(),
  serviceDraft(i => {
    i.gateway = { name: 'gw', namespace: 'shop' };
    i.hostnames = ['*.example.com'];
    i.pathPrefix = '/';
  }),
  serviceDraft(i => {
    delete i.gateway;
    i.hostnames = [];
    delete i.pathPrefix;
    i.components = [];
  }),
  serviceDraft(i =>
    i.components.push({ name: 'secrets', type: 'secretstores.kubernetes' }),
  ),
];

describeIfReference('rendered objects against upstream CRDs', () => {
  it('has a working validator (it catches what it should)', () => {
    const schema = crdSchema(
      'gateway-api/v1.2.1/gateway.networking.k8s.io_httproutes.yaml',
      'v1',
    );
    const [route] = objectsOf('HTTPRoute', serviceDraft());
    const broken = JSON.parse(JSON.stringify(route));
    broken.spec.hostnames = ['Not_A_Host'];
    broken.spec.rules[0].filters[0].type = 'Rewrite';
    broken.spec.rules[0].backendRefs[0].port = '3500';
    broken.spec.parentRef = {};
    expect(errorsAgainst(schema, broken)).toEqual([
      expect.stringMatching(/hostnames\[0\]: Not_A_Host does not match/),
      expect.stringMatching(/filters\[0\]\.type: Rewrite not in/),
      expect.stringMatching(/backendRefs\[0\]\.port: integer expected/),
      'HTTPRoute.spec.parentRef: unknown field (would be pruned)',
    ]);
  });

  it.each([['dapr-crds/components.yaml', 'v1alpha1']])(
    'Components conform to %s %s',
    (file, version) => {
      const schema = crdSchema(file, version);
      const components = objectsOf('Component', ...drafts);
      expect(components.length).toBeGreaterThanOrEqual(5);
      for (const component of components)
        expect(errorsAgainst(schema, component)).toEqual([]);
    },
  );

  it.each([
    ['gateway-api/v1.2.1/gateway.networking.k8s.io_httproutes.yaml', 'v1'],
    ['gateway-api/v1.6.1/gateway.networking.k8s.io_httproutes.yaml', 'v1'],
  ])('HTTPRoutes conform to %s %s', (file, version) => {
    const schema = crdSchema(file, version);
    const routes = objectsOf('HTTPRoute', ...drafts);
    expect(routes.length).toBe(3);
    for (const route of routes)
      expect(errorsAgainst(schema, route)).toEqual([]);
  });

  it.each([
    ['cilium/v1.17.5/ciliumnetworkpolicies.yaml', 'v2'],
    ['cilium/v1.19.0-pre.4/ciliumnetworkpolicies.yaml', 'v2'],
  ])('CiliumNetworkPolicies conform to %s %s', (file, version) => {
    const schema = crdSchema(file, version);
    const policies = objectsOf('CiliumNetworkPolicy', ...drafts);
    expect(policies.length).toBe(11);
    for (const policy of policies)
      expect(errorsAgainst(schema, policy)).toEqual([]);
  });

  it('keeps the CEL rule of URLRewrite ReplacePrefixMatch: exactly one PathPrefix match', () => {
    for (const route of objectsOf('HTTPRoute', ...drafts)) {
      for (const rule of (route.spec as any).rules) {
        expect(rule.matches).toHaveLength(1);
        expect(rule.matches[0].path.type).toBe('PathPrefix');
        expect(rule.matches[0].path.value).toMatch(
          /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/,
        );
      }
    }
  });
});
