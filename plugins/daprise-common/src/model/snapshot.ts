import type {
  SlimConfiguration,
  SlimGatewayClass,
  SlimWorkload,
} from '../types';
import { ROUTE_KINDS, WORKLOAD_KINDS } from '../kinds';
import { controlPlaneServiceOf, describeControlPlane } from './controlPlane';
import type {
  ClusterControlPlane,
  ControlPlaneServiceName,
} from './controlPlane';
import { list, trimmed } from '../lists';
import { objectRefKey, refOf } from '../refs';
import { ScopedIndex } from './components';
import {
  detectDaprShared,
  detectSidecarApp,
  serviceOfAddress,
} from './daprShared';
import { CiliumPolicyIndex } from './policies';
import { LabelIndex } from './selectors';
import type {
  AppMembers,
  ClusterSnapshot,
  FleetSnapshot,
  GroupedCluster,
  GroupedFleet,
  NamespaceObjects,
  WorkloadAppLink,
} from './snapshotTypes';

/**
 * Key of an app within a cluster: `namespace/appId`.
 * @public
 */
export function localAppKey(namespace: string, appId: string): string {
  return `${namespace}/${appId}`;
}

function emptyNamespace(name: string): NamespaceObjects {
  return {
    name,
    workloads: [],
    workloadsByPodLabel: new LabelIndex<SlimWorkload>(w => w.podLabels),
    services: new Map(),
    components: new ScopedIndex(),
    configurations: new Map(),
    resiliencies: new ScopedIndex(),
    subscriptions: new ScopedIndex(),
    httpEndpoints: new ScopedIndex(),
    mcpServers: new ScopedIndex(),
    workflowAccessPolicies: new ScopedIndex(),
    gateways: new Map(),
    listenerSets: new Map(),
    routes: [],
    backendTLSPolicies: [],
    referenceGrants: [],
    policies: new CiliumPolicyIndex(),
  };
}

/**
 * The namespace bucket of a grouped cluster, or an empty one (never stored) when the namespace
 * holds nothing.
 * @public
 */
export function namespaceObjects(
  cluster: GroupedCluster,
  namespace: string,
): NamespaceObjects {
  return cluster.namespaces.get(namespace) ?? emptyNamespace(namespace);
}

function appMembers(
  apps: Map<string, AppMembers>,
  namespace: string,
  appId: string,
): AppMembers {
  const key = localAppKey(namespace, appId);
  let members = apps.get(key);
  if (!members) {
    members = {
      appId,
      namespace,
      daprShared: [],
      sidecars: [],
      appWorkloads: [],
    };
    apps.set(key, members);
  }
  return members;
}

function imagesOf(workload: SlimWorkload): string[] {
  return list(
    workload.containers.filter(c => c.image).map(c => c.image as string),
  );
}

// The control-plane services in the order their version is trusted: they all run the same
// release, and the operator is the one every daprd talks to.
const VERSION_TRUST: ControlPlaneServiceName[] = [
  'operator',
  'sentry',
  'sidecar-injector',
  'placement',
  'scheduler',
];

function controlPlaneVersionOf(plane: ClusterControlPlane): string | undefined {
  for (const name of VERSION_TRUST) {
    const version = plane.services.find(
      s => s.name === name && s.version,
    )?.version;
    if (version) return version;
  }
  return undefined;
}

function link(
  map: Map<string, WorkloadAppLink[]>,
  workloadKey: string,
  appKey: string,
  role: WorkloadAppLink['role'],
): void {
  const links = map.get(workloadKey);
  if (!links) map.set(workloadKey, [{ appKey, role }]);
  else if (!links.some(l => l.appKey === appKey && l.role === role))
    links.push({ appKey, role });
}

/**
 * The cluster-wide Dapr control-plane facts: its description, its `daprsystem` Configuration
 * and its version, from the control plane's workloads (wherever they run) and the
 * Configurations named `daprsystem` (in snapshot order). A function of its own so that a
 * cluster grouped namespace by namespace (./incremental) gets the same facts as a whole one.
 * @public
 */
export function clusterControlPlaneOf(
  clusterName: string,
  controlPlaneWorkloads: readonly SlimWorkload[],
  daprsystemCandidates: readonly SlimConfiguration[],
): {
  controlPlane: ClusterControlPlane;
  daprsystem?: SlimConfiguration;
  controlPlaneVersion?: string;
} {
  // Dapr reads `daprsystem` in its control plane's namespace: prefer that one, then
  // `dapr-system` (the chart's default namespace), then any.
  const planeNamespaces = new Set(controlPlaneWorkloads.map(w => w.namespace));
  const rank = (c: SlimConfiguration) => {
    if (planeNamespaces.has(c.namespace)) return 0;
    return c.namespace === 'dapr-system' ? 1 : 2;
  };
  let daprsystem: SlimConfiguration | undefined;
  for (const configuration of daprsystemCandidates) {
    if (configuration.name !== 'daprsystem') continue;
    if (!daprsystem || rank(configuration) < rank(daprsystem))
      daprsystem = configuration;
  }
  const controlPlane = describeControlPlane(
    clusterName,
    controlPlaneWorkloads,
    daprsystem,
  );
  const controlPlaneVersion = controlPlaneVersionOf(controlPlane);
  return {
    controlPlane,
    ...(daprsystem ? { daprsystem } : {}),
    ...(controlPlaneVersion ? { controlPlaneVersion } : {}),
  };
}

