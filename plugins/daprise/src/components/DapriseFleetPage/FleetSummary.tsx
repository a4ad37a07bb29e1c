import type { ReactNode } from 'react';
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

/** One line of a facet: what it counts, its count, and a toggle of the filter it stands for. */
function FacetButton(props: {
  selected: boolean;
  count: number;
  title?: string;
  onClick(): void;
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    <Button
      size="small"
      className={`${classes.button} ${props.selected ? classes.selected : ''}`}
      aria-pressed={props.selected}
      title={props.title}
      onClick={props.onClick}
    >
      <span className={classes.label}>{props.children}</span>
      <span className={classes.count}>{props.count}</span>
    </Button>
  );
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
            {SEVERITIES.map((severity: Severity) => (
              <li key={severity}>
                <FacetButton
                  selected={query.severity?.includes(severity) ?? false}
                  count={summary.bySeverity[severity] ?? 0}
                  onClick={() =>
                    onChange({ severity: toggle(query.severity, severity) })
                  }
                >
                  <ToneIcon tone={severityTone(severity)} />
                  {severity}
                </FacetButton>
              </li>
            ))}
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
              {summary.byRule.map(rule => (
                <li key={rule.ruleId}>
                  <FacetButton
                    selected={query.rule?.includes(rule.ruleId) ?? false}
                    count={rule.count}
                    title={rule.ruleId}
                    onClick={() =>
                      onChange({ rule: toggle(query.rule, rule.ruleId) })
                    }
                  >
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
                  </FacetButton>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </InfoCard>
  );
}
