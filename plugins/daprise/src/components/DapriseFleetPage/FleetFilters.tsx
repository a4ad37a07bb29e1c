import { useEffect, useState } from 'react';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useDebounce from 'react-use/esm/useDebounce';
import { SEVERITIES, type Severity } from '@daprise/plugin-daprise-common';
import type { FleetPage, FleetQuery } from '../../api';
import type { UpdateFleetQuery } from './useFleetQueryParams';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'grid',
    gap: theme.spacing(2),
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
  },
}));

/** The filters that offer a facet's values as they are: the query parameter and its facet. */
const PLAIN_FACETS = [
  { label: 'Cluster', param: 'cluster', facet: 'clusters' },
  { label: 'Namespace', param: 'namespace', facet: 'namespaces' },
  { label: 'Owner', param: 'owner', facet: 'owners' },
] as const;

/** A filter whose values are alternatives: one multi-select. */
export function MultiSelectFilter<T extends string>(props: {
  label: string;
  options: readonly T[];
  value: T[] | undefined;
  onChange(value: T[]): void;
  getOptionLabel?: (option: T) => string;
}) {
  const { label, options, value = [], onChange, getOptionLabel } = props;
  // Selected values stay selectable even when the current facets no longer list them.
  const allOptions = [...new Set([...options, ...value])];
  return (
    <Autocomplete<T, true, false, false>
      multiple
      size="small"
      options={allOptions}
      value={value}
      onChange={(_event, next) => onChange(next)}
      getOptionLabel={getOptionLabel ?? (option => option)}
      filterSelectedOptions
      renderInput={params => (
        <TextField {...params} variant="outlined" label={label} />
      )}
    />
  );
}

/** The search box: follows the URL, and writes to it once the user pauses typing. */
function SearchField(props: {
  value: string | undefined;
  onChange(value: string): void;
}) {
  const { value = '', onChange } = props;
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useDebounce(
    () => {
      if (text.trim() !== value) onChange(text.trim());
    },
    300,
    [text],
  );
  return (
    <TextField
      type="search"
      variant="outlined"
      size="small"
      id="daprise-fleet-search"
      label="Search"
      placeholder="app-id, namespace, owner…"
      value={text}
      onChange={event => setText(event.target.value)}
      fullWidth
    />
  );
}

/** What the fleet can be filtered by: the search box and one multi-select per facet. */
export function FleetFilters(props: {
  query: FleetQuery;
  facets?: FleetPage['facets'];
  onChange: UpdateFleetQuery;
}) {
  const { query, facets, onChange } = props;
  const classes = useStyles();
  const ruleTitles = new Map(facets?.rules.map(r => [r.id, r.title]));
  const active =
    Boolean(query.q) ||
    (['cluster', 'namespace', 'owner', 'rule', 'severity'] as const).some(
      name => (query[name]?.length ?? 0) > 0,
    );
  return (
    <div className={classes.root} role="search" aria-label="Filter the fleet">
      <div className={classes.header}>
        <Typography variant="h6" component="h2">
          Filters
        </Typography>
        <Button
          size="small"
          disabled={!active}
          onClick={() =>
            onChange({
              q: undefined,
              cluster: undefined,
              namespace: undefined,
              owner: undefined,
              rule: undefined,
              severity: undefined,
            })
          }
        >
          Clear all
        </Button>
      </div>
      <SearchField value={query.q} onChange={q => onChange({ q })} />
      <MultiSelectFilter
        label="Severity"
        options={SEVERITIES}
        value={query.severity}
        onChange={(severity: Severity[]) => onChange({ severity })}
      />
      <MultiSelectFilter
        label="Rule"
        options={facets?.rules.map(r => r.id) ?? []}
        value={query.rule}
        getOptionLabel={id => ruleTitles.get(id) ?? id}
        onChange={rule => onChange({ rule })}
      />
      {PLAIN_FACETS.map(({ label, param, facet }) => (
        <MultiSelectFilter
          key={param}
          label={label}
          options={facets?.[facet] ?? []}
          value={query[param]}
          onChange={value => onChange({ [param]: value })}
        />
      ))}
    </div>
  );
}
