import {
  clusterSnapshot,
  gateway,
  gatewayClass,
  httpRoute,
  namespaceObject,
  referenceGrant,
  service,
} from '../../__testUtils__/fixtures';
import type { RouteOptions } from '../../__testUtils__/fixtures';
import { groupClusterSnapshot } from '../../model/snapshot';
import type { ClusterSnapshot } from '../../model/snapshotTypes';
import type { RawKubernetesObject } from '../../types';
import type { Rule } from '../types';
import {
  gatewayClassMissingRule,
  gatewayListenerConflictRule,
  referenceGrantNamespaceMissingRule,
  referenceGrantUnusedRule,
  routeBackendMissingRule,
  routeBackendNotPermittedRule,
  routeConflictRule,
  routeParentMissingRule,
  routeParentRejectsRule,
} from './gatewayApi';
import { routeNotAcceptedRule } from '../routeRules';

function check(
  rule: Rule,
  raws: RawKubernetesObject[],
  extra?: Partial<ClusterSnapshot>,
) {
  return rule.check!(
    groupClusterSnapshot(clusterSnapshot('prod', raws, extra)),
  );
}

const backend = (name: string, port = 80, namespace?: string) => ({
  matches: [{ path: { type: 'PathPrefix', value: '/' } }],
  backendRefs: [{ name, port, ...(namespace ? { namespace } : {}) }],
});

/** A Gateway, its class, a Service and a route that attaches and resolves. */
function sound(): RawKubernetesObject[] {
  return [
    gatewayClass(),
    gateway({}),
    service({ name: 'web', selector: { app: 'web' } }),
    httpRoute({
      name: 'web',
      hostnames: ['web.example.com'],
      rules: [backend('web')],
    }),
  ];
}

function grpcRoute(o: RouteOptions): RawKubernetesObject {
  return { ...httpRoute(o), kind: 'GRPCRoute' };
}

function listenerSet(o: {
  name: string;
  namespace?: string;
  gateway?: { name: string; namespace?: string };
  listeners: Array<Record<string, unknown>>;
  created?: string;
}): RawKubernetesObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'ListenerSet',
    metadata: {
      name: o.name,
      namespace: o.namespace ?? 'demo',
      ...(o.created ? { creationTimestamp: o.created } : {}),
    },
    spec: {
      parentRef: o.gateway ?? { name: 'cluster-gateway' },
      listeners: o.listeners,
    },
  };
}

function withListeners(
  raw: RawKubernetesObject,
  listeners: Array<Record<string, unknown>>,
): RawKubernetesObject {
  return {
    ...raw,
    spec: { ...(raw.spec as Record<string, unknown>), listeners },
  };
}

describe('route-parent-missing', () => {
  it('names the parentRef of a route whose Gateway does not exist', () => {
    const raws = [
      ...sound(),
      httpRoute({
        name: 'lost',
        parentRefs: [
          { name: 'cluster-gateway' },
          { name: 'gone', namespace: 'infra' },
        ],
        rules: [backend('web')],
      }),
    ];
    expect(check(routeParentMissingRule, raws)).toEqual([
      {
        message:
          'HTTPRoute demo/lost: parentRef 1 names Gateway infra/gone, which does not exist',
        object: {
          cluster: 'prod',
          kind: 'HTTPRoute',
          namespace: 'demo',
          name: 'lost',
        },
        field: 'spec.parentRefs[1]',
        parentRef: {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'gone',
          namespace: 'infra',
        },
        remediation: expect.stringContaining('Create Gateway infra/gone'),
      },
    ]);
  });

  it('is silent for existing parents, renders and unreadable Gateways', () => {
    expect(check(routeParentMissingRule, sound())).toEqual([]);
    const lost = [
      httpRoute({ name: 'lost', parentRefs: [{ name: 'gone' }], rules: [] }),
    ];
    expect(check(routeParentMissingRule, lost, { source: 'rendered' })).toEqual(
      [],
    );
    expect(
      check(routeParentMissingRule, lost, {
        state: { kinds: { Gateway: { status: 'forbidden' } } },
      }),
    ).toEqual([]);
  });
});

