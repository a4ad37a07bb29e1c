import type { Finding, FleetContext } from '@daprise/plugin-daprise-common';
import type { ValidationError } from '../validation';
import {
  KubernetesConnection,
  KubernetesError,
} from '@daprise/plugin-daprise-node';

/**
 * The form field a built-in rule's finding is about, so the message points at what to change.
 * Rules from elsewhere (extra rules of the backend) have no field; their findings name the rule.
 */
const RULE_FIELDS: Record<string, string> = {
  'dapr-shared-without-network-policy': 'networkPolicy',
  'dapr-shared-mtls-disabled': 'daprShared.mtls',
  'daprd-version-skew': 'daprShared.daprdVersion',
  'route-without-hostname': 'hostnames',
  'route-bypasses-dapr-shared': 'gateway',
  'route-not-accepted': 'gateway',
  'component-unscoped': 'components',
  'component-plaintext-secret': 'components',
  'app-without-dapr': 'daprShared',
};

/**
 * Lists every problem of an input as `field: message (rule) — fix`, one per line.
 */
export function formatValidationErrors(errors: ValidationError[]): string {
  return errors
    .map(
      e =>
        `- ${e.field}: ${e.message} (${e.rule})${e.fix ? ` — ${e.fix}` : ''}`,
    )
    .join('\n');
}

function findingToError(finding: Finding): ValidationError {
  return {
    field: RULE_FIELDS[finding.ruleId] ?? '(governance)',
    rule: `governance rule ${finding.ruleId}, severity ${finding.severity}`,
    message: finding.message,
    fix: `${finding.remediation} (or disable the rule for the whole portal: daprise.rules.${finding.ruleId}.enabled: false)`,
  };
}

/**
 * What the target cluster tells about the fleet that rules judge against: whether the Dapr
 * control plane enforces mTLS (`dapr-system/daprsystem`). Best effort: a cluster without Dapr's
 * CRDs, or an identity that may not read Configurations, gives no context (the rules then judge
 * the render on its own, as the backend does for a cluster it cannot read).
 */
export async function readFleetContext(
  client: KubernetesConnection,
  clusterName: string,
): Promise<Partial<FleetContext>> {
  try {
    const daprsystem = await client.get({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Configuration',
      namespace: 'dapr-system',
      name: 'daprsystem',
    });
    const enabled = (daprsystem?.spec as any)?.mtls?.enabled;
    if (typeof enabled !== 'boolean') return {};
    return { daprsystemMtls: { [clusterName]: enabled } };
  } catch (e) {
    // An answer (forbidden, not installed): no fleet context. No answer: the caller's problem.
    if (e instanceof KubernetesError && e.statusCode > 0) return {};
    throw e;
  }
}

/**
 * The findings of the portal's enabled governance rules on a rendered service, each a reason to
 * refuse it, as validation errors naming the rule and the form field to change.
 */
export function findingErrors(findings: readonly Finding[]): ValidationError[] {
  return findings.map(findingToError);
}
