import { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigFor, Identity } from './controlPlane';
import { kubeRequest } from './kube';

/** A Kubernetes RBAC policy rule. @public */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

async function createIfAbsent(kc: KubeConfig, apiPath: string, body: object) {
  const res = await kubeRequest(kc, 'POST', apiPath, { body });
  if (res.status !== 201 && res.status !== 409) {
    throw new Error(`POST ${apiPath}: ${res.status} ${res.body}`);
  }
}

/**
 * Mints a ServiceAccount identity with exactly the given permissions, the way a
 * platform team gives a portal a token: an existing ClusterRole by name, cluster-wide
 * rules, or rules limited to one namespace. Returns a bound token from the TokenRequest API.
 * @public
 */
export async function mintServiceAccount(
  admin: KubeConfig,
  options: {
    name: string;
    namespace?: string;
    clusterRole?: string;
    clusterRules?: PolicyRule[];
    namespacedRules?: { namespace: string; rules: PolicyRule[] };
    expirationSeconds?: number;
  },
): Promise<Identity> {
  const namespace = options.namespace ?? 'daprise-identities';
  const { name } = options;
  const cluster = admin.getCurrentCluster()!;
  await createIfAbsent(admin, '/api/v1/namespaces', {
    metadata: { name: namespace },
  });
  await createIfAbsent(
    admin,
    `/api/v1/namespaces/${namespace}/serviceaccounts`,
    {
      metadata: { name },
    },
  );
  const subject = { kind: 'ServiceAccount', name, namespace };
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  if (options.clusterRules) {
    await createIfAbsent(admin, `${rbac}/clusterroles`, {
      metadata: { name: `${namespace}-${name}` },
      rules: options.clusterRules,
    });
  }
  const clusterRole =
    options.clusterRole ??
    (options.clusterRules ? `${namespace}-${name}` : undefined);
  if (clusterRole) {
    await createIfAbsent(admin, `${rbac}/clusterrolebindings`, {
      metadata: { name: `${namespace}-${name}-${clusterRole}` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: clusterRole,
      },
      subjects: [subject],
    });
  }
  if (options.namespacedRules) {
    const target = options.namespacedRules.namespace;
    await createIfAbsent(admin, `${rbac}/namespaces/${target}/roles`, {
      metadata: { name: `${namespace}-${name}` },
      rules: options.namespacedRules.rules,
    });
    await createIfAbsent(admin, `${rbac}/namespaces/${target}/rolebindings`, {
      metadata: { name: `${namespace}-${name}` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: `${namespace}-${name}`,
      },
      subjects: [subject],
    });
  }
  const res = await kubeRequest(
    admin,
    'POST',
    `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    {
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: options.expirationSeconds ?? 24 * 3600 },
      },
    },
  );
  if (res.status !== 201)
    throw new Error(
      `TokenRequest for ${namespace}/${name}: ${res.status} ${res.body}`,
    );
  const token: string = res.json().status.token;
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    token,
    kubeConfig: kubeConfigFor(
      { server: cluster.server, caData: cluster.caData! },
      token,
      name,
    ),
  };
}
