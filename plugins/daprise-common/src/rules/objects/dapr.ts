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
import { localAppKey, runningAppIds } from '../../model/snapshot';
import type { GroupedCluster } from '../../model/snapshotTypes';
import { refOf } from '../../refs';
import type { FindingDraft, Rule } from '../types';
import { absenceKnown } from './common';
import { documentedRule } from '../documentation';

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
  ...documentedRule('scopes-name-no-running-app'),
  defaultSeverity: 'low',
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
  ...documentedRule('component-type-unknown'),
  defaultSeverity: 'high',
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
  ...documentedRule('component-metadata-required'),
  defaultSeverity: 'high',
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
  ...documentedRule('component-metadata-deprecated'),
  defaultSeverity: 'low',
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
  ...documentedRule('component-type-alpha'),
  defaultSeverity: 'low',
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
  ...documentedRule('subscription-pubsub-out-of-scope'),
  defaultSeverity: 'high',
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
  ...documentedRule('resiliency-target-unknown'),
  defaultSeverity: 'medium',
  check(cluster) {
    const drafts: FindingDraft[] = [];
    const appIds = runningAppIds(cluster);
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
  ...documentedRule('configuration-missing'),
  defaultSeverity: 'high',
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
  ...documentedRule('dapr-shared-app-channel-missing'),
  defaultSeverity: 'high',
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
  ...documentedRule('dapr-shared-service-missing'),
  defaultSeverity: 'high',
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
  ...documentedRule('dapr-shared-single-replica'),
  defaultSeverity: 'medium',
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
