import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  DEFAULT_FLEET_PAGE_SIZE,
  fleetQueryToSearchParams,
  parseFleetQuery,
  type FleetQuery,
} from '../../api';

/** Changes the fleet query; anything but paging goes back to the first page. */
export type UpdateFleetQuery = (patch: Partial<FleetQuery>) => void;

/**
 * The fleet query, kept in the page's URL (`?severity=high&rule=component-unscoped&sort=score`)
 * so that a filtered view can be shared and survives a reload.
 */
export function useFleetQueryParams(): [FleetQuery, UpdateFleetQuery] {
  const [searchParams, setSearchParams] = useSearchParams();
  const query = useMemo<FleetQuery>(
    () => ({
      limit: DEFAULT_FLEET_PAGE_SIZE,
      ...parseFleetQuery(searchParams),
    }),
    [searchParams],
  );
  const update = useCallback<UpdateFleetQuery>(
    patch => {
      setSearchParams(
        previous => {
          const next: FleetQuery = { ...parseFleetQuery(previous), ...patch };
          if (!('offset' in patch)) delete next.offset;
          return fleetQueryToSearchParams(next, {
            defaultLimit: DEFAULT_FLEET_PAGE_SIZE,
          });
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );
  return [query, update];
}