describe('route-parent-rejects', () => {
  const listener = (o: Record<string, unknown>) => ({
    name: 'http',
    protocol: 'HTTP',
    port: 80,
    ...o,
  });

  it('fires when the sectionName names no listener', () => {
    const raws = [
      ...sound(),
      httpRoute({
        name: 'typo',
        parentRefs: [{ name: 'cluster-gateway', sectionName: 'htps' }],
        rules: [backend('web')],
      }),
    ];
    const [draft, ...rest] = check(routeParentRejectsRule, raws);
    expect(rest).toEqual([]);
    expect(draft).toMatchObject({
      message:
        'HTTPRoute demo/typo: no listener of Gateway demo/cluster-gateway admits it (http: not the sectionName)',
      field: 'spec.parentRefs[0]',
      parentRef: {
        name: 'cluster-gateway',
        sectionName: 'htps',
        namespace: 'demo',
      },
      relatedObjects: [
        {
          cluster: 'prod',
          kind: 'Gateway',
          namespace: 'demo',
          name: 'cluster-gateway',
        },
      ],
    });
  });

  it('judges port, hostname intersection, namespaces and kinds from the specs', () => {
    const gw = (listeners: Array<Record<string, unknown>>) =>
      withListeners(gateway({ namespace: 'infra' }), listeners);
    const route = (o: { hostnames?: string[]; port?: number }) =>
      httpRoute({
        name: 'r',
        hostnames: o.hostnames,
        parentRefs: [
          {
            name: 'cluster-gateway',
            namespace: 'infra',
            ...(o.port ? { port: o.port } : {}),
          },
        ],
        rules: [backend('web')],
      });
    const reasons = (
      listeners: Array<Record<string, unknown>>,
      r: RawKubernetesObject,
    ) => check(routeParentRejectsRule, [gw(listeners), r]).map(d => d.message);
    const all = { allowedRoutes: { namespaces: { from: 'All' } } };

    expect(reasons([listener(all)], route({ port: 443 }))).toEqual([
      expect.stringContaining('(http: another port)'),
    ]);
    expect(
      reasons(
        [listener({ ...all, hostname: '*.example.com' })],
        route({ hostnames: ['example.com', 'shop.example.org'] }),
      ),
    ).toEqual([expect.stringContaining('(http: no hostname in common)')]);
    expect(reasons([listener({})], route({}))).toEqual([
      expect.stringContaining(
        '(http: does not admit routes from the namespace)',
      ),
    ]);
    expect(reasons([listener({ ...all, protocol: 'TCP' })], route({}))).toEqual(
      [expect.stringContaining('(http: does not admit HTTPRoutes)')],
    );
    expect(
      reasons(
        [
          listener({
            allowedRoutes: {
              namespaces: { from: 'All' },
              kinds: [{ kind: 'GRPCRoute' }],
            },
          }),
        ],
        route({}),
      ),
    ).toEqual([expect.stringContaining('does not admit HTTPRoutes')]);

    // Admitted: a wildcard listener and a matching host; one good listener among bad ones; a
    // namespace selector (namespace labels are not read, so it may admit).
    expect(
      reasons(
        [listener({ ...all, hostname: '*.example.com' })],
        route({ hostnames: ['a.b.example.com'] }),
      ),
    ).toEqual([]);
    expect(
      reasons(
        [listener({}), listener({ ...all, name: 'other', port: 8080 })],
        route({}),
      ),
    ).toEqual([]);
    expect(
      reasons(
        [
          listener({
            allowedRoutes: { namespaces: { from: 'Selector', selector: {} } },
          }),
        ],
        route({}),
      ),
    ).toEqual([]);
  });

  it('is silent on a route that attaches', () => {
    expect(check(routeParentRejectsRule, sound())).toEqual([]);
  });
});

