import { slimCiliumPolicy } from './cilium';

describe('slimCiliumPolicy', () => {
  it('normalises ingress and egress peers and L7 rules', () => {
    const slim = slimCiliumPolicy('CiliumNetworkPolicy', {
      metadata: { name: 'p', namespace: 'demo' },
      spec: {
        description: 'd',
        endpointSelector: { matchLabels: { 'k8s:dapr.io/app-id': 'gateway' } },
        ingress: [
          {
            fromEntities: ['ingress'],
            fromEndpoints: [{ matchLabels: { app: 'x' } }],
            fromCIDRSet: [{ cidr: '10.0.0.0/8' }, { cidrGroupRef: 'corp' }],
            toPorts: [
              {
                ports: [{ port: '3500', protocol: 'TCP' }],
                rules: {
                  http: [
                    {
                      method: 'GET',
                      path: '/v1\\.0/invoke/.*',
                      headers: ['X-Token: abc'],
                      headerMatches: [{ name: 'Auth', value: 'secret' }],
                    },
                  ],
                },
              },
            ],
            authentication: { mode: 'required' },
          },
        ],
        egress: [
          {
            toFQDNs: [
              { matchName: 'api.example.com' },
              { matchPattern: '*.example.org' },
            ],
            toPorts: [
              {
                ports: [{ port: '53', protocol: 'UDP' }],
                rules: { dns: [{ matchPattern: '*' }] },
              },
            ],
          },
          {
            toServices: [
              { k8sService: { serviceName: 'db', namespace: 'data' } },
            ],
            toCIDR: ['1.2.3.4/32'],
          },
        ],
      },
    });
    expect(slim.kind).toBe('CiliumNetworkPolicy');
    expect(slim.namespace).toBe('demo');
    expect(slim.specs).toHaveLength(1);
    const spec = slim.specs[0];
    expect(spec.endpointSelector).toEqual({
      matchLabels: { 'k8s:dapr.io/app-id': 'gateway' },
    });
    expect(spec.ingress[0]).toMatchObject({
      entities: ['ingress'],
      endpoints: [{ matchLabels: { app: 'x' } }],
      cidrs: ['10.0.0.0/8', 'group:corp'],
      authenticationMode: 'required',
    });
    expect(spec.ingress[0].toPorts[0]).toEqual({
      ports: [{ port: '3500', protocol: 'TCP' }],
      http: [
        {
          method: 'GET',
          path: '/v1\\.0/invoke/.*',
          headers: ['X-Token', 'Auth'],
        },
      ],
      otherL7: [],
      serverNames: [],
    });
    expect(spec.egress[0].fqdns).toEqual(['api.example.com', '*.example.org']);
    expect(spec.egress[0].toPorts[0].otherL7).toEqual(['dns']);
    expect(spec.egress[1].services).toEqual(['data/db']);
    expect(spec.egress[1].cidrs).toEqual(['1.2.3.4/32']);
    expect(JSON.stringify(slim)).not.toMatch(/abc|secret/);
  });

  it('reads both spec and specs, and node selectors', () => {
    const slim = slimCiliumPolicy('CiliumClusterwideNetworkPolicy', {
      metadata: { name: 'p' },
      spec: { endpointSelector: {}, ingress: [{ fromEntities: ['cluster'] }] },
      specs: [
        {
          nodeSelector: { matchLabels: { role: 'edge' } },
          ingress: [{ fromEntities: ['world'] }],
        },
      ],
    });
    expect(slim.namespace).toBeUndefined();
    expect(slim.specs).toHaveLength(2);
    expect(slim.specs[0].endpointSelector).toEqual({});
    expect(slim.specs[1].nodeSelector).toEqual({
      matchLabels: { role: 'edge' },
    });
    expect(slim.specs[1].endpointSelector).toBeUndefined();
  });

  it('keeps enableDefaultDeny and deny rules', () => {
    const slim = slimCiliumPolicy('CiliumNetworkPolicy', {
      metadata: { name: 'p', namespace: 'n' },
      spec: {
        endpointSelector: {},
        enableDefaultDeny: { ingress: false },
        ingressDeny: [{ fromEntities: ['world'] }],
      },
    });
    expect(slim.specs[0].enableDefaultDeny).toEqual({ ingress: false });
    expect(slim.specs[0].ingressDeny[0].entities).toEqual(['world']);
  });
});
