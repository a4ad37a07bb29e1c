// Checks of Dapr objects. Components, Subscriptions, Resiliencies and HTTPEndpoints are judged
// as objects, whether or not an app has them in scope; Dapr Shared instances and sidecar apps
// always belong to an app view, so their checks are app checks (they count in the app's score).
import {
  componentType,
  componentTypeVersions,
  deprecatedMetadataNames,
  requiredMetadataNames,
} from '../../componentTypes';
import { isInScope } from '../../model/components';
import { daprServiceName, serviceOfAddress } from '../../model/daprShared';
import { matchesServiceSelector } from '../../model/selectors';
import { localAppKey } from '../../model/snapshot';
import type { GroupedCluster } from '../../model/snapshotTypes';
import { refOf } from '../../refs';
import type { FindingDraft, Rule } from '../types';
import { absenceKnown } from './common';

const DAPR_DOCS = 'https://docs.dapr.io';

function runsIn(cluster: GroupedCluster, namespace: string, appId: string) {
  return cluster.apps.has(localAppKey(namespace, appId));
}

/** Components by `namespace/name`, built once per check instead of a scan per reference. */
function componentsByName(cluster: GroupedCluster) {
  return new Map(
    (cluster.objects.Component ?? []).map(c => [`${c.namespace}/${c.name}`, c]),
  );
}

function appsKnown(cluster: GroupedCluster): boolean {
  return absenceKnown(cluster, 'Deployment', 'DaemonSet', 'StatefulSet');
}

/**
 * A Component, Subscription, Resiliency, HTTPEndpoint, MCPServer or WorkflowAccessPolicy scoped
 * only to app-ids that run nowhere in its namespace: it applies to no app (a typo, or a
 * leftover) (KIA0101).
 * @public
 */
export const scopesNameNoRunningAppRule: Rule = {
  id: 'scopes-name-no-running-app',
  defaultSeverity: 'low',
  title: 'Scoped only to app-ids that run nowhere',
  kinds: ['Component', 'Subscription', 'Resiliency', 'HTTPEndpoint'],
  rationale:
    'An object scoped to app-ids that run nowhere applies to no app: the app that needed it runs without it, usually because of a misspelt app-id.',
  description:
    'A Dapr Component, Subscription, Resiliency, HTTPEndpoint, MCPServer or WorkflowAccessPolicy lists scopes, but none of those app-ids runs in its namespace (no Dapr Shared instance, no sidecar): it applies to no app, often because an app-id is misspelt or the app moved.',
  remediation:
    'Fix the app-ids under `scopes` (top level of the object), or delete the object if no app needs it.',
  anchor: `${DAPR_DOCS}/operations/components/component-scopes/`,
  kiali: 'KIA0101',
  check(cluster) {
    if (!appsKnown(cluster)) return [];
    const drafts: FindingDraft[] = [];
    const objects = [
      ...(cluster.objects.Component ?? []),
      ...(cluster.objects.Subscription ?? []),
      ...(cluster.objects.Resiliency ?? []),
      ...(cluster.objects.HTTPEndpoint ?? []),
      ...(cluster.objects.MCPServer ?? []),
      ...(cluster.objects.WorkflowAccessPolicy ?? []),
    ];
    for (const object of objects) {
      if (object.scopes.length === 0) continue;
      if (object.scopes.some(id => runsIn(cluster, object.namespace, id)))
        continue;
      drafts.push({
        message: `${object.kind} ${object.namespace}/${
          object.name
        } is scoped to ${object.scopes.join(
          ', ',
        )}, none of which runs in namespace ${object.namespace}`,
        object: refOf(cluster.name, object),
        field: 'scopes',
      });
    }
    return drafts;
  },
};

/**
 * A Component whose type or version components-contrib does not describe: daprd fails to
 * load it (or it is a pluggable component, which Daprise cannot judge).
 * @public
 */
