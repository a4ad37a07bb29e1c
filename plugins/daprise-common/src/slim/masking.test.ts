import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isKindName } from '../kinds';
import { SECRET_MASK } from '../sensitive';
import {
  harmlessMaskingCorpus,
  hostileMaskingCorpus,
  MaskingCase,
} from '../testUtils';
import type { RawKubernetesObject } from '../types';
import { slimComponent, slimHTTPEndpoint } from './dapr';
import { slimHTTPRoute } from './gateway';
import { slimObject } from './index';
import { maskSensitiveArgs, slimWorkload } from './workloads';

// A fixed canary keeps test titles stable; its characters fit every token format.
const CANARY = '7E57CA9A2F0B1D3C';
const hostile = hostileMaskingCorpus(CANARY);
const harmless = harmlessMaskingCorpus();

function component(metadata: MaskingCase[]): RawKubernetesObject {
  return {
    apiVersion: 'dapr.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'c', namespace: 'shop' },
    spec: {
      type: 'state.redis',
      version: 'v1',
      metadata: metadata.map(m => ({ name: m.name, value: m.value })),
    },
  };
}

function route(
  queryParams: MaskingCase[],
  headers: MaskingCase[] = [],
): RawKubernetesObject {
  const pairs = (cases: MaskingCase[]) =>
    cases.map(h => ({ name: h.name, value: h.value }));
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'r', namespace: 'shop' },
    spec: {
      rules: [
        {
          matches: [
            {
              path: { type: 'PathPrefix', value: '/orders' },
              queryParams: pairs(queryParams),
              headers: pairs(headers),
            },
          ],
          filters: [
            {
              type: 'RequestHeaderModifier',
              requestHeaderModifier: {
                set: pairs(headers),
                add: pairs(headers),
              },
            },
          ],
        },
      ],
    },
  };
}

function daprd(args: string[]): RawKubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'shop' },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'daprd',
              image: 'daprio/daprd:1.16.0',
              args: ['/daprd', ...args],
            },
          ],
        },
      },
    },
  };
}

describe('the masking corpus', () => {
  it('is as large as promised', () => {
    const count =
      hostile.values.length +
      hostile.names.length +
      hostile.objects.length +
      hostile.daprdArgs.length +
      hostile.queryParams.length +
      hostile.headers.length;
    expect(count).toBeGreaterThanOrEqual(100);
    const kept =
      harmless.metadata.length +
      harmless.daprdArgs.length +
      harmless.queryParams.length;
    expect(kept).toBeGreaterThanOrEqual(30);
    for (const c of [
      ...hostile.values,
      ...hostile.names,
      ...hostile.objects,
      ...hostile.queryParams,
      ...hostile.headers,
    ])
      expect(JSON.stringify(c.value)).toContain(CANARY);
  });
});

describe('Component metadata', () => {
  it.each([...hostile.values, ...hostile.names, ...hostile.objects])(
    'masks $label',
    c => {
      const slim = slimComponent(component([c]));
      expect(slim.metadata).toEqual([
        { name: c.name, value: SECRET_MASK, masked: true },
      ]);
      expect(slim.plaintextSecretLike).toEqual([c.name]);
      expect(JSON.stringify(slim)).not.toContain(CANARY);
    },
  );

  it.each(harmless.metadata)('keeps $label', c => {
    const slim = slimComponent(component([c]));
    const expected =
      typeof c.value === 'string' ? c.value : JSON.stringify(c.value);
    expect(slim.metadata).toEqual([{ name: c.name, value: expected }]);
    expect(slim.plaintextSecretLike).toEqual([]);
  });
});

describe('HTTPEndpoint', () => {
  it.each([...hostile.values, ...hostile.names, ...hostile.headers])(
    'masks a header with $label',
    c => {
      const slim = slimHTTPEndpoint({
        apiVersion: 'dapr.io/v1alpha1',
        kind: 'HTTPEndpoint',
        metadata: { name: 'e', namespace: 'shop' },
        spec: {
          baseUrl: 'https://api.example.com',
          headers: [{ name: c.name, value: c.value }],
        },
      });
      expect(slim.headers).toEqual([
        { name: c.name, value: SECRET_MASK, masked: true },
      ]);
      expect(JSON.stringify(slim)).not.toContain(CANARY);
    },
  );

  it.each(hostile.values)('masks a base URL with $label', c => {
    const slim = slimHTTPEndpoint({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'HTTPEndpoint',
      metadata: { name: 'e', namespace: 'shop' },
      spec: { baseUrl: c.value },
    });
    expect(slim.plaintextSecretLike).toEqual(['baseUrl']);
    expect(JSON.stringify(slim)).not.toContain(CANARY);
  });

  it('keeps the host of a base URL whose credential it masks', () => {
    const slim = slimHTTPEndpoint({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'HTTPEndpoint',
      metadata: { name: 'e', namespace: 'shop' },
      spec: {
        baseUrl: `https://u:${CANARY}@api.example.com/v1?page=2&api_key=${CANARY}`,
      },
    });
    expect(slim.baseUrl).toBe(
      `https://api.example.com/v1?page=2&api_key=${SECRET_MASK}`,
    );
  });
});

