// Command-line parsing and the usage contract: exit 2 with one line on every mistake.
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/audit/args';
import { run } from './run';

describe('parseArgs', () => {
  it('defaults to the findings of the current directory as text', () => {
    expect(parseArgs(['audit'])).toEqual({ command: 'audit', dir: '.', format: 'text', routes: false, html: null, progress: null, config: null, deps: false, depsReport: null });
  });

  it('reads a directory, --routes with its table default, --html and the progress switches', () => {
    expect(parseArgs(['audit', 'server', '--routes', '--html', 'out/map.html', '--no-progress'])).toEqual({
      command: 'audit',
      dir: 'server',
      format: 'table',
      routes: true,
      html: 'out/map.html',
      progress: false,
      config: null,
      deps: false,
      depsReport: null,
    });
    expect(parseArgs(['audit', '--config', 'lint/eslint.config.ts']).config).toBe('lint/eslint.config.ts');
    expect(parseArgs(['audit', '-c', 'eslint.config.cjs']).config).toBe('eslint.config.cjs');
    expect(parseArgs(['audit', '--format=sarif', '--progress', '.']).format).toBe('sarif');
    expect(parseArgs(['audit', '-f', 'json', '--routes']).format).toBe('json');
  });

  it('answers --help and --version before anything else', () => {
    expect(parseArgs(['audit', '--help', '--format', 'nope']).command).toBe('help');
    expect(parseArgs(['-v']).command).toBe('version');
  });

  it.each([
    [[], "missing command; run 'express-security audit [dir]'"],
    [['scan'], "unknown command 'scan'; the command is 'audit'"],
    [['audit', '--fromat', 'json'], "unknown option '--fromat'"],
    [['audit', '--format'], 'option --format needs a value'],
    [['audit', '--format', 'xml'], "unknown format 'xml'; use text, stylish, json or sarif"],
    [['audit', '--routes', '--format', 'sarif'], "--routes prints a table or json, not 'sarif'"],
    [['audit', 'a', 'b'], "only one directory can be audited at a time (got 'a' and 'b')"],
    [['audit', '--html='], 'option --html needs a value'],
    [['audit', '--config'], 'option --config needs a value'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(new UsageError(message));
  });
});

describe('usage errors and information', () => {
  it('exits 2 with a one-line message on an unknown option', async () => {
    const { status, stdout, stderr } = await run('audit', '--json');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("express-security: unknown option '--json' (see --help)\n");
  });

  it('exits 2 with a one-line message when the directory does not exist', async () => {
    const { status, stderr } = await run('audit', 'no/such/dir');
    expect(status).toBe(2);
    expect(stderr).toBe("express-security: 'no/such/dir' is not a directory\n");
  });

  it('exits 2 with a one-line message when the --config file does not exist', async () => {
    const { status, stderr } = await run('audit', 'tests/fixtures/audit-project', '--config', 'no/eslint.config.js');
    expect(status).toBe(2);
    expect(stderr).toBe("express-security: config file 'no/eslint.config.js' does not exist\n");
  });

  it('prints the usage with exit 0 on --help, and the version on --version', async () => {
    const help = await run('audit', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: express-security audit \[dir\] \[options\]\n/);
    expect(help.stdout).toContain('Exit status: 0 no findings, 1 findings, 2 usage error, 3 files that could not be parsed.');
    const version = await run('--version');
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
