import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Finding } from '@daprise/plugin-daprise-common';
import { objectName } from '../EntityDapriseCard/DaprRuntimeDetails';
import { InlineCode } from './InlineCode';
import { RuleLink } from './RuleLink';
import { SeverityChip } from './status';

const useStyles = makeStyles(theme => ({
  finding: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
}));

/**
 * One finding as a list item: severity, message, its rule (linked to the rules page), the
 * object and field it is about, and how to fix it.
 */
export function FindingItem(props: { finding: Finding }) {
  const { finding } = props;
  const classes = useStyles();
  return (
    <li className={classes.finding}>
      <SeverityChip severity={finding.severity} />
      <div>
        <Typography variant="body2">
          <InlineCode text={finding.message} />
        </Typography>
        <Typography variant="caption" color="textSecondary" component="p">
          <RuleLink ruleId={finding.ruleId} />
          {finding.object &&
            ` · ${finding.object.kind} ${objectName(finding.object)}`}
          {finding.field && ` · ${finding.field}`}
        </Typography>
        <Typography variant="body2" component="p">
          <strong>Fix:</strong> <InlineCode text={finding.remediation} />
        </Typography>
      </div>
    </li>
  );
}
