/** A Dapr Shared instance as the dapr-shared chart makes it, for app `appId` in `namespace`. */
export function daprSharedObjects(
  namespace: string,
  appId: string,
  options: { daprdVersion?: string } = {},
) {
  const labels = {
    'app.kubernetes.io/name': 'dapr-shared-chart',
    'app.kubernetes.io/instance': appId,
    'app.kubernetes.io/managed-by': 'Helm',
  };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${appId}-dapr-shared-chart`, namespace, labels },
      spec: {
        replicas: 1,
        selector: {
          matchLabels: {
            'app.kubernetes.io/name': 'dapr-shared-chart',
            'app.kubernetes.io/instance': appId,
          },
        },
        template: {
          metadata: {
            labels: { ...labels, 'dapr.io/app-id': appId },
            annotations: { 'dapr.io/app-id': appId },
          },
          spec: {
            containers: [
              {
                name: 'daprd',
                image: `docker.io/daprio/daprd:${
                  options.daprdVersion ?? '1.16.0'
                }`,
                args: [
                  '/daprd',
                  '--mode=kubernetes',
                  `--app-id=${appId}`,
                  '--app-port=8080',
                  '--enable-mtls=true',
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `${appId}-dapr`, namespace, labels },
      spec: {
        selector: {
          'app.kubernetes.io/name': 'dapr-shared-chart',
          'app.kubernetes.io/instance': appId,
        },
        ports: [{ name: 'dapr-http', port: 3500, targetPort: 3500 }],
      },
    },
  ];
}
