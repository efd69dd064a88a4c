// `npm run demo` builds dist/ only when it is missing or older than its inputs
// (scripts/build-if-stale.mjs), so on a built clone it starts at once.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staleReason } from '../scripts/build-if-stale.mjs';

const ROOT = path.resolve(__dirname, '..');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A clone's build inputs and outputs, the outputs written `age` seconds after the inputs. */
function clone(age: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'express-security-build-'));
  dirs.push(dir);
  const inputs = ['src/index.ts', 'src/rules/x.ts', 'package.json', 'tsconfig.json', 'tsup.config.ts'];
  const outputs = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/cli.js'];
  const base = Date.now() / 1000 - 100;
  for (const [files, time] of [
    [inputs, base],
    [outputs, base + age],
  ] as const) {
    for (const file of files) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), '');
      utimesSync(path.join(dir, file), time, time);
    }
  }
  return dir;
}

describe('staleReason', () => {
  it('is null when every output is newer than every input', () => {
    expect(staleReason(clone(10))).toBeNull();
  });

  it('names a source changed since the build, however deep', () => {
    const dir = clone(10);
    const later = Date.now() / 1000;
    utimesSync(path.join(dir, 'src/rules/x.ts'), later, later);
    expect(staleReason(dir)).toBe('src changed since the last build');
  });

  it('names the build configuration changed since the build', () => {
    expect(staleReason(clone(-10))).toBe('src changed since the last build');
    const dir = clone(10);
    const later = Date.now() / 1000;
    utimesSync(path.join(dir, 'tsup.config.ts'), later, later);
    expect(staleReason(dir)).toBe('tsup.config.ts changed since the last build');
  });

  it('names a missing output (a fresh clone)', () => {
    const dir = clone(10);
    rmSync(path.join(dir, 'dist/cli.js'));
    expect(staleReason(dir)).toBe('dist/cli.js is missing');
  });
});

describe('npm run demo', () => {
  it('builds a stale dist/ once, then does not rebuild it, saying nothing', () => {
    const script = path.join(ROOT, 'scripts/build-if-stale.mjs');
    // Under `npm test`, dist/ was built just before: the first run is silent too.
    const reason = staleReason(ROOT);
    const first = spawnSync(process.execPath, [script], { cwd: ROOT, encoding: 'utf8' });
    expect(first.stderr).toBe(reason ? `Building dist/ (${reason})…\n` : '');
    expect(first.status).toBe(0);
    expect(staleReason(ROOT)).toBeNull();
    const second = spawnSync(process.execPath, [script], { cwd: ROOT, encoding: 'utf8' });
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
  }, 120_000);

  it('is the build check, then the demo', () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.demo).toBe('node scripts/build-if-stale.mjs && node scripts/demo.mjs');
  });
});
