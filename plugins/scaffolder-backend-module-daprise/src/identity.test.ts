import path from 'node:path';
import {
  createTestNamespace,
  kubeRequest,
  loadManifests,
  ManifestObject,
  mintServiceAccount,
} from '@daprise/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import { admin } from './__testUtils__/cluster';

/**
 * The scaffolder's identity as examples/rbac ships it, tried against the API server: the
 * ServiceAccount daprise-system/daprise-scaffolder, bound per namespace, under the
 * ValidatingAdmissionPolicy daprise-scaffolder. Every denial here is the API server's.
 */
/** The Kubernetes objects of a golden render (not the chart values beside them). */
const golden = (name: string) =>
  loadManifests(
    path.join(__dirname, 'actions', '__golden__', name, 'deploy'),
  ).filter(object => object.apiVersion && object.kind);

let scaffolder: KubeConfig;
beforeAll(async () => {
  scaffolder = (
    await mintServiceAccount(admin, {
      name: 'daprise-scaffolder',
      namespace: 'daprise-system',
    })
  ).kubeConfig;
});

function resourcePath(object: ManifestObject, namespace: string): string {
  const apiVersion = object.apiVersion!;
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  const kind = object.kind!.toLowerCase();
  const plural = kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return `${base}/namespaces/${namespace}/${plural}/${object.metadata!.name}`;
}

/** Server-side apply, as the apply action sends it. */
function apply(kc: KubeConfig, object: ManifestObject, namespace: string) {
  return kubeRequest(
    kc,
    'PATCH',
    `${resourcePath(
      object,
      namespace,
    )}?fieldManager=daprise-scaffolder&force=true`,
    {
      body: { ...object, metadata: { ...object.metadata, namespace } },
      contentType: 'application/apply-patch+yaml',
    },
  );
}

/** A namespace the platform team opened to the portal, as examples/cluster opens shop. */
async function openNamespace(): Promise<string> {
  const namespace = await createTestNamespace(admin, 'scaffolder-identity');
  const res = await kubeRequest(
    admin,
    'POST',
    `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`,
    {
      body: {
        metadata: { name: 'daprise-scaffolder' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'daprise-scaffolder',
        },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: 'daprise-scaffolder',
            namespace: 'daprise-system',
          },
        ],
      },
    },
  );
  if (res.status !== 201)
    throw new Error(`RoleBinding: ${res.status} ${res.body}`);
  return namespace;
}

const byKind = (objects: ManifestObject[], kind: string, shared: boolean) =>
  structuredClone(
    objects.find(
      o =>
        o.kind === kind &&
        (o.metadata?.labels?.['daprise.io/dapr-shared'] === 'true') === shared,
    )!,
  ) as any;

const DENIED_BY_POLICY =
  "ValidatingAdmissionPolicy 'daprise-scaffolder' with binding 'daprise-scaffolder' denied request";

