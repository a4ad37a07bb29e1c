// CSV exports (`GET /fleet` and `GET /findings` with `format=csv`).

/**
 * What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection): `=`,
 * `+`, `-`, `@`, and a tab or carriage return, which some spreadsheets skip before the `=`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: quoted where it would break a row, formulas defused. */
export function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text
    ? `"${safe.replace(/"/g, '""')}"`
    : safe;
}

/** A CSV document: the header, then one line per row, each cell safe to open in a spreadsheet. */
export function csvTable(header: string[], rows: unknown[][]): string {
  const lines = rows.map(row => row.map(csvCell).join(','));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