describe('route-backend-missing', () => {
  it('fires for a missing Service and for a missing port', () => {
    const raws = [
      ...sound(),
      httpRoute({ name: 'a', rules: [backend('nothing')] }),
      httpRoute({ name: 'b', rules: [backend('web', 9999)] }),
    ];
    const drafts = check(routeBackendMissingRule, raws);
    expect(drafts).toEqual([
      expect.objectContaining({
        message:
          'HTTPRoute demo/a: backend Service demo/nothing does not exist',
        field: 'spec.rules[0].backendRefs[0]',
        backendRef: {
          group: '',
          kind: 'Service',
          name: 'nothing',
          namespace: 'demo',
          port: 80,
        },
      }),
      expect.objectContaining({
        message:
          'HTTPRoute demo/b: Service demo/web has no port 9999 (ports: 80)',
        field: 'spec.rules[0].backendRefs[0].port',
      }),
    ]);
  });

  it('is silent for existing Services and ports, and in renders', () => {
    expect(check(routeBackendMissingRule, sound())).toEqual([]);
    expect(
      check(
        routeBackendMissingRule,
        [httpRoute({ name: 'a', rules: [backend('nothing')] })],
        { source: 'rendered' },
      ),
    ).toEqual([]);
  });
});

describe('route-backend-not-permitted', () => {
  const raws = () => [
    ...sound(),
    service({ name: 'api', namespace: 'backend' }),
    httpRoute({ name: 'x', rules: [backend('api', 80, 'backend')] }),
  ];

  it('fires for a cross-namespace backendRef without ReferenceGrant', () => {
    expect(check(routeBackendNotPermittedRule, raws())).toEqual([
      expect.objectContaining({
        message:
          'HTTPRoute demo/x: no ReferenceGrant in namespace backend lets HTTPRoutes from demo reference Service api',
        field: 'spec.rules[0].backendRefs[0]',
        backendRef: expect.objectContaining({
          name: 'api',
          namespace: 'backend',
        }),
      }),
    ]);
  });

  it('is silent with a grant naming the Service, or all Services', () => {
    for (const toName of ['api', undefined]) {
      expect(
        check(routeBackendNotPermittedRule, [
          ...raws(),
          referenceGrant({
            namespace: 'backend',
            fromNamespace: 'demo',
            toName,
          }),
        ]),
      ).toEqual([]);
    }
  });

  it('still fires when the grant is for another namespace or kind', () => {
    expect(
      check(routeBackendNotPermittedRule, [
        ...raws(),
        referenceGrant({ namespace: 'backend', fromNamespace: 'other' }),
        referenceGrant({
          name: 'g',
          namespace: 'backend',
          fromNamespace: 'demo',
          fromKind: 'GRPCRoute',
        }),
      ]),
    ).toHaveLength(1);
  });
});

describe('reference-grant-unused', () => {
  it('fires for a grant whose from namespace has no route using it', () => {
    const drafts = check(referenceGrantUnusedRule, [
      ...sound(),
      service({ name: 'api', namespace: 'backend' }),
      referenceGrant({ namespace: 'backend', fromNamespace: 'nowhere' }),
    ]);
    expect(drafts).toEqual([
      expect.objectContaining({
        message:
          'ReferenceGrant backend/allow-routes: no HTTPRoute in namespace nowhere references a Service it grants',
        object: {
          cluster: 'prod',
          kind: 'ReferenceGrant',
          namespace: 'backend',
          name: 'allow-routes',
        },
        field: 'spec.from[0]',
      }),
    ]);
  });

  it('is silent for a used grant and for kinds it cannot judge', () => {
    expect(
      check(referenceGrantUnusedRule, [
        ...sound(),
        service({ name: 'api', namespace: 'backend' }),
        httpRoute({ name: 'x', rules: [backend('api', 80, 'backend')] }),
        referenceGrant({
          namespace: 'backend',
          fromNamespace: 'demo',
          toName: 'api',
        }),
        referenceGrant({
          name: 'gateways',
          namespace: 'backend',
          fromNamespace: 'nowhere',
          fromKind: 'Gateway',
        }),
      ]),
    ).toEqual([]);
  });

  it('judges grants for GRPCRoutes by the GRPCRoutes of the namespace', () => {
    const grant = referenceGrant({
      name: 'grpc',
      namespace: 'backend',
      fromNamespace: 'demo',
      fromKind: 'GRPCRoute',
    });
    const raws = [...sound(), service({ name: 'api', namespace: 'backend' })];
    // An HTTPRoute to the Service does not use a grant for GRPCRoutes.
    expect(
      check(referenceGrantUnusedRule, [
        ...raws,
        httpRoute({ name: 'x', rules: [backend('api', 80, 'backend')] }),
        grant,
      ]).map(d => d.message),
    ).toEqual([
      'ReferenceGrant backend/grpc: no GRPCRoute in namespace demo references a Service it grants',
    ]);
    expect(
      check(referenceGrantUnusedRule, [
        ...raws,
        grpcRoute({ name: 'x', rules: [backend('api', 80, 'backend')] }),
        grant,
      ]),
    ).toEqual([]);
  });

  it('leaves a from namespace that does not exist to reference-grant-namespace-missing', () => {
    expect(
      check(referenceGrantUnusedRule, [
        ...sound(),
        namespaceObject('demo'),
        namespaceObject('backend'),
        referenceGrant({ namespace: 'backend', fromNamespace: 'nowhere' }),
      ]),
    ).toEqual([]);
  });
});

