import type { FleetRow } from '@daprise/plugin-daprise-common';
import { fleetCsv } from './fleetRows';

function row(overrides: Partial<FleetRow>): FleetRow {
  return {
    key: 'local/shop/orders',
    cluster: 'local',
    namespace: 'shop',
    appId: 'orders',
    runtime: 'dapr-shared',
    routes: 0,
    components: 0,
    score: 100,
    findings: [],
    stale: false,
    ...overrides,
  };
}

/** The cells of the CSV's only data row, unquoted. */
function cells(csv: string): string[] {
  const line = csv.split('\r\n')[1];
  const out: string[] = [];
  const cell = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = cell.exec(line); m && m[0] !== ''; m = cell.exec(line)) {
    const raw = m[1];
    out.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (m[2] === '') break;
  }
  return out;
}

describe('fleetCsv', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])(
    'defuses a cell that starts with %j',
    start => {
      const owner = `${start}HYPERLINK("https://evil.example.com")`;
      const csv = fleetCsv([row({ owner })]);
      const [, , , , ownerCell] = cells(csv);
      expect(ownerCell).toBe(`'${owner}`);
    },
  );

  it('quotes a defused cell so that the quote is part of the cell', () => {
    const csv = fleetCsv([row({ owner: '=1+1' })]);
    expect(csv).toContain(`,"'=1+1",`);
  });

  it('keeps ordinary cells as they are', () => {
    const csv = fleetCsv([row({ owner: 'group:default/team-shop' })]);
    expect(cells(csv).slice(0, 6)).toEqual([
      'local',
      'shop',
      'orders',
      '',
      'group:default/team-shop',
      'dapr-shared',
    ]);
  });

  it('quotes cells with separators, quotes and line breaks', () => {
    const csv = fleetCsv([row({ owner: 'a,"b"\nc' })]);
    expect(cells(csv)[4]).toBe('a,"b"\nc');
  });
});
