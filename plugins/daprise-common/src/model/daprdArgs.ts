/**
 * A daprd command line, parsed the way daprd parses it.
 * @public
 */
export interface DaprdArgs {
  /** Flag name (without dashes) to value. The last occurrence of a flag wins. */
  flags: ReadonlyMap<string, string>;
  /**
   * Arguments daprd never reads: Go's flag package stops at the first argument that is not a
   * flag. A non-empty list usually means a mistake such as `--enable-mtls false` (a bare
   * boolean flag is true; `false` then ends flag parsing).
   */
  ignoredArgs: string[];
}

/** daprd's boolean flags: a bare `--flag` means true, and a value must be given with `=`. */
const BOOLEAN_FLAGS = new Set([
  'enable-mtls',
  'enable-metrics',
  'enable-api-logging',
  'enable-app-health-check',
  'enable-profiling',
  'log-as-json',
  'app-ssl',
]);

const FLAG = /^--?([A-Za-z0-9][\w.-]*)(?:=([\s\S]*))?$/;

/**
 * Parses a daprd command line (container `command` followed by `args`). The first element is
 * the program when it is not a flag (the Dapr Shared chart passes `/daprd` as the first arg).
 * Follows Go's `flag` package, which daprd uses: `-flag`, `--flag`, `--flag=value` and
 * `--flag value` for non-boolean flags; parsing stops at the first non-flag argument or `--`.
 * @public
 */
export function parseDaprdArgs(args: readonly string[]): DaprdArgs {
  const flags = new Map<string, string>();
  let i = args.length > 0 && !args[0].startsWith('-') ? 1 : 0;
  for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      i++;
      break;
    }
    const match = FLAG.exec(arg);
    if (!match) break;
    const [, name, inlineValue] = match;
    if (inlineValue !== undefined) {
      flags.set(name, inlineValue);
    } else if (BOOLEAN_FLAGS.has(name)) {
      flags.set(name, 'true');
    } else if (i + 1 < args.length) {
      // Go's flag package takes the next argument as the value whatever it looks like.
      flags.set(name, args[i + 1]);
      i++;
    } else {
      flags.set(name, '');
    }
  }
  return { flags, ignoredArgs: args.slice(i) };
}

/**
 * Reads a boolean flag value the way Go's `strconv.ParseBool` does; undefined when absent or
 * unparseable.
 * @public
 */
export function parseFlagBoolean(
  value: string | undefined,
): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}

/**
 * Reads a port value; undefined when absent, not an integer, or out of range. daprd treats
 * `--app-port=0` (the chart's default) as "no app port".
 * @public
 */
export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const port = Number(value.trim());
  return port >= 1 && port <= 65535 ? port : undefined;
}