describe('reference-grant-namespace-missing', () => {
  it('fires for a from namespace that does not exist, naming the field', () => {
    expect(
      check(referenceGrantNamespaceMissingRule, [
        namespaceObject('demo'),
        namespaceObject('backend'),
        referenceGrant({ namespace: 'backend', fromNamespace: 'demo' }),
        referenceGrant({
          name: 'typo',
          namespace: 'backend',
          fromNamespace: 'dmeo',
        }),
      ]),
    ).toEqual([
      {
        message:
          'ReferenceGrant backend/typo: from namespace dmeo does not exist',
        object: {
          cluster: 'prod',
          kind: 'ReferenceGrant',
          namespace: 'backend',
          name: 'typo',
        },
        field: 'spec.from[0].namespace',
        remediation: expect.stringContaining('spec.from[0].namespace'),
      },
    ]);
  });

  it('is silent where namespaces are unknown: none read, not readable, or a render', () => {
    const grant = referenceGrant({ namespace: 'backend', fromNamespace: 'x' });
    expect(check(referenceGrantNamespaceMissingRule, [grant])).toEqual([]);
    const raws = [namespaceObject('backend'), grant];
    expect(
      check(referenceGrantNamespaceMissingRule, raws, {
        state: { kinds: { Namespace: { status: 'forbidden' } } },
      }),
    ).toEqual([]);
    expect(
      check(referenceGrantNamespaceMissingRule, raws, { source: 'rendered' }),
    ).toEqual([]);
    expect(check(referenceGrantNamespaceMissingRule, raws)).toHaveLength(1);
  });
});

describe('gateway-class-missing', () => {
  it('fires for a missing class and for one not Accepted', () => {
    expect(
      check(gatewayClassMissingRule, [gateway({ className: 'nginx' })]),
    ).toEqual([
      expect.objectContaining({
        message:
          'Gateway demo/cluster-gateway: GatewayClass nginx does not exist',
        field: 'spec.gatewayClassName',
      }),
    ]);
    expect(
      check(gatewayClassMissingRule, [
        gatewayClass('cilium', 'io.cilium/gateway-controller', 'False'),
        gateway({}),
      ]),
    ).toEqual([
      expect.objectContaining({
        message:
          'Gateway demo/cluster-gateway: GatewayClass cilium is not Accepted (Accepted)',
        relatedObjects: [
          { cluster: 'prod', kind: 'GatewayClass', name: 'cilium' },
        ],
      }),
    ]);
  });

  it('is silent for an Accepted class', () => {
    expect(check(gatewayClassMissingRule, sound())).toEqual([]);
  });
});

