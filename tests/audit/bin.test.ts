// The built command as users run it: `express-security` from the package's bin (dist/cli.js).
// EXPRESS_SECURITY_CLI points at another build (e.g. a private one); the default is this
// checkout's dist/, which `npm test` builds first.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run';

const CLI = path.resolve(ROOT, process.env.EXPRESS_SECURITY_CLI ?? 'dist/cli.js');
const execute = promisify(execFile);

async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: build first (npm test does), or set EXPRESS_SECURITY_CLI`);
  try {
    const { stdout, stderr } = await execute(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 60_000 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { status: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('the express-security bin', () => {
  it('is the package bin and starts with a node shebang', () => {
    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(packageJson.bin).toEqual({ 'express-security': './dist/cli.js' });
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('exits 1 with findings on the vulnerable example, grouped by rule', async () => {
    const { status, stdout } = await cli('audit', 'examples/vulnerable');
    expect(status).toBe(1);
    expect(stdout).toMatch(/^express-security\/require-helmet \(1\)\n {2}app\.js:8:13 {2}This Express app never gets security headers/m);
  });

  it('prints the route map of the fixture through the built plugin', async () => {
    const { status, stdout } = await cli('audit', 'tests/fixtures/audit-project', '--routes', '--format', 'json');
    expect(status).toBe(0);
    const routes = (JSON.parse(stdout) as { routes: { method: string; path: string }[] }).routes;
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /',
      'GET /admin/stats',
      'GET /api/health',
      'GET /api/v1/orders/:id',
      'GET /api/v1/users',
      'POST /api/v1/users',
      'GET /api/v1/users/:id',
      'POST /signup',
    ]);
  });

  it('exits 2 with a one-line message on a usage error', async () => {
    const { status, stdout, stderr } = await cli('audit', '--format', 'xml');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("express-security: unknown format 'xml'; use text, stylish, json or sarif (see --help)\n");
  });
});