export const componentTypeUnknownRule: Rule = {
  id: 'component-type-unknown',
  defaultSeverity: 'high',
  title: 'Component type or version unknown',
  kinds: ['Component'],
  rationale:
    'daprd fails to initialise a component of an unknown type or version: the app starts without it (or does not start, when the component is required).',
  description:
    "A Dapr Component's `spec.type` or `spec.version` is not one components-contrib describes: daprd fails to initialise it unless it is a pluggable component.",
  remediation:
    'Use a type and version from the Dapr component reference (e.g. `state.redis`, `v1`).',
  anchor: `${DAPR_DOCS}/reference/components-reference/`,
  check(cluster) {
    const drafts: FindingDraft[] = [];
    for (const component of cluster.objects.Component ?? []) {
      if (componentType(component.type, component.version)) continue;
      const versions = componentTypeVersions(component.type);
      const object = refOf(cluster.name, component);
      const name = `Component ${component.namespace}/${component.name}`;
      drafts.push(
        versions.length === 0
          ? {
              message: `${name}: type ${component.type} is unknown to components-contrib`,
              object,
              field: 'spec.type',
            }
          : {
              message: `${name}: ${component.type} has no version ${
                component.version || '(none)'
              } (known: ${versions.join(', ')})`,
              object,
              field: 'spec.version',
              remediation: `Set spec.version of ${name} to ${versions.join(
                ' or ',
              )}.`,
            },
      );
    }
    return drafts;
  },
};

/**
 * A Component missing metadata its type requires whatever its authentication profile.
 * @public
 */
export const componentMetadataRequiredRule: Rule = {
  id: 'component-metadata-required',
  defaultSeverity: 'high',
  title: 'Required component metadata missing',
  kinds: ['Component'],
  rationale:
    'daprd fails to initialise a component without its required metadata: the building block it provides is unavailable to the app.',
  description:
    "A Dapr Component does not set a metadata field its type requires (per components-contrib's metadata.yaml): daprd fails to initialise it.",
  remediation:
    'Add the field under `spec.metadata` (from a secret store with `secretKeyRef` when it is sensitive).',
  anchor: `${DAPR_DOCS}/reference/components-reference/`,
  check(cluster) {
    const drafts: FindingDraft[] = [];
    for (const component of cluster.objects.Component ?? []) {
      const required = requiredMetadataNames(component.type, component.version);
      if (!required) continue;
      const set = new Set(component.metadata.map(m => m.name));
      for (const name of required) {
        if (set.has(name)) continue;
        drafts.push({
          message: `Component ${component.namespace}/${component.name} (${component.type}) does not set required metadata ${name}`,
          object: refOf(cluster.name, component),
          field: `spec.metadata[name=${name}]`,
          remediation: `Add ${name} to spec.metadata of Component ${component.namespace}/${component.name}.`,
        });
      }
    }
    return drafts;
  },
};

/**
 * A Component using metadata its type deprecates.
 * @public
 */
export const componentMetadataDeprecatedRule: Rule = {
  id: 'component-metadata-deprecated',
  defaultSeverity: 'low',
  title: 'Deprecated component metadata',
  kinds: ['Component'],
  rationale:
    'Deprecated fields are removed in later Dapr releases: the component breaks on upgrade if they are not replaced first.',
  description:
    'A Dapr Component sets a metadata field that components-contrib marks deprecated: it still works, but a later Dapr release may drop it.',
  remediation:
    "Replace the field with the one the component's reference page names.",
  anchor: `${DAPR_DOCS}/reference/components-reference/`,
  check(cluster) {
    const drafts: FindingDraft[] = [];
    for (const component of cluster.objects.Component ?? []) {
      const deprecated = deprecatedMetadataNames(
        component.type,
        component.version,
      );
      if (!deprecated) continue;
      for (const item of component.metadata) {
        if (!deprecated.has(item.name)) continue;
        drafts.push({
          message: `Component ${component.namespace}/${component.name} (${component.type}) uses deprecated metadata ${item.name}`,
          object: refOf(cluster.name, component),
          field: `spec.metadata[name=${item.name}]`,
        });
      }
    }
    return drafts;
  },
};

/**
 * A Component of a type components-contrib rates alpha (or development-only): not for
 * production. Disable the rule, or lower its severity, where that is accepted.
 * @public
 */
export const componentTypeAlphaRule: Rule = {
  id: 'component-type-alpha',
  defaultSeverity: 'low',
  title: 'Component type of alpha status',
  kinds: ['Component'],
  rationale:
    'Alpha components may change incompatibly between releases or lose data, and Dapr does not support them for production.',
  description:
    'A Dapr Component uses a type that components-contrib rates alpha or development-only: it may change incompatibly or lose data, and Dapr does not recommend it for production.',
  remediation:
    'Use a stable (or beta) component type for the same building block, or accept the risk by disabling the rule (`daprise.rules.component-type-alpha.enabled: false`).',
  anchor: `${DAPR_DOCS}/operations/components/certification-lifecycle/`,
  check(cluster) {
    const drafts: FindingDraft[] = [];
    for (const component of cluster.objects.Component ?? []) {
      const info = componentType(component.type, component.version);
      if (
        !info ||
        (info.status !== 'alpha' && info.status !== 'development-only')
      )
        continue;
      drafts.push({
        message: `Component ${component.namespace}/${component.name}: ${component.type} ${component.version} is ${info.status}`,
        object: refOf(cluster.name, component),
        field: 'spec.type',
      });
    }
    return drafts;
  },
};

