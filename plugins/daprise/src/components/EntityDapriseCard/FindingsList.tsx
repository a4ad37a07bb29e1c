import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  SEVERITIES,
  type AppView,
  type Finding,
} from '@daprise/plugin-daprise-common';
import { CardSection } from '../shared/Fields';
import { FindingItem } from '../shared/FindingItem';
import { ToneIcon } from '../shared/status';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
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
            <FindingItem key={`${finding.ruleId}-${index}`} finding={finding} />
          ))}
        </ul>
      )}
    </CardSection>
  );
}