describe('HTTPRoute', () => {
  it.each(hostile.queryParams)('masks a query parameter match: $label', c => {
    const slim = slimHTTPRoute(route([c]));
    expect(slim.rules[0].matches[0].queryParams).toEqual([
      { name: c.name, type: 'Exact', value: SECRET_MASK },
    ]);
    expect(JSON.stringify(slim)).not.toContain(CANARY);
  });

  it.each(harmless.queryParams)('keeps a query parameter match: $label', c => {
    const slim = slimHTTPRoute(route([c]));
    expect(slim.rules[0].matches[0].queryParams).toEqual([
      { name: c.name, type: 'Exact', value: c.value },
    ]);
  });

  it.each([...hostile.headers, ...hostile.values])(
    'masks a header match and header filters: $label',
    c => {
      const slim = slimHTTPRoute(route([], [c]));
      // A URL keeps what is not a credential (see `maskCredentials`).
      expect(slim.rules[0].matches[0].headers[0].value).not.toBe(c.value);
      expect(JSON.stringify(slim)).not.toContain(CANARY);
    },
  );
});

describe('daprd arguments', () => {
  it.each(hostile.daprdArgs)('masks $label', c => {
    const slim = slimWorkload('Deployment', daprd(c.args));
    expect(JSON.stringify(slim)).not.toContain(CANARY);
    // As many arguments as before: the model still parses the command line.
    expect(slim.containers[0].args).toHaveLength(c.args.length + 1);
  });

  it('masks the value after a sensitive flag whatever it starts with', () => {
    expect(
      maskSensitiveArgs(['--dapr-api-token', '-x1', '--app-id=orders']),
    ).toEqual(['--dapr-api-token', SECRET_MASK, '--app-id=orders']);
    expect(
      maskSensitiveArgs(['--dapr-api-token=-x1', '--app-id', 'a']),
    ).toEqual([`--dapr-api-token=${SECRET_MASK}`, '--app-id', 'a']);
    expect(
      maskSensitiveArgs(['--app-channel-address=u:pw@orders:8080']),
    ).toEqual([`--app-channel-address=${SECRET_MASK}`]);
  });

  it.each(harmless.daprdArgs)('keeps $label', c => {
    const slim = slimWorkload('Deployment', daprd(c.args));
    expect(slim.containers[0].args).toEqual(['/daprd', ...c.args]);
  });
});

// Every string of every example manifest, replaced by each hostile value: whatever field a
// slim object keeps, the canary must not come out. Map keys (labels, annotations, resiliency
// policy names) are replaced too.
const EXAMPLES = path.resolve(__dirname, '../../../../examples/cluster');
const MAP_PARENTS = new Set([
  'labels',
  'annotations',
  'matchLabels',
  'selector',
  'nodeSelector',
  'timeouts',
  'retries',
  'circuitBreakers',
  'apps',
  'actors',
  'components',
]);

function examples(): RawKubernetesObject[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter(file => file.endsWith('.yaml'))
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')).map(
        doc => doc.toJSON() as RawKubernetesObject,
      ),
    )
    .filter(raw => raw && isKindName(raw.kind));
}

function poison(value: unknown, hostileValue: string, parent = ''): unknown {
  if (typeof value === 'string') return hostileValue;
  if (Array.isArray(value)) return value.map(v => poison(v, hostileValue));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, v], i) => [
    MAP_PARENTS.has(parent) ? `${i} ${hostileValue}` : key,
    poison(v, hostileValue, key),
  ]);
  return Object.fromEntries(entries);
}

describe('every string a slim object keeps', () => {
  const raws = examples();

  it('comes from example manifests of every watched kind there is one of', () => {
    expect(new Set(raws.map(r => r.kind)).size).toBeGreaterThanOrEqual(10);
  });

  it.each(hostile.values.filter(c => typeof c.value === 'string'))(
    'is masked when it is $label',
    c => {
      for (const raw of raws) {
        const poisoned = {
          ...(poison(raw, c.value as string) as RawKubernetesObject),
          apiVersion: raw.apiVersion,
          kind: raw.kind,
        };
        const slim = slimObject(raw.kind as any, poisoned);
        expect(JSON.stringify(slim)).not.toContain(CANARY);
      }
    },
  );
});