/**
 * A Subscription whose pubsub Component is missing, or not in scope of an app the
 * Subscription applies to: daprd never subscribes that app.
 * @public
 */
export const subscriptionPubsubOutOfScopeRule: Rule = {
  id: 'subscription-pubsub-out-of-scope',
  defaultSeverity: 'high',
  title: "Subscription's pubsub not in the app's scope",
  kinds: ['Subscription'],
  rationale:
    "The app's daprd never loads the pubsub, so the subscription is silently inactive and the app never receives the topic's messages.",
  description:
    "A Dapr Subscription names a pubsub Component that does not exist in its namespace, or that is not in scope of an app the Subscription applies to: that app's daprd does not load the pubsub, so it never receives the topic's messages.",
  remediation:
    "Add the app-id to the pubsub Component's scopes, or fix `spec.pubsubname` to a Component the app may load.",
  anchor: `${DAPR_DOCS}/developing-applications/building-blocks/pubsub/subscription-methods/`,
  check(cluster) {
    if (!absenceKnown(cluster, 'Component')) return [];
    const drafts: FindingDraft[] = [];
    const components = componentsByName(cluster);
    for (const subscription of cluster.objects.Subscription ?? []) {
      const object = refOf(cluster.name, subscription);
      const name = `Subscription ${subscription.namespace}/${subscription.name}`;
      const pubsub = components.get(
        `${subscription.namespace}/${subscription.pubsubname}`,
      );
      if (!pubsub) {
        drafts.push({
          message: `${name}: pubsub Component ${subscription.pubsubname} does not exist in namespace ${subscription.namespace}`,
          object,
          field: 'spec.pubsubname',
        });
        continue;
      }
      const apps =
        subscription.scopes.length > 0
          ? subscription.scopes.filter(id =>
              runsIn(cluster, subscription.namespace, id),
            )
          : [...cluster.apps.values()]
              .filter(m => m.namespace === subscription.namespace)
              .map(m => m.appId);
      for (const appId of apps) {
        if (isInScope(pubsub.scopes, appId)) continue;
        drafts.push({
          message: `${name}: pubsub Component ${pubsub.name} is not in scope of app-id ${appId}`,
          object,
          field: 'spec.pubsubname',
          appId,
          relatedObjects: [refOf(cluster.name, pubsub)],
          remediation: `Add ${appId} to the scopes of Component ${pubsub.namespace}/${pubsub.name}.`,
        });
      }
    }
    return drafts;
  },
};

/**
 * A Resiliency whose targets name app-ids that run nowhere in the cluster or Components not in
 * its namespace: its policies protect nothing there.
 * @public
 */
export const resiliencyTargetUnknownRule: Rule = {
  id: 'resiliency-target-unknown',
  defaultSeverity: 'medium',
  title: 'Resiliency target unknown',
  kinds: ['Resiliency'],
  rationale:
    'Timeouts, retries and circuit breakers aimed at a name that does not exist protect nothing: the calls they were meant for run with defaults.',
  description:
    'A Dapr Resiliency targets an app-id that runs nowhere in the cluster, or a Component that does not exist in its namespace: the timeouts, retries and circuit breakers meant for it apply to nothing.',
  remediation:
    'Fix the name under `spec.targets.apps` or `spec.targets.components`, or remove the target.',
  anchor: `${DAPR_DOCS}/operations/resiliency/targets/`,
  check(cluster) {
    const drafts: FindingDraft[] = [];
    const appIds = new Set([...cluster.apps.values()].map(m => m.appId));
    const checkApps = appsKnown(cluster);
    const checkComponents = absenceKnown(cluster, 'Component');
    const components = componentsByName(cluster);
    for (const resiliency of cluster.objects.Resiliency ?? []) {
      const object = refOf(cluster.name, resiliency);
      const name = `Resiliency ${resiliency.namespace}/${resiliency.name}`;
      if (checkApps) {
        for (const appId of resiliency.targets.apps) {
          if (appIds.has(appId)) continue;
          drafts.push({
            message: `${name} targets app-id ${appId}, which runs nowhere in the cluster`,
            object,
            field: `spec.targets.apps.${appId}`,
            appId,
          });
        }
      }
      if (checkComponents) {
        for (const component of resiliency.targets.components) {
          const exists = components.has(`${resiliency.namespace}/${component}`);
          if (exists) continue;
          drafts.push({
            message: `${name} targets Component ${component}, which does not exist in namespace ${resiliency.namespace}`,
            object,
            field: `spec.targets.components.${component}`,
          });
        }
      }
    }
    return drafts;
  },
};

