import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SEVERITIES, type Severity } from '@daprise/plugin-daprise-common';
import type { FleetPage, FleetQuery } from '../../api';
import { severityTone, ToneIcon } from '../shared/status';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: theme.spacing(0, 0, 2),
    padding: 0,
  },
  button: {
    width: '100%',
    justifyContent: 'space-between',
    textTransform: 'none',
    textAlign: 'left',
    gap: theme.spacing(1),
  },
  selected: {
    backgroundColor: theme.palette.action.selected,
  },
  label: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    flex: 1,
  },
  count: {
    fontVariantNumeric: 'tabular-nums',
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

function toggle<T>(values: T[] | undefined, value: T): T[] {
  const current = values ?? [];
  return current.includes(value)
    ? current.filter(v => v !== value)
    : [...current, value];
}

/**
 * Counts of the filtered fleet's findings by severity and by rule. Each line is a toggle
 * button that adds its severity or rule to the filters (or takes it out again).
 */
export function FleetSummary(props: {
  summary?: FleetPage['summary'];
  query: FleetQuery;
  onChange(patch: Pick<FleetQuery, 'severity' | 'rule'>): void;
}) {
  const { summary, query, onChange } = props;
  const classes = useStyles();
  return (
    <InfoCard title="Findings" titleTypographyProps={{ component: 'h2' }}>
      {!summary ? (
        <Typography variant="body2" color="textSecondary">
          Loading…
        </Typography>
      ) : (
        <>
          <Typography variant="body2" gutterBottom>
            {summary.apps} {summary.apps === 1 ? 'app matches' : 'apps match'}{' '}
            the filters.
          </Typography>
          <Typography
            variant="subtitle2"
            component="h3"
            id="daprise-by-severity"
          >
            By severity
          </Typography>
          <ul className={classes.list} aria-labelledby="daprise-by-severity">
            {SEVERITIES.map((severity: Severity) => {
              const selected = query.severity?.includes(severity) ?? false;
              return (
                <li key={severity}>
                  <Button
                    size="small"
                    className={`${classes.button} ${
                      selected ? classes.selected : ''
                    }`}
                    aria-pressed={selected}
                    onClick={() =>
                      onChange({ severity: toggle(query.severity, severity) })
                    }
                  >
                    <span className={classes.label}>
                      <ToneIcon tone={severityTone(severity)} />
                      {severity}
                    </span>
                    <span className={classes.count}>
                      {summary.bySeverity[severity] ?? 0}
                    </span>
                  </Button>
                </li>
              );
            })}
          </ul>
          <Typography variant="subtitle2" component="h3" id="daprise-by-rule">
            By rule
          </Typography>
          {summary.byRule.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No rule has findings.
            </Typography>
          ) : (
            <ul className={classes.list} aria-labelledby="daprise-by-rule">
              {summary.byRule.map(rule => {
                const selected = query.rule?.includes(rule.ruleId) ?? false;
                return (
                  <li key={rule.ruleId}>
                    <Button
                      size="small"
                      className={`${classes.button} ${
                        selected ? classes.selected : ''
                      }`}
                      aria-pressed={selected}
                      title={rule.ruleId}
                      onClick={() =>
                        onChange({ rule: toggle(query.rule, rule.ruleId) })
                      }
                    >
                      <span className={classes.label}>
                        <ToneIcon tone={severityTone(rule.severity)} />
                        <span>
                          {rule.title}{' '}
                          <Typography
                            variant="caption"
                            color="textSecondary"
                            component="span"
                          >
                            ({rule.severity})
                          </Typography>
                        </span>
                      </span>
                      <span className={classes.count}>{rule.count}</span>
                    </Button>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </InfoCard>
  );
}
