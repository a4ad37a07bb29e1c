import { useEffect } from 'react';
import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useLocation } from 'react-router-dom';
import type { RuleDescription } from '@daprise/plugin-daprise-common';
import { dapriseApiRef } from '../../api';
import { useLiveResource } from '../../hooks/useLiveResource';
import { rootRouteRef } from '../../routes';
import { Fields } from '../shared/Fields';
import { InlineCode } from '../shared/InlineCode';
import { useRoutePath } from '../shared/RuleLink';
import { SeverityChip } from '../shared/status';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gap: theme.spacing(2),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    alignItems: 'center',
    marginBottom: theme.spacing(1),
  },
  // The rule a finding linked to stands out.
  target: {
    '&:target': { outline: `2px solid ${theme.palette.primary.main}` },
  },
}));

function settingsText(rule: RuleDescription): string {
  const parts = [
    rule.enabled ? 'enabled' : 'disabled',
    rule.severity === rule.defaultSeverity
      ? `severity ${rule.severity}`
      : `severity ${rule.severity} (default ${rule.defaultSeverity})`,
    rule.weight === rule.defaultWeight
      ? `weight ${rule.weight}`
      : `weight ${rule.weight} (default ${rule.defaultWeight})`,
  ];
  if (rule.enabled !== rule.defaultEnabled) parts[0] += ' by configuration';
  return parts.join(' · ');
}

/** One rule: what it checks, why it matters, how to fix it, and what it corresponds to. */
function RuleEntry(props: { rule: RuleDescription }) {
  const { rule } = props;
  const classes = useStyles();
  return (
    <li
      id={rule.id}
      className={classes.target}
      aria-labelledby={`${rule.id}-title`}
    >
      <Card variant="outlined">
        <CardContent>
          <div className={classes.heading}>
            <SeverityChip severity={rule.severity} />
            <Typography variant="h6" component="h3" id={`${rule.id}-title`}>
              {rule.title}
            </Typography>
            <code>{rule.id}</code>
            {rule.kiali && <Chip size="small" label={rule.kiali} />}
            {!rule.enabled && <Chip size="small" label="disabled" />}
          </div>
          <Fields
            fields={[
              ['Checks', <InlineCode text={rule.description} />],
              ['Why it matters', rule.rationale ?? '—'],
              ['How to fix it', <InlineCode text={rule.remediation} />],
              [
                'Judges',
                `${rule.levels.join(' and ')} · ${
                  rule.kinds.join(', ') || 'apps'
                }`,
              ],
              ['Settings', settingsText(rule)],
              [
                'Anchor',
                <>
                  {rule.kiali && `Kiali ${rule.kiali}`}
                  {rule.kiali && rule.docsUrl && ' · '}
                  {rule.docsUrl && <Link to={rule.docsUrl}>documentation</Link>}
                  {!rule.kiali && !rule.docsUrl && '—'}
                </>,
              ],
            ]}
          />
        </CardContent>
      </Card>
    </li>
  );
}

/** The rules, each an entry a finding can link to (`#<rule-id>`). */
export function DapriseRulesContent() {
  const api = useApi(dapriseApiRef);
  const classes = useStyles();
  const { hash } = useLocation();
  const fleetPath = useRoutePath(rootRouteRef);
  const rules = useLiveResource(signal => api.getRules({ signal }), 'rules');
  const loaded = Boolean(rules.value);
  // The entries exist only once loaded: scroll to the one the address names then.
  useEffect(() => {
    if (!loaded || !hash) return;
    document
      .getElementById(decodeURIComponent(hash.slice(1)))
      ?.scrollIntoView?.();
  }, [loaded, hash]);

  if (!rules.value) {
    if (rules.loading) return <Progress />;
    return <ResponseErrorPanel error={rules.error ?? new Error('Unknown')} />;
  }
  return (
    <>
      <ContentHeader
        title="Governance rules"
        description="What each rule checks, why it matters, how to fix what it finds, and the Kiali check it corresponds to"
      >
        {fleetPath && <Link to={fleetPath}>Back to the fleet</Link>}
      </ContentHeader>
      <ul className={classes.list} aria-label="Governance rules">
        {rules.value.items.map(rule => (
          <RuleEntry key={rule.id} rule={rule} />
        ))}
      </ul>
    </>
  );
}

/**
 * The governance rules page: every rule with what it checks, why it matters, how to fix it,
 * its anchors (the Kiali code, the upstream documentation) and its settings.
 * @public
 */
export function DapriseRulesPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Dapr governance rules"
        subtitle="What Daprise judges in the fleet"
      />
      <Content>
        <DapriseRulesContent />
      </Content>
    </Page>
  );
}