/**
 * An app whose daprd names a Configuration (`--config`, `dapr.io/config`) that does not exist
 * in its namespace: daprd fails to start, or runs without the settings meant for it.
 * @public
 */
export const configurationMissingRule: Rule = {
  id: 'configuration-missing',
  defaultSeverity: 'high',
  title: 'Configuration named by an app does not exist',
  kinds: ['Deployment', 'DaemonSet', 'StatefulSet'],
  rationale:
    'daprd does not start, or starts without the tracing, access control and features the Configuration was meant to set.',
  description:
    "An app's daprd names a Dapr Configuration (`--config` of a Dapr Shared instance, `dapr.io/config` of a sidecar app) that does not exist in the app's namespace.",
  remediation:
    'Create the Configuration in the namespace, or fix the name (chart value `shared.config`, annotation `dapr.io/config`).',
  anchor: `${DAPR_DOCS}/operations/configuration/configuration-overview/`,
  evaluate(view) {
    if (
      view.source === 'rendered' ||
      view.unobservedKinds.includes('Configuration')
    )
      return [];
    const names = new Set(view.configurations.map(c => c.name));
    const drafts: FindingDraft[] = [];
    for (const instance of view.daprShared) {
      if (!instance.config || names.has(instance.config)) continue;
      drafts.push({
        message: `Dapr Shared ${instance.namespace}/${instance.ref.name} names Configuration ${instance.config}, which does not exist in namespace ${instance.namespace}`,
        object: instance.ref,
        field: 'spec.template.spec.containers[name=daprd].args[--config]',
      });
    }
    for (const sidecar of view.sidecars) {
      if (!sidecar.config || names.has(sidecar.config)) continue;
      drafts.push({
        message: `${sidecar.ref.kind} ${sidecar.namespace}/${sidecar.ref.name} names Configuration ${sidecar.config}, which does not exist in namespace ${sidecar.namespace}`,
        object: sidecar.ref,
        field: 'spec.template.metadata.annotations[dapr.io/config]',
      });
    }
    return drafts;
  },
};

function* daprSharedOf(cluster: GroupedCluster) {
  for (const members of cluster.apps.values())
    for (const instance of members.daprShared) yield instance;
}

/**
 * A Dapr Shared instance whose `--app-channel-address` names a Service (or app port) that does
 * not exist: daprd cannot reach the app, so every invocation of it fails.
 * @public
 */
export const daprSharedAppChannelMissingRule: Rule = {
  id: 'dapr-shared-app-channel-missing',
  defaultSeverity: 'high',
  title: "Dapr Shared's app channel leads nowhere",
  kinds: ['Deployment', 'DaemonSet'],
  rationale:
    'A Dapr Shared instance that cannot reach its app fails every invocation and message delivery to it.',
  description:
    "A Dapr Shared instance's `--app-channel-address` names a Service that does not exist, or its `--app-port` is not a port of that Service: daprd cannot reach the app, so invocations and deliveries to it fail.",
  remediation:
    'Set `shared.remoteURL` (and `shared.remotePort`) to the Service and port of the app.',
  anchor: 'https://github.com/dapr/dapr-shared#readme',
  check(cluster) {
    if (!absenceKnown(cluster, 'Service')) return [];
    const drafts: FindingDraft[] = [];
    for (const instance of daprSharedOf(cluster)) {
      if (!instance.appChannelAddress) continue;
      const target = serviceOfAddress(
        instance.appChannelAddress,
        instance.namespace,
      );
      if (!target) continue;
      const name = `Dapr Shared ${instance.namespace}/${instance.ref.name}`;
      const service = cluster.namespaces
        .get(target.namespace)
        ?.services.get(target.name);
      if (!service) {
        drafts.push({
          message: `${name}: app channel address ${instance.appChannelAddress} names Service ${target.namespace}/${target.name}, which does not exist`,
          object: instance.ref,
          appId: instance.appId,
          field:
            'spec.template.spec.containers[name=daprd].args[--app-channel-address]',
        });
      } else if (
        instance.appPort !== undefined &&
        !service.ports.some(p => p.port === instance.appPort)
      ) {
        drafts.push({
          message: `${name}: Service ${target.namespace}/${target.name} has no port ${instance.appPort} (--app-port)`,
          object: instance.ref,
          appId: instance.appId,
          field: 'spec.template.spec.containers[name=daprd].args[--app-port]',
          relatedObjects: [refOf(cluster.name, service)],
        });
      }
    }
    return drafts;
  },
};

