import type { KindName } from '../kinds';
import { compareVersions } from '../model/appIndex';
import type { AppView } from '../model/appTypes';
import type { FindingDraft, Rule } from './types';
import { documentedRule } from './documentation';

/** The path of a daprd flag in a Dapr Shared workload. */
function daprdFlagField(flag: string): string {
  return `spec.template.spec.containers[name=daprd].args[--${flag}]`;
}

// Dapr supports the current release and the two before it (support-release-policy).
const SUPPORTED_MINORS_BEHIND = 2;

function minorsBehind(
  version: string,
  controlPlane: string,
): number | undefined {
  const [major, minor] = version.split('.').map(Number);
  const [cpMajor, cpMinor] = controlPlane.split('.').map(Number);
  if ([major, minor, cpMajor, cpMinor].some(n => Number.isNaN(n)))
    return undefined;
  if (major !== cpMajor) return major < cpMajor ? Infinity : 0;
  return cpMinor - minor;
}

function observes(view: AppView, ...kinds: KindName[]): boolean {
  return kinds.every(kind => !view.unobservedKinds.includes(kind));
}

/**
 * A Dapr Shared instance with mTLS off, in a cluster whose control plane has mTLS on, talks to
 * other daprds in plain text, or cannot talk to them at all.
 * @public
 */
export const daprSharedMtlsDisabledRule: Rule = {
  ...documentedRule('dapr-shared-mtls-disabled'),
  defaultSeverity: 'high',
  evaluate(view, context) {
    const explicit = context.daprsystemMtls[view.cluster];
    const mtls = context.clusterMtls?.[view.cluster] ?? explicit;
    if (mtls !== true) return [];
    const why =
      explicit === true
        ? "the cluster's daprsystem Configuration enables it"
        : "the cluster enforces it (Dapr's default without a daprsystem Configuration)";
    return view.daprShared
      .filter(instance => !instance.mtls)
      .map(instance => ({
        message: `Dapr Shared ${instance.ref.kind} ${instance.namespace}/${instance.ref.name} runs with mTLS off while ${why}`,
        object: instance.ref,
        field: daprdFlagField('enable-mtls'),
      }));
  },
};

/**
 * Dapr supports the current release and the two before it (support-release-policy), and
 * upgrades the control plane before the daprds: a daprd newer than its cluster's control plane,
 * or more than two minor releases behind it, runs a combination Dapr never tested. Where the
 * control plane's version is not seen the rule says nothing: a daprd that differs from the rest
 * of the fleet is no skew of its own cluster.
 * @public
 */
export const daprdVersionSkewRule: Rule = {
  ...documentedRule('daprd-version-skew'),
  defaultSeverity: 'low',
  evaluate(view, context) {
    const controlPlane = context.controlPlaneVersions?.[view.cluster];
    if (!controlPlane) return [];
    const drafts: FindingDraft[] = [];
    for (const instance of view.daprShared) {
      const version = instance.daprdVersion;
      if (!version) continue;
      const base = {
        object: instance.ref,
        field: 'spec.template.spec.containers[name=daprd].image',
      };
      const behind = minorsBehind(version, controlPlane);
      if (compareVersions(version, controlPlane) > 0) {
        drafts.push({
          ...base,
          message: `Dapr Shared ${instance.namespace}/${instance.ref.name} runs daprd ${version}, newer than the control plane's ${controlPlane}`,
          remediation: `Upgrade the control plane to ${version} first, or set the daprd image tag to ${controlPlane}.`,
        });
      } else if (behind !== undefined && behind > SUPPORTED_MINORS_BEHIND) {
        drafts.push({
          ...base,
          message: `Dapr Shared ${instance.namespace}/${instance.ref.name} runs daprd ${version}, ${behind} minor releases behind the control plane's ${controlPlane} (Dapr supports ${SUPPORTED_MINORS_BEHIND})`,
          remediation: `Set the daprd image tag to ${controlPlane}.`,
        });
      }
    }
    return drafts;
  },
};

/**
 * An app-id known to the portal (catalog, route or scope) with no daprd at all: invocations to it
 * fail and its components load nowhere.
 * @public
 */
export const appWithoutDaprRule: Rule = {
  ...documentedRule('app-without-dapr'),
  defaultSeverity: 'medium',
  evaluate(view) {
    if (
      view.source === 'rendered' ||
      !observes(view, 'Deployment', 'DaemonSet', 'StatefulSet')
    )
      return [];
    if (view.daprShared.length > 0 || view.sidecars.length > 0) return [];
    return [
      {
        message: `No Dapr Shared instance or sidecar runs app-id ${view.appId} in namespace ${view.namespace}`,
      },
    ];
  },
};

/**
 * daprd's HTTP and gRPC APIs (state, secrets, publish, invoke) answer anyone who can reach the
 * pod unless a network policy restricts ingress.
 * @public
 */
export const daprSharedWithoutNetworkPolicyRule: Rule = {
  ...documentedRule('dapr-shared-without-network-policy'),
  defaultSeverity: 'medium',
  evaluate(view) {
    if (
      !observes(view, 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy')
    )
      return [];
    return view.daprShared
      .filter(
        instance =>
          !view.policies.some(
            p =>
              p.ingress &&
              p.selects.some(
                r =>
                  r.kind === instance.ref.kind &&
                  r.namespace === instance.ref.namespace &&
                  r.name === instance.ref.name,
              ),
          ),
      )
      .map(instance => ({
        message: `No network policy restricts ingress to Dapr Shared ${instance.namespace}/${instance.ref.name}`,
        object: instance.ref,
      }));
  },
};
