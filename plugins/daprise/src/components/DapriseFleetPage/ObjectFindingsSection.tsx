import { Fragment, useState } from 'react';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  SEVERITIES,
  type FindingRow,
  type KindName,
  type Severity,
} from '@daprise/plugin-daprise-common';
import {
  dapriseApiRef,
  findingsFiltersOf,
  findingsQueryToSearchParams,
  type FindingsQuery,
} from '../../api';
import { useLiveResource } from '../../hooks/useLiveResource';
import { objectName } from '../EntityDapriseCard/DaprRuntimeDetails';
import { InlineCode } from '../shared/InlineCode';
import { RuleLink, useRulesPath } from '../shared/RuleLink';
import { SeverityChip } from '../shared/status';
import { CsvExportButton } from './ExportCsvButton';
import { MultiSelectFilter } from './FleetFilters';

/** The file name of the findings' CSV export. */
export const FINDINGS_CSV_FILE_NAME = 'dapr-findings.csv';

const PAGE_SIZE = 25;

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'grid',
    gap: theme.spacing(2),
    gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
    marginBottom: theme.spacing(2),
  },
  actions: {
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'center',
    justifyContent: 'flex-end',
    marginBottom: theme.spacing(2),
  },
  group: {
    backgroundColor: theme.palette.background.default,
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

/** `cluster / namespace` of a finding's object (`cluster` for cluster-scoped objects). */
function groupOf(row: FindingRow): string {
  return row.object?.namespace
    ? `${row.cluster} / ${row.object.namespace}`
    : row.cluster;
}

/** The rows of one page, one group per cluster and namespace, in the page's order. */
function groupRows(rows: FindingRow[]): Array<[string, FindingRow[]]> {
  const groups = new Map<string, FindingRow[]>();
  for (const row of rows) {
    const group = groupOf(row);
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  return [...groups];
}

/**
 * The object checks' findings about objects that belong to no app (a policy that selects
 * nothing, a route to a Gateway that does not exist, a Component scoped to app-ids that run
 * nowhere): no entity card shows them, so the fleet page does, per cluster and namespace.
 * Reloads whenever the fleet's index moves (`indexVersion`).
 */
export function ObjectFindingsSection(props: { indexVersion?: number }) {
  const api = useApi(dapriseApiRef);
  const classes = useStyles();
  const rulesPath = useRulesPath();
  const [query, setQuery] = useState<FindingsQuery>({
    apps: 'none',
    sort: 'cluster',
    limit: PAGE_SIZE,
  });
  const update = (change: Partial<FindingsQuery>) =>
    setQuery(previous => ({ ...previous, ...change, offset: 0 }));
  const params = findingsQueryToSearchParams(query).toString();
  const findings = useLiveResource(
    signal => api.getFindings(query, { signal }),
    `${params}|${props.indexVersion ?? ''}`,
    { keepValueAcrossKeys: true },
  );
  const page = findings.value;
  const filtered = (
    ['cluster', 'namespace', 'kind', 'rule', 'severity'] as const
  ).some(name => (query[name]?.length ?? 0) > 0);
  const ruleTitles = new Map(page?.facets.rules.map(r => [r.id, r.title]));

  return (
    <InfoCard
      title="Findings that belong to no app"
      subheader="Objects the rules judged that no app view holds: no entity card shows them"
      titleTypographyProps={{ component: 'h2' }}
    >
      <div className={classes.actions}>
        {rulesPath && <Link to={rulesPath}>About the rules</Link>}
        <CsvExportButton
          load={() => api.getFindingsCsv(findingsFiltersOf(query))}
          fileName={FINDINGS_CSV_FILE_NAME}
          what="the findings"
          label="Export findings CSV"
        />
      </div>
      <div
        className={classes.filters}
        role="search"
        aria-label="Filter the findings that belong to no app"
      >
        <MultiSelectFilter
          label="Finding severity"
          options={SEVERITIES}
          value={query.severity}
          onChange={(severity: Severity[]) => update({ severity })}
        />
        <MultiSelectFilter
          label="Finding rule"
          options={page?.facets.rules.map(r => r.id) ?? []}
          value={query.rule}
          getOptionLabel={id => ruleTitles.get(id) ?? id}
          onChange={rule => update({ rule })}
        />
        <MultiSelectFilter
          label="Object kind"
          options={page?.facets.kinds ?? []}
          value={query.kind}
          onChange={(kind: KindName[]) => update({ kind })}
        />
        <MultiSelectFilter
          label="Object cluster"
          options={page?.facets.clusters ?? []}
          value={query.cluster}
          onChange={cluster => update({ cluster })}
        />
        <MultiSelectFilter
          label="Object namespace"
          options={page?.facets.namespaces ?? []}
          value={query.namespace}
          onChange={namespace => update({ namespace })}
        />
      </div>
      {findings.error && (
        <Box mb={2}>
          <Alert severity="warning">
            Could not load the findings ({findings.error.message})
            {page ? '; showing the last state loaded.' : '.'}
          </Alert>
        </Box>
      )}
      {page && page.totalCount === 0 && (
        <Typography variant="body2" color="textSecondary">
          No object outside the apps has a finding
          {filtered ? ' that matches the filters' : ''}.
        </Typography>
      )}
      {page && page.totalCount > 0 && (
        <>
          <Table size="small" aria-label="Findings that belong to no app">
            <TableHead>
              <TableRow>
                <TableCell>Severity</TableCell>
                <TableCell>Object</TableCell>
                <TableCell>Rule</TableCell>
                <TableCell>Finding</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {groupRows(page.items).map(([group, rows]) => (
                <Fragment key={group}>
                  <TableRow>
                    <TableCell
                      colSpan={4}
                      component="th"
                      scope="rowgroup"
                      role="rowheader"
                      className={classes.group}
                    >
                      {group}
                    </TableCell>
                  </TableRow>
                  {rows.map((row, index) => (
                    <TableRow key={`${group}-${row.ruleId}-${index}`}>
                      <TableCell>
                        <SeverityChip severity={row.severity} />
                      </TableCell>
                      <TableCell>
                        {row.object
                          ? `${row.object.kind} ${objectName(row.object)}`
                          : '—'}
                        {row.field && (
                          <Typography
                            variant="caption"
                            color="textSecondary"
                            component="p"
                          >
                            {row.field}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>
                        <RuleLink ruleId={row.ruleId} />
                      </TableCell>
                      <TableCell>
                        <Typography variant="body2">
                          <InlineCode text={row.message} />
                        </Typography>
                        <Typography variant="body2" color="textSecondary">
                          <strong>Fix:</strong>{' '}
                          <InlineCode text={row.remediation} />
                        </Typography>
                      </TableCell>
                    </TableRow>
                  ))}
                </Fragment>
              ))}
            </TableBody>
          </Table>
          <TablePagination
            component="div"
            count={page.totalCount}
            page={Math.floor(page.offset / PAGE_SIZE)}
            rowsPerPage={PAGE_SIZE}
            rowsPerPageOptions={[PAGE_SIZE]}
            onPageChange={(_event, next) =>
              setQuery(previous => ({ ...previous, offset: next * PAGE_SIZE }))
            }
          />
        </>
      )}
    </InfoCard>
  );
}
