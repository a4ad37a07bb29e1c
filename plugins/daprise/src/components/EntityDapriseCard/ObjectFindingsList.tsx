import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { FindingRow } from '@daprise/plugin-daprise-common';
import { CardSection } from '../shared/Fields';
import { FindingItem } from '../shared/FindingItem';
import { ToneIcon } from '../shared/status';
import { sortFindings } from './FindingsList';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  none: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
}));

/**
 * What the object checks found about the objects of the card's view (its Dapr Shared
 * instances, components, routes, policies...): the same findings the fleet page lists, here
 * for the objects this entity's apps use.
 */
export function ObjectFindingsList(props: { findings: FindingRow[] }) {
  const classes = useStyles();
  const { findings } = props;
  return (
    <div className={classes.section}>
      <CardSection
        id="daprise-object-findings"
        heading={`Object findings (${findings.length})`}
      >
        {findings.length === 0 ? (
          <Typography variant="body2" className={classes.none}>
            <ToneIcon tone="ok" /> Every object of this view passes the object
            checks.
          </Typography>
        ) : (
          <ul className={classes.list}>
            {sortFindings(findings).map((finding, index) => (
              <FindingItem
                key={`${finding.ruleId}-${index}`}
                finding={finding}
              />
            ))}
          </ul>
        )}
      </CardSection>
    </div>
  );
}