const appIdSets = new WeakMap<GroupedCluster, ReadonlySet<string>>();

/**
 * Every app-id running somewhere in a grouped cluster: `appIds` when the grouping was given
 * the whole cluster's (a part of a cluster grouped on its own), else those of its apps.
 * @public
 */
export function runningAppIds(cluster: GroupedCluster): ReadonlySet<string> {
  if (cluster.appIds) return cluster.appIds;
  let found = appIdSets.get(cluster);
  if (!found) {
    found = new Set([...cluster.apps.values()].map(m => m.appId));
    appIdSets.set(cluster, found);
  }
  return found;
}

/**
 * Groups one cluster's slim objects by namespace and discovers Dapr Shared instances, sidecar
 * apps and app workloads. Linear in the number of objects (plus the selectors it evaluates
 * through label indexes). Routes are left to the analysis (`analyseCluster`).
 * @public
 */
export function groupClusterSnapshot(
  snapshot: ClusterSnapshot,
): GroupedCluster {
  const namespaces = new Map<string, NamespaceObjects>();
  const ns = (name: string) => {
    let bucket = namespaces.get(name);
    if (!bucket) {
      bucket = emptyNamespace(name);
      namespaces.set(name, bucket);
    }
    return bucket;
  };
  const objects = snapshot.objects;
  for (const kind of WORKLOAD_KINDS) {
    for (const workload of objects[kind] ?? []) {
      // A pod a controller owns (or one that is not Dapr's) is read through its owner, and a
      // CronJob's Jobs through the CronJob: each app is found once.
      if (workload.skipped || workload.ownerKind === 'CronJob') continue;
      const bucket = ns(workload.namespace);
      bucket.workloads.push(workload);
      bucket.workloadsByPodLabel.add(workload);
    }
  }
  for (const service of objects.Service ?? [])
    ns(service.namespace).services.set(service.name, service);
  for (const component of objects.Component ?? [])
    ns(component.namespace).components.add(component);
  for (const configuration of objects.Configuration ?? []) {
    ns(configuration.namespace).configurations.set(
      configuration.name,
      configuration,
    );
  }
  for (const resiliency of objects.Resiliency ?? [])
    ns(resiliency.namespace).resiliencies.add(resiliency);
  for (const subscription of objects.Subscription ?? [])
    ns(subscription.namespace).subscriptions.add(subscription);
  for (const endpoint of objects.HTTPEndpoint ?? [])
    ns(endpoint.namespace).httpEndpoints.add(endpoint);
  for (const gateway of objects.Gateway ?? [])
    ns(gateway.namespace).gateways.set(gateway.name, gateway);
  for (const server of objects.MCPServer ?? [])
    ns(server.namespace).mcpServers.add(server);
  for (const policy of objects.WorkflowAccessPolicy ?? [])
    ns(policy.namespace).workflowAccessPolicies.add(policy);
  for (const listenerSet of objects.ListenerSet ?? [])
    ns(listenerSet.namespace).listenerSets.set(listenerSet.name, listenerSet);
  for (const kind of ROUTE_KINDS)
    for (const route of objects[kind] ?? [])
      ns(route.namespace).routes.push(route);
  for (const policy of objects.BackendTLSPolicy ?? [])
    ns(policy.namespace).backendTLSPolicies.push(policy);
  for (const grant of objects.ReferenceGrant ?? [])
    ns(grant.namespace).referenceGrants.push(grant);
  for (const policy of objects.CiliumNetworkPolicy ?? [])
    ns(policy.namespace ?? '').policies.add(policy);
  const clusterwidePolicies = new CiliumPolicyIndex();
  for (const policy of objects.CiliumClusterwideNetworkPolicy ?? [])
    clusterwidePolicies.add(policy);
  const gatewayClasses = new Map<string, SlimGatewayClass>();
  for (const gatewayClass of objects.GatewayClass ?? [])
    gatewayClasses.set(gatewayClass.name, gatewayClass);

  const controlPlaneWorkloads: SlimWorkload[] = [];
  for (const bucket of namespaces.values())
    for (const workload of bucket.workloads)
      if (controlPlaneServiceOf(workload)) controlPlaneWorkloads.push(workload);
  const { controlPlane, daprsystem, controlPlaneVersion } =
    clusterControlPlaneOf(
      snapshot.name,
      controlPlaneWorkloads,
      (objects.Configuration ?? []).filter(c => c.name === 'daprsystem'),
    );

  const apps = new Map<string, AppMembers>();
  const appsByWorkload = new Map<string, WorkloadAppLink[]>();
  const daprSharedWorkloads = new Set<string>();
  const cluster = snapshot.name;
  for (const bucket of namespaces.values()) {
    for (const workload of bucket.workloads) {
      const instance = detectDaprShared(cluster, workload, bucket.services);
      if (instance) {
        appMembers(apps, instance.namespace, instance.appId).daprShared.push(
          instance,
        );
        const key = objectRefKey(instance.ref);
        daprSharedWorkloads.add(key);
        link(
          appsByWorkload,
          key,
          localAppKey(instance.namespace, instance.appId),
          'dapr-shared',
        );
        continue;
      }
      const sidecar = detectSidecarApp(cluster, workload, bucket.services);
      if (sidecar) {
        const members = appMembers(apps, sidecar.namespace, sidecar.appId);
        members.sidecars.push(sidecar);
        members.appWorkloads.push({
          ref: sidecar.ref,
          desired: workload.replicas.desired,
          ready: workload.replicas.ready,
          images: imagesOf(workload),
          podLabels: sidecar.podLabels,
          ...(workload.serviceAccountName
            ? { serviceAccountName: workload.serviceAccountName }
            : {}),
          linkedBy: 'sidecar',
        });
        link(
          appsByWorkload,
          objectRefKey(sidecar.ref),
          localAppKey(sidecar.namespace, sidecar.appId),
          'sidecar',
        );
      }
    }
  }

  // Link Dapr Shared instances to the workloads their app channel address points at.
  for (const members of apps.values()) {
    const seen = new Set<string>();
    for (const instance of members.daprShared) {
      if (!instance.appChannelAddress) continue;
      const target = serviceOfAddress(
        instance.appChannelAddress,
        instance.namespace,
      );
      if (!target) continue;
      const service = namespaces
        .get(target.namespace)
        ?.services.get(target.name);
      if (!service) continue;
      const selected =
        namespaces
          .get(target.namespace)
          ?.workloadsByPodLabel.selectForService(service.selector) ?? [];
      for (const workload of selected) {
        const ref = refOf(cluster, workload);
        const key = objectRefKey(ref);
        if (daprSharedWorkloads.has(key) || seen.has(key)) continue;
        seen.add(key);
        members.appWorkloads.push({
          ref,
          desired: workload.replicas.desired,
          ready: workload.replicas.ready,
          images: imagesOf(workload),
          podLabels: workload.podLabels,
          ...(workload.serviceAccountName
            ? { serviceAccountName: workload.serviceAccountName }
            : {}),
          linkedBy: 'app-channel',
          service: refOf(cluster, service),
        });
        link(
          appsByWorkload,
          key,
          localAppKey(members.namespace, members.appId),
          'app',
        );
      }
    }
  }

  // The apps' lists were built by `push`; they live as long as the index does.
  for (const members of apps.values()) {
    members.daprShared = trimmed(members.daprShared);
    members.sidecars = trimmed(members.sidecars);
    members.appWorkloads = trimmed(members.appWorkloads);
  }

  const grouped: GroupedCluster = {
    name: cluster,
    source: snapshot.source ?? 'cluster',
    objects,
    namespaces,
    gatewayClasses,
    clusterwidePolicies,
    controlPlane,
    apps,
    appsByWorkload,
  };
  if (snapshot.state) grouped.state = snapshot.state;
  if (daprsystem) grouped.daprsystem = daprsystem;
  if (controlPlaneVersion) grouped.controlPlaneVersion = controlPlaneVersion;
  return grouped;
}

/**
 * Groups every cluster of a fleet snapshot.
 * @public
 */
export function groupFleetSnapshot(snapshot: FleetSnapshot): GroupedFleet {
  const clusters = new Map<string, GroupedCluster>();
  for (const cluster of snapshot.clusters)
    clusters.set(cluster.name, groupClusterSnapshot(cluster));
  return snapshot.observedAt
    ? { clusters, observedAt: snapshot.observedAt }
    : { clusters };
}

/**
 * A grouped fleet with one cluster regrouped from a new snapshot (or removed when `snapshot` is
 * undefined), sharing every other cluster's grouping: what the backend does when a watch event
 * changes one cluster.
 * @public
 */
export function withClusterSnapshot(
  fleet: GroupedFleet,
  name: string,
  snapshot: ClusterSnapshot | undefined,
  observedAt?: string,
): GroupedFleet {
  const clusters = new Map(fleet.clusters);
  if (snapshot) clusters.set(name, groupClusterSnapshot({ ...snapshot, name }));
  else clusters.delete(name);
  const at = observedAt ?? fleet.observedAt;
  return at ? { clusters, observedAt: at } : { clusters };
}
