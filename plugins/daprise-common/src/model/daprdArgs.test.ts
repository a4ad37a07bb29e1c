import { parseDaprdArgs, parseFlagBoolean, parsePort } from './daprdArgs';

describe('parseDaprdArgs', () => {
  it('reads the chart form (program first, --flag=value)', () => {
    const { flags, ignoredArgs } = parseDaprdArgs([
      '/daprd',
      '--mode=kubernetes',
      '--app-id=orders',
      '--app-port=80',
      '--enable-mtls=false',
    ]);
    expect(flags.get('mode')).toBe('kubernetes');
    expect(flags.get('app-id')).toBe('orders');
    expect(flags.get('app-port')).toBe('80');
    expect(flags.get('enable-mtls')).toBe('false');
    expect(ignoredArgs).toEqual([]);
  });

  it('reads --flag value pairs and single dashes', () => {
    const { flags } = parseDaprdArgs([
      './daprd',
      '--app-id',
      'orders',
      '-app-port',
      '8080',
      '--app-channel-address',
      'orders.shop.svc',
      '--config',
      'tracing',
    ]);
    expect(flags.get('app-id')).toBe('orders');
    expect(flags.get('app-port')).toBe('8080');
    expect(flags.get('app-channel-address')).toBe('orders.shop.svc');
    expect(flags.get('config')).toBe('tracing');
  });

  it('treats a bare boolean flag as true', () => {
    const { flags } = parseDaprdArgs(['--enable-mtls', '--app-id', 'x']);
    expect(flags.get('enable-mtls')).toBe('true');
    expect(flags.get('app-id')).toBe('x');
  });

  it('stops at a non-flag argument, as Go does (`--enable-mtls false` enables mTLS)', () => {
    const { flags, ignoredArgs } = parseDaprdArgs([
      '/daprd',
      '--enable-mtls',
      'false',
      '--app-id=orders',
    ]);
    expect(flags.get('enable-mtls')).toBe('true');
    expect(flags.has('app-id')).toBe(false);
    expect(ignoredArgs).toEqual(['false', '--app-id=orders']);
  });

  it('stops at --', () => {
    const { flags, ignoredArgs } = parseDaprdArgs([
      '--app-id=a',
      '--',
      '--app-port=1',
    ]);
    expect(flags.get('app-id')).toBe('a');
    expect(flags.has('app-port')).toBe(false);
    expect(ignoredArgs).toEqual(['--app-port=1']);
  });

  it('lets the last occurrence win and keeps empty values', () => {
    const { flags } = parseDaprdArgs(['--app-id=a', '--app-id=b', '--config=']);
    expect(flags.get('app-id')).toBe('b');
    expect(flags.get('config')).toBe('');
  });

  it('takes the next argument as the value of a non-boolean flag whatever it is', () => {
    expect(parseDaprdArgs(['--app-id', '--oops']).flags.get('app-id')).toBe(
      '--oops',
    );
    expect(parseDaprdArgs(['--app-id']).flags.get('app-id')).toBe('');
  });

  it('handles an empty command line', () => {
    expect(parseDaprdArgs([])).toEqual({ flags: new Map(), ignoredArgs: [] });
  });
});

describe('parseFlagBoolean', () => {
  it('reads Go booleans', () => {
    expect(parseFlagBoolean('true')).toBe(true);
    expect(parseFlagBoolean('1')).toBe(true);
    expect(parseFlagBoolean('T')).toBe(true);
    expect(parseFlagBoolean('False')).toBe(false);
    expect(parseFlagBoolean('0')).toBe(false);
    expect(parseFlagBoolean('yes')).toBeUndefined();
    expect(parseFlagBoolean(undefined)).toBeUndefined();
  });
});

describe('parsePort', () => {
  it('accepts 1..65535 only', () => {
    expect(parsePort('80')).toBe(80);
    expect(parsePort(' 3000 ')).toBe(3000);
    expect(parsePort('0')).toBeUndefined();
    expect(parsePort('65536')).toBeUndefined();
    expect(parsePort('http')).toBeUndefined();
    expect(parsePort(undefined)).toBeUndefined();
  });
});