describe('gateway-listener-conflict', () => {
  const l = (name: string, hostname?: string, port = 80) => ({
    name,
    protocol: 'HTTP',
    port,
    ...(hostname ? { hostname } : {}),
  });

  it('fires for a second listener with the same port, protocol and hostname', () => {
    expect(
      check(gatewayListenerConflictRule, [
        withListeners(gateway({}), [l('a'), l('b', 'x.example.com'), l('c')]),
      ]),
    ).toEqual([
      expect.objectContaining({
        message:
          'Gateway demo/cluster-gateway: listeners a and c both claim port 80, HTTP, hostname *',
        field: 'spec.listeners[2]',
      }),
    ]);
  });

  it('is silent when hostnames or ports differ', () => {
    expect(
      check(gatewayListenerConflictRule, [
        withListeners(gateway({}), [
          l('a'),
          l('b', 'x.example.com'),
          l('c', undefined, 8080),
        ]),
      ]),
    ).toEqual([]);
  });
});

describe('route-conflict', () => {
  const route = (
    name: string,
    created: string,
    o?: { hostnames?: string[]; path?: string; sectionName?: string },
  ) => ({
    ...httpRoute({
      name,
      hostnames: o?.hostnames ?? ['shop.example.com'],
      parentRefs: [
        {
          name: 'cluster-gateway',
          ...(o?.sectionName ? { sectionName: o.sectionName } : {}),
        },
      ],
      rules: [
        {
          matches: [
            { path: { type: 'PathPrefix', value: o?.path ?? '/cart' } },
          ],
          backendRefs: [{ name: 'web', port: 80 }],
        },
      ],
    }),
    metadata: { name, namespace: 'demo', creationTimestamp: created },
  });

  it('reports the younger of two routes claiming the same host and path on one parent', () => {
    const drafts = check(routeConflictRule, [
      ...sound(),
      route('young', '2025-02-01T00:00:00Z'),
      route('old', '2025-01-01T00:00:00Z'),
    ]);
    expect(drafts).toEqual([
      expect.objectContaining({
        message:
          'HTTPRoute demo/young: PathPrefix /cart for host shop.example.com on Gateway demo/cluster-gateway is already claimed by HTTPRoute demo/old',
        object: expect.objectContaining({ name: 'young' }),
        field: 'spec.rules[0].matches[0]',
        relatedObjects: [
          expect.objectContaining({ kind: 'HTTPRoute', name: 'old' }),
        ],
      }),
    ]);
  });

  it('is silent for other hosts, paths or listeners', () => {
    expect(
      check(routeConflictRule, [
        ...sound(),
        route('a', '2025-01-01T00:00:00Z'),
        route('b', '2025-01-02T00:00:00Z', {
          hostnames: ['other.example.com'],
        }),
        route('c', '2025-01-03T00:00:00Z', { path: '/orders' }),
        route('d', '2025-01-04T00:00:00Z', { sectionName: 'https' }),
      ]),
    ).toEqual([]);
  });
});

describe('route-not-accepted (object check)', () => {
  it('judges routes that reach no app, from status', () => {
    const raws = [
      ...sound(),
      httpRoute({
        name: 'rejected',
        rules: [backend('web')],
        parentStatus: [
          {
            parentRef: { name: 'cluster-gateway' },
            conditions: [
              {
                type: 'Accepted',
                status: 'False',
                reason: 'NotAllowedByListeners',
              },
            ],
          },
        ],
      }),
      httpRoute({
        name: 'silent',
        rules: [backend('web')],
        parentStatus: null,
      }),
    ];
    expect(check(routeNotAcceptedRule, raws).map(d => d.message)).toEqual([
      'HTTPRoute demo/rejected: not Accepted by demo/cluster-gateway (NotAllowedByListeners)',
      'HTTPRoute demo/silent: no status from any parent',
    ]);
  });

  it('is silent for accepted routes, and for missing status in a render', () => {
    expect(check(routeNotAcceptedRule, sound())).toEqual([]);
    expect(
      check(
        routeNotAcceptedRule,
        [
          httpRoute({
            name: 'silent',
            rules: [backend('web')],
            parentStatus: null,
          }),
        ],
        { source: 'rendered' },
      ),
    ).toEqual([]);
  });
});

