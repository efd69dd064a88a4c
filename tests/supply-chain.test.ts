import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditVerdict } from '../scripts/audit-verdict.mjs';

const ROOT = path.resolve(__dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  files: string[];
};

describe('what the package ships', () => {
  it('depends at run time on ESLint\'s own eslint-utils and the AST types, with ^ ranges', () => {
    expect(Object.keys(packageJson.dependencies).sort()).toEqual(['@eslint-community/eslint-utils', '@typescript-eslint/types']);
    for (const range of Object.values(packageJson.dependencies)) expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it('loads nothing of @typescript-eslint/utils at run time, whose peer dependency would install TypeScript', () => {
    const built = readdirSync(path.join(ROOT, 'dist')).filter((file) => /\.c?js$/.test(file));
    expect(built.length).toBeGreaterThan(0);
    for (const file of built) {
      const code = readFileSync(path.join(ROOT, 'dist', file), 'utf8');
      expect(code, file).not.toMatch(/(?:from |require\()["']@typescript-eslint\/utils(?:\/[^"']*)?["']/);
    }
  });

  it('packs dist, docs, README, LICENSE and package.json, and nothing else', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const [pack] = JSON.parse(output) as { files: { path: string }[] }[];
    const paths = pack!.files.map((file) => file.path);
    const unexpected = paths.filter(
      (file) => !/^(?:dist|docs)\//.test(file) && !['README.md', 'LICENSE', 'package.json'].includes(file),
    );
    expect(unexpected).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'README.md', 'LICENSE']));
  });
});

describe('the dependency audit', () => {
  it('passes a report without advisories, naming how many runtime packages it covered', () => {
    const report = { metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0 }, dependencies: { prod: 28 } } };
    expect(auditVerdict(report)).toEqual({ kind: 'clean', packages: 28 });
  });

  it('fails a report with any advisory and lists them', () => {
    const report = {
      metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 0, critical: 0 } },
      vulnerabilities: { 'brace-expansion': { severity: 'low', range: '<1.1.12' } },
    };
    expect(auditVerdict(report)).toEqual({
      kind: 'advisories',
      total: 1,
      advisories: [{ name: 'brace-expansion', severity: 'low', range: '<1.1.12' }],
    });
  });

  it('never takes a registry that refused the audit request for a clean result', () => {
    const refused = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 };
    expect(auditVerdict(refused)).toEqual({ kind: 'unavailable', reason: refused.message });
    expect(auditVerdict(null).kind).toBe('unavailable');
  });
});

