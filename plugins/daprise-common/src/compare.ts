/** Orders strings by UTF-16 code units: stable across locales, unlike `localeCompare`. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
