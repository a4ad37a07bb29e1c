import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { AppView } from '@daprise/plugin-daprise-common';
import { objectName } from '../EntityDapriseCard/DaprRuntimeDetails';
import { CardSection } from '../shared/Fields';
import { ToneChip } from '../shared/status';

/** The CiliumNetworkPolicies that select the app's pods or its Dapr Shared's, and how. */
export function PoliciesTable(props: { app: AppView }) {
  const { app } = props;
  return (
    <CardSection
      id={`daprise-policies-${app.key}`}
      heading={`Network policies (${app.policies.length})`}
    >
      {app.policies.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No CiliumNetworkPolicy selects the pods of app-id {app.appId}: Cilium
          lets every peer in.
        </Typography>
      ) : (
        <Table size="small" aria-label={`Network policies of ${app.appId}`}>
          <TableHead>
            <TableRow>
              <TableCell>Policy</TableCell>
              <TableCell>Selects</TableCell>
              <TableCell>Rules</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {app.policies.map(policy => (
              <TableRow key={`${policy.ref.kind}/${objectName(policy.ref)}`}>
                <TableCell>
                  {policy.ref.kind} {objectName(policy.ref)}
                </TableCell>
                <TableCell>
                  {policy.selects.map(ref => (
                    <div key={objectName(ref)}>{objectName(ref)}</div>
                  ))}
                </TableCell>
                <TableCell>
                  {policy.ingress && <ToneChip tone="ok" label="ingress" />}{' '}
                  {policy.egress && <ToneChip tone="ok" label="egress" />}{' '}
                  {policy.l7 && (
                    <ToneChip
                      tone="ok"
                      label="L7 HTTP"
                      title="At least one rule restricts HTTP methods or paths"
                    />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </CardSection>
  );
}
