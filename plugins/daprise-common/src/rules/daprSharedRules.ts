import type { KindName } from '../kinds';
import type { AppView } from '../model/appTypes';
import type { FindingDraft, Rule } from './types';

function observes(view: AppView, ...kinds: KindName[]): boolean {
  return kinds.every(kind => !view.unobservedKinds.includes(kind));
}

/**
 * A Dapr Shared instance with mTLS off, in a cluster whose control plane has mTLS on, talks to
 * other daprds in plain text, or cannot talk to them at all.
 * @public
 */
export const daprSharedMtlsDisabledRule: Rule = {
  id: 'dapr-shared-mtls-disabled',
  defaultSeverity: 'high',
  title: 'Dapr Shared without mTLS',
  description:
    "A Dapr Shared instance runs with `--enable-mtls=false` (the chart's default) while the cluster's `daprsystem` Configuration enables mTLS: its service invocation is unencrypted and unauthenticated, or fails against peers that require mTLS.",
  remediation:
    'Set `shared.daprd.mtls.enabled: true` in the chart values (daprd `--enable-mtls=true`).',
  anchor: 'https://docs.dapr.io/operations/security/mtls/',
  evaluate(view, context) {
    if (context.daprsystemMtls[view.cluster] !== true) return [];
    return view.daprShared
      .filter(instance => !instance.mtls)
      .map(instance => ({
        message: `Dapr Shared ${instance.ref.kind} ${instance.namespace}/${instance.ref.name} runs with mTLS off while the cluster's daprsystem Configuration enables it`,
        object: instance.ref,
      }));
  },
};

/**
 * Dapr Shared instances on a daprd version other than the fleet's usual one are upgrade debt and
 * a source of behaviour differences between apps.
 * @public
 */
export const daprdVersionSkewRule: Rule = {
  id: 'daprd-version-skew',
  defaultSeverity: 'low',
  title: 'daprd version differs from the fleet',
  description:
    'A Dapr Shared instance runs a daprd version other than the one most of the fleet runs; Dapr supports the control plane and daprd only within a narrow version window.',
  remediation:
    "Pin the daprd image tag (`shared.daprd.image.tag`) to the fleet's version, or upgrade the fleet.",
  anchor: 'https://docs.dapr.io/operations/support/support-release-policy/',
  evaluate(view, context) {
    const fleetVersion = context.mostCommonDaprdVersion;
    if (!fleetVersion) return [];
    const drafts: FindingDraft[] = [];
    for (const instance of view.daprShared) {
      if (instance.daprdVersion && instance.daprdVersion !== fleetVersion) {
        drafts.push({
          message: `Dapr Shared ${instance.namespace}/${instance.ref.name} runs daprd ${instance.daprdVersion}; most of the fleet runs ${fleetVersion}`,
          object: instance.ref,
          remediation: `Set the daprd image tag to ${fleetVersion}.`,
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
  id: 'app-without-dapr',
  defaultSeverity: 'medium',
  title: 'App-id without Dapr',
  description:
    'An app-id is expected (by a catalog entity or a route) but no Dapr Shared instance and no daprd sidecar runs for it in the namespace.',
  remediation:
    'Install a Dapr Shared instance for the app-id (dapr-shared chart or the Daprise template), or annotate its pods with `dapr.io/enabled: "true"`.',
  anchor:
    'https://docs.dapr.io/operations/hosting/kubernetes/kubernetes-overview/',
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
  id: 'dapr-shared-without-network-policy',
  defaultSeverity: 'medium',
  title: 'Dapr Shared without network policy',
  description:
    'No CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy restricts ingress to the Dapr Shared pods, so any pod in the cluster can call their Dapr APIs (state, secrets, publish, invoke) on ports 3500/50001.',
  remediation:
    "Add a CiliumNetworkPolicy selecting `dapr.io/app-id: <app-id>` that admits only the app's pods (3500/50001) and the calling daprds (50002).",
  anchor: 'https://docs.cilium.io/en/stable/security/policy/intro/',
  kiali: 'KIA1301',
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