/**
 * A Dapr Shared instance without its `<app-id>-dapr` Service, or with one that does not select
 * its pods: Dapr's name resolution dials that Service, so no other daprd can invoke the app.
 * @public
 */
export const daprSharedServiceRule: Rule = {
  id: 'dapr-shared-service-missing',
  defaultSeverity: 'high',
  title: 'Dapr Shared without its -dapr Service',
  kinds: ['Deployment', 'DaemonSet', 'Service'],
  rationale:
    "Dapr's Kubernetes name resolution dials `<app-id>-dapr`: without that Service (or with one that selects other pods) nothing can invoke the app through Dapr.",
  description:
    "A Dapr Shared instance has no `<app-id>-dapr` Service in its namespace, or that Service's selector does not select the instance's pods: Dapr's Kubernetes name resolution dials `<app-id>-dapr`, so invocations of the app from other daprds (and routes to its Dapr API) fail.",
  remediation:
    "Create the Service `<app-id>-dapr` (the chart does) with a selector matching the Dapr Shared pods' labels and ports 3500, 50001, 50002.",
  anchor: `${DAPR_DOCS}/reference/components-reference/supported-name-resolution/nr-kubernetes/`,
  check(cluster) {
    if (!absenceKnown(cluster, 'Service')) return [];
    const drafts: FindingDraft[] = [];
    for (const instance of daprSharedOf(cluster)) {
      const serviceName = daprServiceName(instance.appId);
      const service = cluster.namespaces
        .get(instance.namespace)
        ?.services.get(serviceName);
      const name = `Dapr Shared ${instance.namespace}/${instance.ref.name}`;
      if (!service) {
        drafts.push({
          message: `${name}: Service ${instance.namespace}/${serviceName} does not exist`,
          object: instance.ref,
          appId: instance.appId,
        });
      } else if (
        !matchesServiceSelector(service.selector, instance.podLabels)
      ) {
        drafts.push({
          message: `${name}: Service ${instance.namespace}/${serviceName} does not select its pods`,
          object: refOf(cluster.name, service),
          field: 'spec.selector',
          appId: instance.appId,
          relatedObjects: [instance.ref],
        });
      }
    }
    return drafts;
  },
};

/**
 * A Dapr Shared Deployment with a single replica: every app it serves is down while that pod
 * restarts or is evicted.
 * @public
 */
export const daprSharedSingleReplicaRule: Rule = {
  id: 'dapr-shared-single-replica',
  defaultSeverity: 'medium',
  title: 'Dapr Shared Deployment with one replica',
  kinds: ['Deployment'],
  rationale:
    'With one replica the app loses Dapr (invocation, state, pub/sub) during every restart, eviction or node drain.',
  description:
    "A Dapr Shared instance runs as a Deployment with a single replica (the chart's default for `shared.strategy: deployment`): the app's daprd, and so its invocations, state and pub/sub, are down whenever that pod restarts, is evicted or its node drains.",
  remediation:
    'Set `scheduling.replicaCount` to 2 or more (with a PodDisruptionBudget), or use the DaemonSet strategy.',
  anchor: 'https://github.com/dapr/dapr-shared#readme',
  check(cluster) {
    const drafts: FindingDraft[] = [];
    for (const instance of daprSharedOf(cluster)) {
      if (instance.strategy !== 'deployment' || instance.desired !== 1)
        continue;
      drafts.push({
        message: `Dapr Shared Deployment ${instance.namespace}/${instance.ref.name} runs a single replica`,
        object: instance.ref,
        appId: instance.appId,
        field: 'spec.replicas',
      });
    }
    return drafts;
  },
};
