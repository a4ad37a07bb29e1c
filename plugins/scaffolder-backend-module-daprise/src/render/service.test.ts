import { detectDaprShared, slimObject } from '@daprise/plugin-daprise-common';
import { serviceDraft } from '../__testUtils__/serviceDraft';
import type { ServiceInput } from '../validation';
import { validateServiceInput } from '../validation';
import { daprSharedFullname } from './labels';
import { invokePathRegex } from './networkPolicies';
import { invokePathPrefix, routeName } from './route';
import { renderedFiles, renderService, ServiceInputError } from './service';
import type { KubernetesManifest, RenderedService } from './types';

function find(
  rendered: RenderedService,
  kind: string,
  name?: string,
): KubernetesManifest {
  const found = rendered.manifests.find(
    m =>
      m.object.kind === kind &&
      (name === undefined || m.object.metadata.name === name),
  );
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
  return found.object;
}

const spec = (object: KubernetesManifest) => object.spec as any;

describe('renderService', () => {
  const rendered = renderService(serviceDraft());

  it('renders each file with the expected objects, in apply order within a file', () => {
    expect(
      rendered.manifests.map(
        m => `${m.path} ${m.object.kind}/${m.object.metadata.name}`,
      ),
    ).toEqual([
      'deploy/app.yaml Deployment/orders',
      'deploy/app.yaml Service/orders',
      'deploy/dapr-shared.yaml ServiceAccount/orders-dapr-shared-chart',
      'deploy/dapr-shared.yaml Service/orders-dapr',
      'deploy/dapr-shared.yaml Deployment/orders-dapr-shared-chart',
      'deploy/components.yaml Component/statestore',
      'deploy/components.yaml Component/ticker',
      'deploy/httproute.yaml HTTPRoute/orders-shop',
      'deploy/network-policies.yaml CiliumNetworkPolicy/orders-shop-via-gateway',
      'deploy/network-policies.yaml CiliumNetworkPolicy/orders-dapr-shared-ingress',
      'deploy/network-policies.yaml CiliumNetworkPolicy/orders-app-ingress',
    ]);
    expect(rendered.appId).toBe('orders');
    expect(rendered.namespace).toBe('shop');
  });

  it('renders the app without Dapr annotations or the dapr.io/app-id label', () => {
    const deployment = find(rendered, 'Deployment', 'orders');
    expect(deployment.metadata).toEqual({
      name: 'orders',
      namespace: 'shop',
      labels: {
        'app.kubernetes.io/name': 'orders',
        'app.kubernetes.io/part-of': 'orders',
        'backstage.io/kubernetes-id': 'orders',
      },
    });
    const template = spec(deployment).template;
    expect(template.metadata.annotations).toBeUndefined();
    expect(template.metadata.labels['dapr.io/app-id']).toBeUndefined();
    expect(spec(deployment).selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'orders' },
    });
    const container = template.spec.containers[0];
    expect(container).toMatchObject({
      name: 'orders',
      image: 'ghcr.io/acme/orders:1.4.2',
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    });
    expect(container.env).toEqual([
      { name: 'APP_PORT', value: '8080' },
      { name: 'DAPR_HTTP_ENDPOINT', value: 'http://orders-dapr.shop.svc:3500' },
      {
        name: 'DAPR_GRPC_ENDPOINT',
        value: 'http://orders-dapr.shop.svc:50001',
      },
    ]);
    expect(spec(find(rendered, 'Service', 'orders'))).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'orders' },
      ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }],
    });
  });

  it('renders Dapr Shared as the chart does for release <appId>', () => {
    const workload = find(rendered, 'Deployment', 'orders-dapr-shared-chart');
    expect(workload.metadata.labels).toEqual({
      'helm.sh/chart': 'dapr-shared-chart-1.16.0',
      'app.kubernetes.io/name': 'dapr-shared-chart',
      'app.kubernetes.io/instance': 'orders',
      'app.kubernetes.io/managed-by': 'daprise',
      'app.kubernetes.io/part-of': 'orders',
      'daprise.io/dapr-shared': 'true',
      'backstage.io/kubernetes-id': 'orders',
    });
    const s = spec(workload);
    expect(s.replicas).toBe(2);
    expect(s.selector).toEqual({
      matchLabels: {
        'app.kubernetes.io/name': 'dapr-shared-chart',
        'app.kubernetes.io/instance': 'orders',
      },
    });
    expect(s.template.metadata.annotations).toEqual({
      'dapr.io/app-id': 'orders',
    });
    expect(s.template.metadata.labels).toMatchObject({
      'dapr.io/app-id': 'orders',
      'app.kubernetes.io/name': 'dapr-shared-chart',
      'app.kubernetes.io/instance': 'orders',
    });
    expect(s.template.metadata.annotations['dapr.io/enabled']).toBeUndefined();
    expect(s.template.spec.serviceAccountName).toBe('orders-dapr-shared-chart');
    expect(s.template.spec.initContainers).toBeUndefined();
    const daprd = s.template.spec.containers[0];
    expect(daprd.name).toBe('daprd');
    expect(daprd.image).toBe('docker.io/daprio/daprd:1.16.0');
    expect(daprd.args).toEqual([
      '/daprd',
      '--mode=kubernetes',
      '--log-level=info',
      '--log-as-json=true',
      '--dapr-http-port=3500',
      '--dapr-grpc-port=50001',
      '--dapr-internal-grpc-port=50002',
      '--dapr-listen-addresses=0.0.0.0',
      '--dapr-public-port=3501',
      '--dapr-graceful-shutdown-seconds=-1',
      '--app-id=orders',
      '--app-port=8080',
      '--app-protocol=http',
      '--control-plane-address=dapr-api.dapr-system.svc.cluster.local:80',
      '--placement-host-address=dapr-placement-server.dapr-system.svc.cluster.local:50005',
      '--sentry-address=dapr-sentry.dapr-system.svc.cluster.local:80',
      '--enable-metrics=true',
      '--metrics-port=9090',
      '--enable-mtls=true',
      '--enable-api-logging=true',
      '--app-channel-address=orders.shop.svc',
      '--config=tracing',
    ]);
    expect(daprd.env.find((e: any) => e.name === 'DAPR_TRUST_ANCHORS')).toEqual(
      {
        name: 'DAPR_TRUST_ANCHORS',
        valueFrom: {
          configMapKeyRef: { name: 'dapr-trust-bundle', key: 'ca.crt' },
        },
      },
    );
    expect(
      daprd.env.find((e: any) => e.name === 'DAPR_API_TOKEN').valueFrom
        .secretKeyRef,
    ).toEqual({
      name: 'orders-dapr-shared-chart',
      key: 'dapr-api-token',
      optional: true,
    });
    expect(daprd.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(
      s.template.spec.volumes[0].projected.sources[0].serviceAccountToken
        .audience,
    ).toBe('spiffe://cluster.local/ns/dapr-system/dapr-sentry');
  });

  it('never renders the chart Secret, its ConfigMap, the init container or cluster-wide RBAC', () => {
    const kinds = rendered.manifests.map(m => m.object.kind);
    expect(kinds).not.toContain('Secret');
    expect(kinds).not.toContain('ConfigMap');
    expect(kinds).not.toContain('ClusterRole');
    expect(kinds).not.toContain('ClusterRoleBinding');
    expect(JSON.stringify(rendered)).not.toMatch(
      /shared-cm|dapr-cert-key|shared-init-container/,
    );
  });

  it('renders a DaemonSet without replicas for the daemonset strategy', () => {
    const daemon = renderService(
      serviceDraft(i => {
        i.daprShared = { strategy: 'daemonset', mtls: false };
      }),
    );
    const workload = find(daemon, 'DaemonSet', 'orders-dapr-shared-chart');
    expect(spec(workload).replicas).toBeUndefined();
    expect(spec(workload).template.spec.containers[0].args).toContain(
      '--enable-mtls=false',
    );
    expect(
      spec(workload).template.spec.containers[0].args.some((a: string) =>
        a.startsWith('--config'),
      ),
    ).toBe(false);
    expect(
      daemon.manifests.some(
        m =>
          m.object.kind === 'Deployment' &&
          m.object.metadata.name === 'orders-dapr-shared-chart',
      ),
    ).toBe(false);
  });

  it('renders the <appId>-dapr Service with the chart ports', () => {
    expect(spec(find(rendered, 'Service', 'orders-dapr'))).toEqual({
      type: 'ClusterIP',
      ports: [
        { name: 'dapr-http', port: 3500, protocol: 'TCP', targetPort: 3500 },
        { name: 'dapr-grpc', port: 50001, protocol: 'TCP', targetPort: 50001 },
        {
          name: 'dapr-internal',
          port: 50002,
          protocol: 'TCP',
          targetPort: 50002,
        },
        { name: 'dapr-metrics', port: 9090, protocol: 'TCP', targetPort: 9090 },
      ],
      selector: {
        'app.kubernetes.io/name': 'dapr-shared-chart',
        'app.kubernetes.io/instance': 'orders',
      },
    });
  });

  it('is recognised by discovery as a Daprise-made Dapr Shared instance', () => {
    const workload = find(rendered, 'Deployment', 'orders-dapr-shared-chart');
    const instance = detectDaprShared('c', slimObject('Deployment', workload));
    expect(instance).toMatchObject({
      appId: 'orders',
      madeBy: 'daprise',
      strategy: 'deployment',
      mtls: true,
      daprdVersion: '1.16.0',
      appPort: 8080,
      config: 'tracing',
      appChannelAddress: 'orders.shop.svc',
    });
    expect(instance?.ignoredArgs).toBeUndefined();
  });

  it('renders components scoped to the app, secrets as references only', () => {
    const statestore = find(rendered, 'Component', 'statestore');
    expect(statestore).toEqual({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'statestore',
        namespace: 'shop',
        labels: {
          'app.kubernetes.io/part-of': 'orders',
          'backstage.io/kubernetes-id': 'orders',
        },
      },
      spec: {
        type: 'state.redis',
        version: 'v1',
        metadata: [
          { name: 'redisHost', value: 'redis-master:6379' },
          {
            name: 'redisPassword',
            secretKeyRef: { name: 'redis', key: 'redis-password' },
          },
        ],
      },
      auth: { secretStore: 'kubernetes' },
      scopes: ['orders'],
    });
    expect(find(rendered, 'Component', 'ticker').auth).toBeUndefined();
  });

  it('renders the HTTPRoute through the gateway Dapr Shared with the invoke rewrite', () => {
    const route = find(rendered, 'HTTPRoute');
    expect(route.metadata).toMatchObject({
      name: 'orders-shop',
      namespace: 'edge',
    });
    expect(route.spec).toEqual({
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'cluster-gateway',
          namespace: 'edge',
        },
      ],
      hostnames: ['orders.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/orders' } }],
          filters: [
            {
              type: 'URLRewrite',
              urlRewrite: {
                path: {
                  type: 'ReplacePrefixMatch',
                  replacePrefixMatch: '/v1.0/invoke/orders.shop/method',
                },
              },
            },
          ],
          backendRefs: [
            { group: '', kind: 'Service', name: 'gateway-dapr', port: 3500 },
          ],
        },
      ],
    });
  });

  it('omits the namespace from the invoke path when the gateway runs in the app namespace', () => {
    const same = renderService(
      serviceDraft(i => {
        i.gateway = { name: 'gw', namespace: 'shop' };
        i.hostnames = [];
      }),
    );
    const route = find(same, 'HTTPRoute');
    expect(route.metadata.name).toBe('orders');
    expect(route.metadata.namespace).toBe('shop');
    expect(spec(route).hostnames).toBeUndefined();
    expect(
      spec(route).rules[0].filters[0].urlRewrite.path.replacePrefixMatch,
    ).toBe('/v1.0/invoke/orders/method');
    expect(invokePathPrefix('a', 'x', 'x')).toBe('/v1.0/invoke/a/method');
    expect(routeName({ appId: 'a', namespace: 'x' }, 'y')).toBe('a-x');
  });

  it('renders the three network policies', () => {
    const [viaGateway, daprIngress, appIngress] = rendered.manifests
      .filter(m => m.object.kind === 'CiliumNetworkPolicy')
      .map(m => m.object);
    expect(viaGateway.metadata.namespace).toBe('edge');
    expect(spec(viaGateway).endpointSelector).toEqual({
      matchLabels: { 'dapr.io/app-id': 'gateway' },
    });
    expect(spec(viaGateway).ingress).toEqual([
      {
        fromEntities: ['ingress'],
        toPorts: [
          {
            ports: [{ port: '3500', protocol: 'TCP' }],
            rules: {
              http: [{ path: '/v1\\.0/invoke/orders\\.shop/method([/?].*)?' }],
            },
          },
        ],
      },
    ]);
    expect(daprIngress.metadata.namespace).toBe('shop');
    expect(spec(daprIngress).endpointSelector).toEqual({
      matchLabels: { 'dapr.io/app-id': 'orders' },
    });
    expect(spec(daprIngress).ingress).toEqual([
      {
        fromEndpoints: [
          {
            matchLabels: {
              'dapr.io/app-id': 'gateway',
              'k8s:io.kubernetes.pod.namespace': 'edge',
            },
          },
        ],
        toPorts: [{ ports: [{ port: '50002', protocol: 'TCP' }] }],
      },
      {
        fromEndpoints: [
          { matchLabels: { 'app.kubernetes.io/name': 'orders' } },
        ],
        toPorts: [
          {
            ports: [
              { port: '3500', protocol: 'TCP' },
              { port: '50001', protocol: 'TCP' },
            ],
          },
        ],
      },
    ]);
    expect(spec(appIngress).endpointSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'orders' },
    });
    expect(spec(appIngress).ingress).toEqual([
      {
        fromEndpoints: [{ matchLabels: { 'dapr.io/app-id': 'orders' } }],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      },
    ]);
  });

  it('builds an L7 path regex that admits exactly the invoke prefix and below', () => {
    const regex = new RegExp(
      `^${invokePathRegex('/v1.0/invoke/orders.shop/method')}$`,
    );
    expect(regex.test('/v1.0/invoke/orders.shop/method')).toBe(true);
    expect(regex.test('/v1.0/invoke/orders.shop/method/list/42')).toBe(true);
    expect(regex.test('/v1.0/invoke/orders.shop/method?x=1')).toBe(true);
    expect(regex.test('/v1.0/invoke/orders.shop/methodX')).toBe(false);
    expect(regex.test('/v1x0/invoke/ordersXshop/method')).toBe(false);
    expect(regex.test('/v1.0/state/statestore')).toBe(false);
  });

  it('leaves out policies when asked, and route and gateway policy without a gateway', () => {
    const noPolicy = renderService(
      serviceDraft(i => (i.networkPolicy = false)),
    );
    expect(
      noPolicy.manifests.some(m => m.path === 'deploy/network-policies.yaml'),
    ).toBe(false);
    const internal = renderService(
      serviceDraft(i => {
        delete i.gateway;
        i.hostnames = [];
        delete i.pathPrefix;
      }),
    );
    expect(internal.manifests.map(m => m.object.kind)).not.toContain(
      'HTTPRoute',
    );
    expect(
      internal.manifests
        .filter(m => m.object.kind === 'CiliumNetworkPolicy')
        .map(m => m.object.metadata.name),
    ).toEqual(['orders-dapr-shared-ingress', 'orders-app-ingress']);
    expect(internal.publicUrl).toBeUndefined();
  });

  it('renders a namespaced secret reader only for a Kubernetes secret store', () => {
    expect(rendered.manifests.some(m => m.object.kind === 'Role')).toBe(false);
    const withStore = renderService(
      serviceDraft(i =>
        i.components.push({ name: 'secrets', type: 'secretstores.kubernetes' }),
      ),
      { allowKubernetesSecretStore: true },
    );
    const role = find(withStore, 'Role');
    expect(role.metadata).toMatchObject({
      name: 'orders-dapr-shared-chart-secret-reader',
      namespace: 'shop',
    });
    expect(find(withStore, 'RoleBinding').subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: 'orders-dapr-shared-chart',
        namespace: 'shop',
      },
    ]);
  });

  it('limits the secret reader to the Secrets the store names', () => {
    const render = (...readable: Array<string[] | undefined>) =>
      find(
        renderService(
          serviceDraft(i =>
            readable.forEach((readableSecrets, n) =>
              i.components.push({
                name: `secrets-${n}`,
                type: 'secretstores.kubernetes',
                ...(readableSecrets ? { readableSecrets } : {}),
              }),
            ),
          ),
          { allowKubernetesSecretStore: true },
        ),
        'Role',
      ).rules;
    expect(render(['payments-api', 'db'], ['db'])).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        resourceNames: ['db', 'payments-api'],
        verbs: ['get'],
      },
    ]);
    // One store that names none reads every Secret: the Role cannot be narrower than it.
    expect(render(['db'], undefined)).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
    ]);
    // Not a field of the Component.
    const withStore = renderService(
      serviceDraft(i =>
        i.components.push({
          name: 'secrets',
          type: 'secretstores.kubernetes',
          readableSecrets: ['db'],
        }),
      ),
      { allowKubernetesSecretStore: true },
    );
    expect(find(withStore, 'Component', 'secrets')).not.toHaveProperty(
      'readableSecrets',
    );
    expect(spec(find(withStore, 'Component', 'secrets'))).not.toHaveProperty(
      'readableSecrets',
    );
  });

  /** The orders app as a gRPC app: the form leaves the path prefix out. */
  const grpcDraft = (change?: (input: any) => void) =>
    serviceDraft(i => {
      i.appProtocol = 'grpc';
      delete i.pathPrefix;
      change?.(i);
    });

  it('renders gRPC apps with an h2c Service port', () => {
    const grpc = renderService(grpcDraft());
    expect(spec(find(grpc, 'Service', 'orders')).ports[0]).toMatchObject({
      name: 'grpc',
      appProtocol: 'kubernetes.io/h2c',
    });
    expect(
      spec(find(grpc, 'Deployment', 'orders-dapr-shared-chart')).template.spec
        .containers[0].args,
    ).toContain('--app-protocol=grpc');
  });

  it("routes a gRPC app with a GRPCRoute to the gateway's daprd on 50001 that sets dapr-app-id", () => {
    const grpc = renderService(grpcDraft());
    expect(grpc.manifests.map(m => m.object.kind)).not.toContain('HTTPRoute');
    const route = grpc.manifests.find(m => m.object.kind === 'GRPCRoute')!;
    expect(route.path).toBe('deploy/grpcroute.yaml');
    expect(route.object).toMatchObject({
      apiVersion: 'gateway.networking.k8s.io/v1',
      metadata: { name: 'orders-shop', namespace: 'edge' },
    });
    expect(route.object.spec).toEqual({
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'cluster-gateway',
          namespace: 'edge',
        },
      ],
      hostnames: ['orders.example.com'],
      rules: [
        {
          filters: [
            {
              type: 'RequestHeaderModifier',
              requestHeaderModifier: {
                set: [{ name: 'dapr-app-id', value: 'orders.shop' }],
              },
            },
          ],
          // The gateway's Dapr Shared, never the app's own Service.
          backendRefs: [
            { group: '', kind: 'Service', name: 'gateway-dapr', port: 50001 },
          ],
        },
      ],
    });
    // In the gateway's namespace, daprd resolves the bare app-id.
    const same = renderService(
      grpcDraft(i => {
        i.gateway = { name: 'gw', namespace: 'shop' };
      }),
    );
    expect(
      spec(find(same, 'GRPCRoute')).rules[0].filters[0].requestHeaderModifier
        .set,
    ).toEqual([{ name: 'dapr-app-id', value: 'orders' }]);
    expect(grpc.publicUrl).toBe('https://orders.example.com');
  });

  it("lets the Gateway reach only the gateway's daprd gRPC port, and only for the app, for a gRPC app", () => {
    const grpc = renderService(grpcDraft());
    const [viaGateway, daprIngress, appIngress] = grpc.manifests
      .filter(m => m.object.kind === 'CiliumNetworkPolicy')
      .map(m => m.object);
    expect(viaGateway.metadata).toMatchObject({
      name: 'orders-shop-via-gateway',
      namespace: 'edge',
    });
    expect(spec(viaGateway).endpointSelector).toEqual({
      matchLabels: { 'dapr.io/app-id': 'gateway' },
    });
    expect(spec(viaGateway).ingress).toEqual([
      {
        fromEntities: ['ingress'],
        toPorts: [
          {
            ports: [{ port: '50001', protocol: 'TCP' }],
            rules: {
              http: [
                {
                  headerMatches: [
                    { name: 'dapr-app-id', value: 'orders.shop' },
                  ],
                },
              ],
            },
          },
        ],
      },
    ]);
    // The rest of the path is the HTTP app's: gateway daprd -> app daprd -> app.
    const http = rendered.manifests
      .filter(m => m.object.kind === 'CiliumNetworkPolicy')
      .map(m => m.object);
    expect(daprIngress).toEqual(http[1]);
    expect(appIngress).toEqual(http[2]);
  });

  it('refuses a path prefix for a gRPC app, naming the field', () => {
    expect(() =>
      renderService(serviceDraft(i => (i.appProtocol = 'grpc'))),
    ).toThrow(ServiceInputError);
    const result = validateServiceInput(
      serviceDraft(i => (i.appProtocol = 'grpc')),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      expect.objectContaining({
        field: 'pathPrefix',
        rule: 'path-prefix-http-only',
      }),
    ]);
  });

  it('renders chart values equivalent to the manifests', () => {
    expect(rendered.helmValues).toEqual({
      shared: {
        appId: 'orders',
        strategy: 'deployment',
        remoteURL: 'orders.shop.svc',
        remotePort: 8080,
        deployment: { replicas: 2 },
        daprd: {
          image: { tag: '1.16.0' },
          mtls: { enabled: true },
          app: { protocol: 'http' },
          config: 'tracing',
        },
      },
    });
  });

  it('renders the catalog entity', () => {
    expect(rendered.catalogInfo).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        description: 'Takes orders',
        annotations: {
          'dapr.io/app-id': 'orders',
          'backstage.io/kubernetes-namespace': 'shop',
          'backstage.io/kubernetes-id': 'orders',
        },
        tags: ['dapr', 'dapr-shared'],
        links: [
          {
            url: 'https://orders.example.com/orders',
            title: 'Public endpoint',
          },
        ],
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-orders',
        system: 'webshop',
      },
    });
    expect(rendered.publicUrl).toBe('https://orders.example.com/orders');
  });

  it("attaches the route to the listener the Gateway picker chose, as its parentRef's sectionName", () => {
    const onListener = renderService(
      serviceDraft(i => {
        i.gateway.listener = 'https-shop';
      }),
    );
    expect(spec(find(onListener, 'HTTPRoute')).parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'cluster-gateway',
        namespace: 'edge',
        sectionName: 'https-shop',
      },
    ]);
    const grpc = renderService(
      serviceDraft(i => {
        i.appProtocol = 'grpc';
        delete i.pathPrefix;
        i.gateway.listener = 'grpc';
      }),
    );
    expect(spec(find(grpc, 'GRPCRoute')).parentRefs[0].sectionName).toBe(
      'grpc',
    );
  });

  it('builds the public URL from the first non-wildcard host', () => {
    expect(
      renderService(
        serviceDraft(i => {
          i.hostnames = ['*.example.com'];
        }),
      ).publicUrl,
    ).toBeUndefined();
    expect(
      renderService(
        serviceDraft(i => {
          i.hostnames = ['*.example.com', 'o.example.com'];
          i.pathPrefix = '/';
          i.gateway.https = false;
        }),
      ).publicUrl,
    ).toBe('http://o.example.com');
  });

  it('notes the prerequisites', () => {
    expect(rendered.notes.join('\n')).toMatch(/dapr-trust-bundle/);
    expect(rendered.notes.join('\n')).toMatch(/gateway-dapr in edge/);
    const crossNs = renderService(
      serviceDraft(i => (i.gateway.gatewayDaprNamespace = 'gateways')),
    );
    expect(crossNs.notes.join('\n')).toMatch(/allowedRoutes/);
  });

  it('renders the same from a draft and from its validated value', () => {
    const value = validateServiceInput(serviceDraft());
    expect(value.ok).toBe(true);
    expect(renderService((value as { value: ServiceInput }).value)).toEqual(
      rendered,
    );
  });

  it('throws field errors for an invalid input', () => {
    expect(() => renderService(serviceDraft(i => (i.appId = 'Bad')))).toThrow(
      ServiceInputError,
    );
    let thrown: unknown;
    try {
      renderService(serviceDraft(i => (i.appId = 'Bad')));
    } catch (e) {
      thrown = e;
    }
    expect((thrown as ServiceInputError).errors.map(x => x.field)).toEqual([
      'appId',
    ]);
    expect((thrown as Error).message).toMatch(
      /^Invalid service input: appId: /,
    );
  });

  it('names long app-ids as Helm does', () => {
    expect(daprSharedFullname('orders')).toBe('orders-dapr-shared-chart');
    const long = `${'a'.repeat(44)}-b`;
    expect(daprSharedFullname(long)).toBe(`${long}-dapr-shared-char`);
    expect(daprSharedFullname('a'.repeat(45))).toBe(
      `${'a'.repeat(45)}-dapr-shared-chart`,
    );
    expect(daprSharedFullname('a'.repeat(46))).toBe(
      `${'a'.repeat(46)}-dapr-shared-char`,
    );
    // trunc 63 leaves a trailing "-", which trimSuffix removes.
    expect(daprSharedFullname('a'.repeat(50))).toBe(
      `${'a'.repeat(50)}-dapr-shared`,
    );
    expect(daprSharedFullname('a'.repeat(53))).toBe(
      `${'a'.repeat(53)}-dapr-shar`,
    );
    expect(daprSharedFullname('a'.repeat(53)).length).toBe(63);
  });
});

describe('renderedFiles', () => {
  it('groups documents per file with header comments, then values and catalog entity', () => {
    const files = renderedFiles(renderService(serviceDraft()));
    expect(files.map(f => `${f.path}:${f.documents.length}`)).toEqual([
      'deploy/app.yaml:2',
      'deploy/dapr-shared.yaml:3',
      'deploy/components.yaml:2',
      'deploy/httproute.yaml:1',
      'deploy/network-policies.yaml:3',
      'deploy/dapr-shared-values.yaml:1',
      'catalog-info.yaml:1',
    ]);
    expect(
      files.find(f => f.path === 'deploy/dapr-shared.yaml')?.comment,
    ).toMatch(/issuer private key/);
    expect(files.every(f => f.comment.length > 0)).toBe(true);
  });
});