describe('route-parent-missing and route-parent-rejects for ListenerSets and other route kinds', () => {
  const team = (listeners?: Array<Record<string, unknown>>) =>
    listenerSet({
      name: 'team',
      listeners: listeners ?? [
        {
          name: 'shop',
          protocol: 'HTTP',
          port: 80,
          hostname: 'shop.example.com',
        },
      ],
    });
  const toTeam = (o?: Partial<RouteOptions>) =>
    httpRoute({
      name: 'via-team',
      parentRefs: [{ kind: 'ListenerSet', name: 'team' }],
      rules: [backend('web')],
      ...o,
    });

  it('names a ListenerSet parent that does not exist, and one whose Gateway does not', () => {
    expect(
      check(routeParentMissingRule, [...sound(), toTeam()]).map(d => [
        d.message,
        d.field,
      ]),
    ).toEqual([
      [
        'HTTPRoute demo/via-team: parentRef 0 names ListenerSet demo/team, which does not exist',
        'spec.parentRefs[0]',
      ],
    ]);
    const orphan = listenerSet({
      name: 'team',
      gateway: { name: 'gone' },
      listeners: [{ name: 'shop', protocol: 'HTTP', port: 80 }],
    });
    expect(
      check(routeParentMissingRule, [...sound(), orphan, toTeam()]).map(
        d => d.message,
      ),
    ).toEqual([
      'HTTPRoute demo/via-team: parentRef 0 names ListenerSet demo/team, whose parent Gateway demo/gone does not exist',
    ]);
    expect(
      check(routeParentMissingRule, [...sound(), team(), toTeam()]),
    ).toEqual([]);
  });

  it("judges a route against its ListenerSet's listeners, not the Gateway's", () => {
    expect(
      check(routeParentRejectsRule, [
        ...sound(),
        team(),
        toTeam({ hostnames: ['other.example.org'] }),
      ]).map(d => d.message),
    ).toEqual([
      'HTTPRoute demo/via-team: no listener of ListenerSet demo/team admits it (shop: no hostname in common)',
    ]);
    expect(
      check(routeParentRejectsRule, [
        ...sound(),
        team(),
        toTeam({ hostnames: ['shop.example.com'] }),
      ]),
    ).toEqual([]);
  });

  it('judges GRPCRoutes: a missing Gateway, a listener for another kind, a missing backend', () => {
    const grpc = grpcRoute({
      name: 'orders-grpc',
      parentRefs: [{ name: 'cluster-gateway' }, { name: 'gone' }],
      rules: [backend('orders-grpc', 50051)],
    });
    const raws = [
      ...sound().map(raw =>
        raw.kind === 'Gateway'
          ? withListeners(raw, [
              {
                name: 'http',
                protocol: 'HTTP',
                port: 80,
                allowedRoutes: { kinds: [{ kind: 'HTTPRoute' }] },
              },
            ])
          : raw,
      ),
      grpc,
    ];
    expect(check(routeParentMissingRule, raws).map(d => d.message)).toEqual([
      'GRPCRoute demo/orders-grpc: parentRef 1 names Gateway demo/gone, which does not exist',
    ]);
    expect(check(routeParentRejectsRule, raws).map(d => d.message)).toEqual([
      'GRPCRoute demo/orders-grpc: no listener of Gateway demo/cluster-gateway admits it (http: does not admit GRPCRoutes)',
    ]);
    expect(check(routeBackendMissingRule, raws).map(d => d.message)).toEqual([
      'GRPCRoute demo/orders-grpc: backend Service demo/orders-grpc does not exist',
    ]);
  });

  it("judges an allowedRoutes selector against the route namespace's labels", () => {
    const gw = withListeners(gateway({ namespace: 'infra' }), [
      {
        name: 'http',
        protocol: 'HTTP',
        port: 80,
        allowedRoutes: {
          namespaces: {
            from: 'Selector',
            selector: { matchLabels: { 'shared-gateway': 'true' } },
          },
        },
      },
    ]);
    const route = httpRoute({
      name: 'r',
      parentRefs: [{ name: 'cluster-gateway', namespace: 'infra' }],
      rules: [backend('web')],
    });
    const judged = (labels: Record<string, string>) =>
      check(routeParentRejectsRule, [
        namespaceObject('infra'),
        namespaceObject('demo', labels),
        gw,
        route,
      ]).map(d => d.message);
    expect(judged({})).toEqual([
      'HTTPRoute demo/r: no listener of Gateway infra/cluster-gateway admits it (http: does not admit routes from the namespace)',
    ]);
    expect(judged({ 'shared-gateway': 'true' })).toEqual([]);
  });
});