describe('the scaffolder identity of examples/rbac', () => {
  it('is bound in the namespaces opened to the portal only, never cluster-wide', async () => {
    const opened = await openNamespace();
    const closed = await createTestNamespace(admin, 'scaffolder-closed');
    const service = byKind(golden('deployment-state-netpol'), 'Service', false);

    expect((await apply(scaffolder, service, opened)).status).toBe(201);
    for (const namespace of [closed, 'kube-system', 'infra']) {
      const res = await apply(scaffolder, service, namespace);
      expect(res.status).toBe(403);
      expect(res.json().message).toContain(
        'User "system:serviceaccount:daprise-system:daprise-scaffolder" cannot patch resource "services"',
      );
    }
    // It sees that an opened namespace exists, and nothing about the others.
    expect(
      (await kubeRequest(scaffolder, 'GET', `/api/v1/namespaces/${opened}`))
        .status,
    ).toBe(200);
    expect(
      (await kubeRequest(scaffolder, 'GET', `/api/v1/namespaces/${closed}`))
        .status,
    ).toBe(403);
    expect(
      (await kubeRequest(scaffolder, 'GET', '/api/v1/namespaces')).status,
    ).toBe(403);
    // In dapr-system, the Configuration daprsystem only, read only.
    const configurations =
      '/apis/dapr.io/v1alpha1/namespaces/dapr-system/configurations';
    expect(
      (await kubeRequest(scaffolder, 'GET', `${configurations}/daprsystem`))
        .status,
    ).toBe(200);
    expect((await kubeRequest(scaffolder, 'GET', configurations)).status).toBe(
      403,
    );
  });

  it.each(['deployment-state-netpol', 'daemonset-state-netpol'])(
    'may apply what render writes (%s)',
    async name => {
      const namespace = await openNamespace();
      for (const object of golden(name)) {
        const res = await apply(scaffolder, object, namespace);
        expect([res.status, object.kind, res.body]).toEqual([
          201,
          object.kind,
          expect.anything(),
        ]);
      }
    },
  );

  describe('is held by the ValidatingAdmissionPolicy daprise-scaffolder', () => {
    const rendered = golden('deployment-state-netpol');
    type Case = [string, (objects: { shared: any; app: any }) => any, string];
    const cases: Case[] = [
      [
        'hostNetwork',
        ({ shared }) => {
          shared.spec.template.spec.hostNetwork = true;
          return shared;
        },
        "use none of the host's namespaces (hostNetwork, hostPID, hostIPC)",
      ],
      [
        'hostPID',
        ({ app }) => {
          app.spec.template.spec.hostPID = true;
          return app;
        },
        "use none of the host's namespaces",
      ],
      [
        'hostIPC',
        ({ app }) => {
          app.spec.template.spec.hostIPC = true;
          return app;
        },
        "use none of the host's namespaces",
      ],
      [
        'a hostPath volume',
        ({ app }) => {
          app.spec.template.spec.volumes = [
            { name: 'root', hostPath: { path: '/' } },
          ];
          return app;
        },
        'mount no hostPath volume',
      ],
      [
        'a privileged container',
        ({ shared }) => {
          shared.spec.template.spec.containers[0].securityContext = {
            privileged: true,
          };
          return shared;
        },
        'are not privileged and add no capabilities',
      ],
      [
        'an added capability',
        ({ app }) => {
          app.spec.template.spec.initContainers = [
            {
              name: 'init',
              image: 'busybox',
              securityContext: { capabilities: { add: ['NET_ADMIN'] } },
            },
          ];
          return app;
        },
        'are not privileged and add no capabilities',
      ],
      [
        'a Secret volume',
        ({ app }) => {
          app.spec.template.spec.volumes = [
            { name: 'creds', secret: { secretName: 'db-credentials' } },
          ];
          return app;
        },
        'mount no Secret and reference only the Dapr Shared API token Secret',
      ],
      [
        'a Secret in a projected volume',
        ({ shared }) => {
          shared.spec.template.spec.volumes[0].projected.sources.push({
            secret: { name: 'db-credentials' },
          });
          return shared;
        },
        'mount no Secret',
      ],
      [
        'another Secret in the Dapr Shared env',
        ({ shared }) => {
          const env = shared.spec.template.spec.containers[0].env;
          env.find(
            (e: any) => e.name === 'DAPR_API_TOKEN',
          ).valueFrom.secretKeyRef.name = 'db-credentials';
          return shared;
        },
        'reference only the Dapr Shared API token Secret',
      ],
      [
        "a Secret in the app's env",
        ({ app }) => {
          app.spec.template.spec.containers[0].envFrom = [
            { secretRef: { name: 'db-credentials' } },
          ];
          return app;
        },
        'reference only the Dapr Shared API token Secret',
      ],
      [
        'another ServiceAccount for Dapr Shared',
        ({ shared }) => {
          shared.spec.template.spec.serviceAccountName = 'dapr-operator';
          return shared;
        },
        'run as the ServiceAccount Daprise renders',
      ],
      [
        'a ServiceAccount for the app',
        ({ app }) => {
          app.spec.template.spec.serviceAccountName =
            'orders-dapr-shared-chart';
          return app;
        },
        'run as the ServiceAccount Daprise renders',
      ],
      [
        'no ownership labels',
        ({ app }) => {
          delete app.metadata.labels['app.kubernetes.io/part-of'];
          return app;
        },
        "carries Daprise's ownership labels app.kubernetes.io/part-of and backstage.io/kubernetes-id",
      ],
    ];

    it.each(cases)('denies %s', async (_what, change, message) => {
      const namespace = await openNamespace();
      const object = change({
        shared: byKind(rendered, 'Deployment', true),
        app: byKind(rendered, 'Deployment', false),
      });
      // What the policy denies is the scaffolder's, not the API's: the admin may.
      const adminNamespace = await createTestNamespace(admin, 'admin-may');
      expect((await apply(admin, object, adminNamespace)).status).toBe(201);

      const res = await apply(scaffolder, object, namespace);
      expect(res.status).toBe(422);
      expect(res.json().message).toContain(DENIED_BY_POLICY);
      expect(res.json().message).toContain(message);
    });

    it('changes and deletes nothing Daprise does not own', async () => {
      const namespace = await openNamespace();
      const service = byKind(rendered, 'Service', false);
      const theirs = {
        ...service,
        metadata: { name: service.metadata.name, namespace },
      };
      expect(
        (
          await kubeRequest(
            admin,
            'POST',
            `/api/v1/namespaces/${namespace}/services`,
            { body: theirs },
          )
        ).status,
      ).toBe(201);
      const path_ = resourcePath(service, namespace);

      const update = await apply(scaffolder, service, namespace);
      expect(update.status).toBe(422);
      expect(update.json().message).toContain(
        'the Daprise scaffolder changes and deletes only objects Daprise owns',
      );
      const remove = await kubeRequest(scaffolder, 'DELETE', path_);
      expect(remove.status).toBe(422);
      expect(remove.json().message).toContain(DENIED_BY_POLICY);
      expect(
        (await kubeRequest(admin, 'GET', path_)).json().metadata.labels,
      ).toBeUndefined();

      // Another app-id's object is not Daprise's to take over either.
      const other = structuredClone(service);
      other.metadata.name = 'other-app';
      expect((await apply(scaffolder, other, namespace)).status).toBe(201);
      for (const label of [
        'app.kubernetes.io/part-of',
        'backstage.io/kubernetes-id',
      ])
        other.metadata.labels[label] = 'payments-2';
      const takeOver = await apply(scaffolder, other, namespace);
      expect(takeOver.status).toBe(422);
      expect(takeOver.json().message).toContain(
        'changes and deletes only objects Daprise owns',
      );

      // Its own objects it may delete.
      expect(
        (
          await kubeRequest(
            scaffolder,
            'DELETE',
            resourcePath(other, namespace),
          )
        ).status,
      ).toBe(200);
    });
  });

  it('leaves every other identity alone', async () => {
    const namespace = await createTestNamespace(admin, 'not-the-scaffolder');
    const app = byKind(golden('deployment-state-netpol'), 'Deployment', false);
    delete app.metadata.labels;
    app.spec.template.spec.hostNetwork = true;
    expect((await apply(admin, app, namespace)).status).toBe(201);
  });
});
