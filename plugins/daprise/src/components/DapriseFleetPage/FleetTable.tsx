import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react';
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
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
  // Identifiers and versions are never broken inside a word: a value too long for its
  // column ends in an ellipsis, and its title shows all of it.
  truncated: {
    display: 'block',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
}));

/** One line of text, cut with an ellipsis past `maxWidth`, whole in its tooltip. */
function Truncated(props: {
  text: string;
  maxWidth: number;
  children?: ReactNode;
}) {
  const classes = useStyles();
  return (
    <span
      className={classes.truncated}
      style={{ maxWidth: props.maxWidth }}
      title={props.text}
    >
      {props.children ?? props.text}
    </span>
  );
}

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
  return (
    <Truncated text={owner} maxWidth={170}>
      {ref ? <EntityRefLink entityRef={ref} defaultKind="group" /> : owner}
    </Truncated>
  );
}

function AppIdCell(props: { row: FleetRow }) {
  const { row } = props;
  const classes = useStyles();
  return (
    <span className={classes.cell}>
      <Truncated text={row.appId} maxWidth={180}>
        {row.entityRef ? (
          <EntityRefLink entityRef={row.entityRef}>{row.appId}</EntityRefLink>
        ) : (
          row.appId
        )}
      </Truncated>
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
  const text = `${kind}${
    row.daprdVersion ? ` ${row.daprdVersion}` : ''
  }${readiness}`;
  return (
    <Typography variant="body2" component="span">
      <Truncated text={text} maxWidth={170} />
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

/**
 * The columns a table of this width shows, by priority: app-id, where it runs, its Dapr
 * runtime, score and findings always; the owner from 880 px, the cluster in a column of its own
 * (else with the namespace, as `cluster/namespace` under "Runs in") from 1000 px, and the counts of routes and components (the app's
 * page has them) from 1180 px. Without a measured width (no ResizeObserver, as in jsdom) all.
 */
interface ShownColumns {
  owner: boolean;
  cluster: boolean;
  counts: boolean;
}

function shownColumns(width: number | undefined): ShownColumns {
  if (!width) return { owner: true, cluster: true, counts: true };
  return {
    owner: width >= 880,
    cluster: width >= 1000,
    counts: width >= 1180,
  };
}

// Narrower than the dense default (16px left, 24px right), so that more columns fit.
const CELL_PADDING = '6px 8px';
const nowrap = { whiteSpace: 'nowrap', padding: CELL_PADDING } as const;

function buildColumns(
  query: FleetQuery,
  shown: ShownColumns = shownColumns(undefined),
): FleetColumn[] {
  const sortable = (
    sortField: FleetSortField,
    column: TableColumn<FleetRow>,
  ): FleetColumn => ({
    ...column,
    sortField,
    customSort: keepServerOrder,
    defaultSort: query.sort === sortField ? query.order ?? 'asc' : undefined,
  });
  const columns: FleetColumn[] = [
    sortable('appId', {
      title: 'App-id',
      field: 'appId',
      highlight: true,
      // App-ids and names are identifiers: never broken in the middle.
      cellStyle: nowrap,
      render: row => <AppIdCell row={row} />,
    }),
    sortable('cluster', {
      title: 'Cluster',
      field: 'cluster',
      hidden: !shown.cluster,
      cellStyle: nowrap,
      render: row => <Truncated text={row.cluster} maxWidth={120} />,
    }),
    shown.cluster
      ? sortable('namespace', {
          title: 'Namespace',
          field: 'namespace',
          cellStyle: nowrap,
          render: row => <Truncated text={row.namespace} maxWidth={140} />,
        })
      : sortable('namespace', {
          title: 'Runs in',
          field: 'namespace',
          cellStyle: nowrap,
          render: row => (
            <Truncated
              text={`${row.cluster}/${row.namespace}`}
              maxWidth={170}
            />
          ),
        }),
    sortable('owner', {
      title: 'Owner',
      field: 'owner',
      hidden: !shown.owner,
      cellStyle: nowrap,
      render: row => <OwnerCell owner={row.owner} />,
    }),
    {
      title: 'Dapr',
      field: 'runtime',
      sorting: false,
      cellStyle: nowrap,
      render: row => <RuntimeCell row={row} />,
    },
    {
      title: 'Routes',
      field: 'routes',
      type: 'numeric',
      sorting: false,
      hidden: !shown.counts,
      cellStyle: nowrap,
    },
    {
      title: 'Components',
      field: 'components',
      type: 'numeric',
      sorting: false,
      hidden: !shown.counts,
      cellStyle: nowrap,
    },
    sortable('score', {
      title: 'Score',
      field: 'score',
      cellStyle: nowrap,
      render: row => <ScoreCell score={row.score} />,
    }),
    sortable('findings', {
      title: 'Findings',
      field: 'findings',
      cellStyle: nowrap,
      render: row => <FindingsCell findings={row.findings} />,
    }),
  ];
  return columns.map(column => ({
    ...column,
    headerStyle: { padding: CELL_PADDING },
  }));
}

/** The width of an element, followed as it changes; undefined where it cannot be measured. */
function useWidth(ref: RefObject<HTMLElement>): number | undefined {
  const [width, setWidth] = useState<number>();
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(entries =>
      setWidth(entries[0]?.contentRect.width),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
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
  // The columns follow the table's own width (the page's filters take a side of it).
  const container = useRef<HTMLDivElement>(null);
  const { owner, cluster, counts } = shownColumns(useWidth(container));
  // Columns only change with the sort order and what fits: material-table resets its state
  // on new columns.
  const columns = useMemo(
    () =>
      buildColumns(
        { sort: query.sort, order: query.order },
        { owner, cluster, counts },
      ),
    [query.sort, query.order, owner, cluster, counts],
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
    <div ref={container}>
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
        onRowsPerPageChange={pageSize =>
          onChange({ limit: pageSize, offset: 0 })
        }
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
    </div>
  );
}