describe('gateway-listener-conflict across ListenerSets', () => {
  const l = (name: string, hostname?: string) => ({
    name,
    protocol: 'HTTP',
    port: 80,
    ...(hostname ? { hostname } : {}),
  });

  it("reports a ListenerSet's listener that claims what the Gateway or an older ListenerSet does", () => {
    const drafts = check(gatewayListenerConflictRule, [
      withListeners(gateway({}), [l('http', 'shop.example.com')]),
      listenerSet({
        name: 'old',
        created: '2025-01-01T00:00:00Z',
        listeners: [l('blog', 'blog.example.com')],
      }),
      listenerSet({
        name: 'young',
        namespace: 'team',
        gateway: { name: 'cluster-gateway', namespace: 'demo' },
        created: '2025-02-01T00:00:00Z',
        listeners: [
          l('shop', 'SHOP.example.com'),
          l('blog', 'blog.example.com'),
          l('docs', 'docs.example.com'),
        ],
      }),
    ]);
    expect(drafts.map(d => [d.object?.name, d.field, d.message])).toEqual([
      [
        'young',
        'spec.listeners[0]',
        'ListenerSet team/young: listener shop and listener http of Gateway demo/cluster-gateway both claim port 80, HTTP, hostname SHOP.example.com',
      ],
      [
        'young',
        'spec.listeners[1]',
        'ListenerSet team/young: listener blog and listener blog of ListenerSet demo/old both claim port 80, HTTP, hostname blog.example.com',
      ],
    ]);
    expect(drafts[1].relatedObjects?.map(r => `${r.kind} ${r.name}`)).toEqual([
      'ListenerSet old',
      'Gateway cluster-gateway',
    ]);
  });

  it('is silent for ListenerSets of another Gateway', () => {
    expect(
      check(gatewayListenerConflictRule, [
        withListeners(gateway({}), [l('http')]),
        withListeners(gateway({ name: 'other' }), []),
        listenerSet({
          name: 'elsewhere',
          gateway: { name: 'other' },
          listeners: [l('http')],
        }),
      ]),
    ).toEqual([]);
  });
});

describe('route-conflict for GRPCRoutes', () => {
  const grpc = (name: string, created: string, method?: string) => ({
    ...grpcRoute({
      name,
      hostnames: ['grpc.example.com'],
      rules: [
        {
          matches: [
            {
              method: {
                service: 'orders.v1.Orders',
                ...(method ? { method } : {}),
              },
            },
          ],
          backendRefs: [{ name: 'web', port: 80 }],
        },
      ],
    }),
    metadata: { name, namespace: 'demo', creationTimestamp: created },
  });

  it('fires for the younger of two GRPCRoutes claiming the same service and method', () => {
    expect(
      check(routeConflictRule, [
        ...sound(),
        grpc('old', '2025-01-01T00:00:00Z', 'Get'),
        grpc('young', '2025-02-01T00:00:00Z', 'Get'),
      ]).map(d => d.message),
    ).toEqual([
      'GRPCRoute demo/young: gRPC orders.v1.Orders/Get for host grpc.example.com on Gateway demo/cluster-gateway is already claimed by GRPCRoute demo/old',
    ]);
  });

  it('is silent for another method of the same service', () => {
    expect(
      check(routeConflictRule, [
        ...sound(),
        grpc('old', '2025-01-01T00:00:00Z', 'Get'),
        grpc('young', '2025-02-01T00:00:00Z', 'List'),
      ]),
    ).toEqual([]);
  });
});
