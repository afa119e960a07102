import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { integer, namedValues, oneOf, parseOptions, required, serverOptions, UsageError } from './cli-args';
import { findCommand, runCli } from './run-cli';
import { testIo } from './testing/test-io';

const jobOptions = {
  ...serverOptions,
  kek: { type: 'string' },
  key: { type: 'string', multiple: true },
} as const;

describe('parseOptions', () => {
  it('reads --name value, --name=value, repeated options, flags and positionals', () => {
    expect(
      parseOptions(['JOB', '--kek', 'K', '--key=E0=A', '--key', 'E1=B', '--json'], jobOptions, ['JOB_ID']),
    ).toEqual({ values: { kek: 'K', key: ['E0=A', 'E1=B'], json: true }, positionals: ['JOB'] });
  });

  it.each([
    [['--kee', 'K'], 'unknown option --kee'],
    [['--kek'], 'option --kek needs a value'],
    [['--json=yes'], 'option --json takes no value'],
    [['JOB', 'OTHER'], 'unexpected argument "OTHER" after JOB_ID'],
    [[], 'missing JOB_ID'],
  ])('says what is wrong with %j', (args, message) => {
    expect(() => parseOptions(args, jobOptions, ['JOB_ID'])).toThrow(new UsageError(message));
  });
});

describe('option values', () => {
  it('splits USAGE=ID pairs and refuses a malformed or repeated one', () => {
    expect(namedValues(['E0=a-1', 'credit-dda = b-2'], 'key', 'USAGE=KEY_ID')).toEqual({
      E0: 'a-1',
      'credit-dda': 'b-2',
    });
    expect(namedValues(undefined, 'key', 'USAGE=KEY_ID')).toEqual({});
    expect(() => namedValues(['E0'], 'key', 'USAGE=KEY_ID')).toThrow('--key takes USAGE=KEY_ID, got "E0"');
    expect(() => namedValues(['E0='], 'key', 'USAGE=KEY_ID')).toThrow('--key takes USAGE=KEY_ID, got "E0="');
    expect(() => namedValues(['E0=a', 'E0=b'], 'key', 'USAGE=KEY_ID')).toThrow('--key names E0 twice');
  });

  it('checks required options, choices and whole numbers', () => {
    expect(() => required(undefined, 'kek', 'the transport key (KEK) id')).toThrow(
      '--kek is required: the transport key (KEK) id',
    );
    expect(required(' k ', 'kek', '')).toBe('k');
    expect(oneOf('all', 'sample', ['percent', 'all'])).toBe('all');
    expect(oneOf(undefined, 'sample', ['percent', 'all'])).toBeUndefined();
    expect(() => oneOf('some', 'sample', ['percent', 'all'])).toThrow(
      '--sample must be percent or all, got "some"',
    );
    expect(() => oneOf('9', 'wait', ['prepared', 'validated', 'released'])).toThrow(
      '--wait must be prepared, validated or released, got "9"',
    );
    expect(integer('1152', 'bits')).toBe(1152);
    expect(() => integer('1k', 'bits')).toThrow('--bits must be a whole number, got "1k"');
  });
});

describe('runCli', () => {
  it('finds the command named by the most words', () => {
    expect(findCommand(['keys', 'ceremony', 'start', '--label', 'x'])).toMatchObject({
      command: { name: 'keys ceremony start' },
      rest: ['--label', 'x'],
    });
    expect(findCommand(['keys', 'list'])?.command.name).toBe('keys list');
    expect(findCommand(['keys'])).toBeNull();
  });

  it('answers a usage mistake with the command\u2019s usage and exit status 2, before any request', async () => {
    const { io, err } = testIo({ env: { DATAPREP_URL: 'http://127.0.0.1:9' } });
    expect(
      await runCli(
        ['jobs', 'create', '--profile-version', 'p', '--kek', 'k', '--file', 'f', '--sample', 'half'],
        io,
      ),
    ).toBe(2);
    expect(err).toEqual([
      'error: --sample must be percent or all, got "half"',
      expect.stringMatching(/^Usage: npx dataprep jobs create --profile-version ID --kek KEY_ID /),
    ]);
  });

  it('lists the commands of a family for an unknown one', async () => {
    const { io, err } = testIo();
    expect(await runCli(['profiles', 'delete', 'x'], io)).toBe(2);
    expect(err).toEqual([
      'error: "profiles delete" is not a command; the profiles commands are:',
      '  dataprep profiles import FILE',
      '  dataprep profiles submit VERSION_ID',
      '  dataprep profiles approve VERSION_ID',
      '  dataprep profiles list',
    ]);
  });

  it('says when the workbench cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${port}`;
    const { io, err } = testIo({ env: { DATAPREP_URL: url, DATAPREP_SESSION_FILE: '/nonexistent/s.json' } });
    expect(
      await runCli(['login', '--user', 'analyst', '--password-stdin'], {
        ...io,
        readStdin: async () => 'pw',
      }),
    ).toBe(1);
    expect(err).toEqual([
      `error: cannot reach the workbench at ${url} (ECONNREFUSED): is it running? Start it with "npm run demo", or give its address with --url or DATAPREP_URL.`,
    ]);
  });

  it('refuses a URL that is not an http address', async () => {
    const { io, err } = testIo();
    expect(await runCli(['whoami', '--url', 'ftp://bank'], io)).toBe(1);
    expect(err).toEqual(['error: "ftp://bank" is not an http or https address']);
  });
});
