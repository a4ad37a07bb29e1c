import { useEffect, useMemo } from 'react';
import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { Table, type TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SEVERITIES, type Finding } from '@daprise/plugin-daprise-common';
import type {
  FleetPage,
  FleetQuery,
  FleetRow,
  FleetSortField,
} from '../../api';
import { SeverityChip, ToneChip, ToneIcon, type Tone } from '../shared/status';
import type { UpdateFleetQuery } from './useFleetQueryParams';

const PAGE_SIZES = [10, 25, 50, 100];

const useStyles = makeStyles(theme => ({
  cell: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

function worstFinding(findings: Finding[]): Finding | undefined {
  return [...findings].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  )[0];
}

export function scoreTone(score: number): Tone {
  if (score >= 90) return 'ok';
  if (score >= 70) return 'warning';
  return 'error';
}

/** An owner as the catalog writes it (`team-shop`, `group:default/team-shop`), resolved. */
function ownerRef(owner: string): CompoundEntityRef | undefined {
  try {
    return parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
}

function OwnerCell(props: { owner?: string }) {
  const { owner } = props;
  if (!owner) return <>—</>;
  const ref = ownerRef(owner);
  return ref ? (
    <EntityRefLink entityRef={ref} defaultKind="group" />
  ) : (
    <>{owner}</>
  );
}

function AppIdCell(props: { row: FleetRow }) {
  const { row } = props;
  const classes = useStyles();
  return (
    <span className={classes.cell}>
      {row.entityRef ? (
        <EntityRefLink entityRef={row.entityRef}>{row.appId}</EntityRefLink>
      ) : (
        row.appId
      )}
      {row.stale && (
        <ToneChip
          tone="warning"
          label="stale"
          title="The cluster cannot be read: this is the last known state"
        />
      )}
    </span>
  );
}

function RuntimeCell(props: { row: FleetRow }) {
  const { row } = props;
  if (row.runtime === 'none') {
    return (
      <Typography variant="body2" color="textSecondary">
        none
      </Typography>
    );
  }
  const kind = row.runtime === 'dapr-shared' ? 'Dapr Shared' : 'sidecar';
  const readiness =
    row.desired !== undefined
      ? ` · ${row.ready ?? 0}/${row.desired} ready`
      : '';
  return (
    <Typography variant="body2">
      {kind}
      {row.daprdVersion ? ` ${row.daprdVersion}` : ''}
      {readiness}
    </Typography>
  );
}

function ScoreCell(props: { score: number }) {
  const classes = useStyles();
  return (
    <span className={classes.cell}>
      <ToneIcon tone={scoreTone(props.score)} />
      {props.score}
    </span>
  );
}

function FindingsCell(props: { findings: Finding[] }) {
  const { findings } = props;
  const classes = useStyles();
  const worst = worstFinding(findings);
  if (!worst) return <>0</>;
  return (
    <span className={classes.cell}>
      {findings.length}
      <SeverityChip
        severity={worst.severity}
        count={findings.filter(f => f.severity === worst.severity).length}
      />
    </span>
  );
}

/** A column and the server-side sort field behind it, if it can be sorted. */
type FleetColumn = TableColumn<FleetRow> & { sortField?: FleetSortField };

/** The server sorts; the table must keep the order it gets. */
const keepServerOrder = () => 0;

function buildColumns(query: FleetQuery): FleetColumn[] {
  const sortable = (
    sortField: FleetSortField,
    column: TableColumn<FleetRow>,
  ): FleetColumn => ({
    ...column,
    sortField,
    customSort: keepServerOrder,
    defaultSort: query.sort === sortField ? query.order ?? 'asc' : undefined,
  });
  return [
    sortable('appId', {
      title: 'App-id',
      field: 'appId',
      highlight: true,
      // App-ids and names are identifiers: never broken in the middle.
      cellStyle: { whiteSpace: 'nowrap' },
      render: row => <AppIdCell row={row} />,
    }),
    sortable('cluster', { title: 'Cluster', field: 'cluster' }),
    sortable('namespace', { title: 'Namespace', field: 'namespace' }),
    sortable('owner', {
      title: 'Owner',
      field: 'owner',
      render: row => <OwnerCell owner={row.owner} />,
    }),
    {
      title: 'Dapr',
      field: 'runtime',
      sorting: false,
      cellStyle: { minWidth: 140 },
      render: row => <RuntimeCell row={row} />,
    },
    { title: 'Routes', field: 'routes', type: 'numeric', sorting: false },
    {
      title: 'Components',
      field: 'components',
      type: 'numeric',
      sorting: false,
    },
    sortable('score', {
      title: 'Score',
      field: 'score',
      render: row => <ScoreCell score={row.score} />,
    }),
    sortable('findings', {
      title: 'Findings',
      field: 'findings',
      render: row => <FindingsCell findings={row.findings} />,
    }),
  ];
}

/**
 * The fleet's apps, one page at a time. Sorting and paging are the server's: changing them
 * changes the query (and the URL), which loads the matching page.
 */
export function FleetTable(props: {
  page?: FleetPage;
  query: FleetQuery;
  loading: boolean;
  onChange: UpdateFleetQuery;
}) {
  const { page, query, loading, onChange } = props;
  const limit = query.limit ?? PAGE_SIZES[1];
  const offset = query.offset ?? 0;
  // Columns only change with the sort order: material-table resets its state on new columns.
  const columns = useMemo(
    () => buildColumns({ sort: query.sort, order: query.order }),
    [query.sort, query.order],
  );
  const pageSizeOptions = PAGE_SIZES.includes(limit)
    ? PAGE_SIZES
    : [...PAGE_SIZES, limit].sort((a, b) => a - b);
  const totalCount = page?.totalCount ?? 0;

  // A shared link may point past the end once apps are gone: go to the last page there is.
  useEffect(() => {
    if (!page || loading || offset === 0 || offset < page.totalCount) return;
    const lastPage = Math.max(0, Math.ceil(page.totalCount / limit) - 1);
    onChange({ offset: lastPage * limit });
  }, [page, loading, offset, limit, onChange]);

  return (
    <Table<FleetRow>
      title={page ? `Apps (${totalCount})` : 'Apps'}
      columns={columns}
      data={page?.items ?? []}
      isLoading={loading}
      totalCount={totalCount}
      page={Math.floor(offset / limit)}
      onPageChange={(pageIndex, pageSize) =>
        onChange({ offset: pageIndex * pageSize, limit: pageSize })
      }
      onRowsPerPageChange={pageSize => onChange({ limit: pageSize, offset: 0 })}
      onOrderChange={(columnIndex, direction) => {
        const sortField = columns[columnIndex]?.sortField;
        if (!sortField || !direction) {
          onChange({ sort: undefined, order: undefined });
        } else {
          onChange({ sort: sortField, order: direction });
        }
      }}
      options={{
        search: false,
        paging: true,
        pageSize: limit,
        pageSizeOptions,
        emptyRowsWhenPaging: false,
        padding: 'dense',
        thirdSortClick: true,
        // Column dragging adds a second, unlabelled button to every header.
        draggable: false,
      }}
      localization={{
        body: {
          emptyDataSourceMessage: loading
            ? 'Loading…'
            : 'No app matches the filters.',
        },
      }}
    />
  );
}
