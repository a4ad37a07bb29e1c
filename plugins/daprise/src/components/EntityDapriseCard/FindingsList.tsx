import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  SEVERITIES,
  type AppView,
  type Finding,
} from '@daprise/plugin-daprise-common';
import { objectName } from './DaprRuntimeDetails';
import { CardSection } from '../shared/Fields';
import { InlineCode } from '../shared/InlineCode';
import { SeverityChip, ToneIcon } from '../shared/status';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  finding: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  none: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

/** Findings from the worst severity to the mildest, then by rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

/** What the governance rules found about the app, each with how to fix it. */
export function FindingsList(props: { app: AppView }) {
  const { app } = props;
  const classes = useStyles();
  return (
    <CardSection
      id={`daprise-findings-${app.key}`}
      heading={`Findings (${app.findings.length}) · score ${app.score}`}
    >
      {app.findings.length === 0 ? (
        <Typography variant="body2" className={classes.none}>
          <ToneIcon tone="ok" /> Every governance rule passes.
        </Typography>
      ) : (
        <ul className={classes.list}>
          {sortFindings(app.findings).map((finding, index) => (
            <li key={`${finding.ruleId}-${index}`} className={classes.finding}>
              <SeverityChip severity={finding.severity} />
              <div>
                <Typography variant="body2">
                  <InlineCode text={finding.message} />
                </Typography>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="p"
                >
                  {finding.ruleId}
                  {finding.object &&
                    ` · ${finding.object.kind} ${objectName(finding.object)}`}
                </Typography>
                <Typography variant="body2" component="p">
                  <strong>Fix:</strong>{' '}
                  <InlineCode text={finding.remediation} />
                </Typography>
              </div>
            </li>
          ))}
        </ul>
      )}
    </CardSection>
  );
}
