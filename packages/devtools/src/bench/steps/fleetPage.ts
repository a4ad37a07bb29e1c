import { BackendProcess } from '../backendProcess';
import { log, shortStats } from '../common';
import { runLoad } from '../httpClient';
import { SizeResult } from '../report';
import { FLEET_RULE } from '../seed';

/** The fleet page as the frontend asks for it: the first page, filtered by one rule. */
export const FLEET_PAGE_PATH = `/api/daprise/fleet?limit=100&rule=${FLEET_RULE}`;

export async function measureFleetPage(
  backend: BackendProcess,
  expectedApps: number,
): Promise<SizeResult['fleet']> {
  log('bench: fleet page');
  const fleetFirst = JSON.parse(
    (await backend.http.get(FLEET_PAGE_PATH, backend.userToken)).body,
  );
  const fleet = await runLoad({
    concurrency: 1,
    requests: 500,
    send: () => backend.http.get(FLEET_PAGE_PATH, backend.userToken),
  });
  log(
    `  ${shortStats(fleet)}; ${
      fleetFirst.totalCount
    } of ${expectedApps} apps match, page of ${fleetFirst.items.length}`,
  );
  return {
    ...fleet,
    totalCount: fleetFirst.totalCount,
    pageSize: fleetFirst.items.length,
    rule: FLEET_RULE,
  };
}
