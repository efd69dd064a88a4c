// The package as a new user gets it before it is published: a clean copy of the repository
// (the files git tracks, no dist/), `npm pack` there (its `prepack` builds dist/), and the
// tarball unpacked into three fresh projects — CommonJS on ESLint 9, ESM on ESLint 10, and
// TypeScript with `eslint.config.ts` and `defineConfig` — where ESLint lints with it, the
// configs type-check in each documented form, and the audit honours each project's config.
//
// The dependencies are linked from this repository's node_modules: no network.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_NAME = 'eslint-plugin-express-security';
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

let workspace = '';
let tarball = '';
let packedFiles: string[] = [];

function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

/** The repository as `git clone` would give it, with the working tree's content: tracked and new files, no ignored ones. */
function cleanCopy(to: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of listed.split('\0').filter(Boolean)) {
    const from = path.join(ROOT, file);
    try {
      mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
      copyFileSync(from, path.join(to, file));
    } catch (error) {
      // A tracked file deleted in the working tree is not part of the clone either.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

beforeAll(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'express-security-packed-'));
  const clone = path.join(workspace, 'clone');
  cleanCopy(clone);
  link(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', workspace], { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [packed] = JSON.parse(output.slice(output.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(workspace, packed!.filename);
  packedFiles = packed!.files.map((file) => file.path).sort();
}, 180_000);

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('npm pack on a clean clone', () => {
  it('builds dist/ first (prepack), so the tarball has the bundles, the declarations and the bin', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.js', 'package.json', 'README.md', 'LICENSE']) {
      expect(packedFiles).toContain(file);
    }
    expect(packedFiles.filter((file) => file.startsWith('src/') || file.startsWith('tests/'))).toEqual([]);
  });
});

/** Generated code the project config ignores, an app whose header middleware only its settings name, and an app with no headers. */
const SOURCES: Record<string, string> = {
  'src/generated/client.js': "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\n",
  'src/server.js': "const express = require('express');\nconst wrapResponses = require('./wrap-responses');\nconst app = express();\napp.use(wrapResponses());\napp.get('/', (req, res) => res.send('ok'));\n",
  'src/open.js': "const express = require('express');\n\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\n",
};

/** The same in TypeScript, for the project whose config turns typescript-eslint's rules on everywhere. */
const TS_SOURCES: Record<string, string> = {
  'src/generated/client.ts': "import express from 'express';\n\nexport const app = express();\napp.get('/', (req, res) => res.send('ok'));\n",
  'src/server.ts': "import express from 'express';\nimport { wrapResponses } from './wrap-responses.js';\n\nexport const app = express();\napp.use(wrapResponses());\napp.get('/', (req, res) => res.send('ok'));\n",
  'src/open.ts': "import express from 'express';\n\nexport const app = express();\napp.get('/', (req, res) => res.send('ok'));\n",
};

const OPTIONS = "{ ignores: ['src/generated/'] },\n  { settings: { 'express-security': { headerMiddleware: ['wrapResponses'] } } }";

/** The config forms a user writes, type-checked against the project's own ESLint types. */
const TYPE_FORMS_ESM = `import { defineConfig } from 'eslint/config';
import type { Linter } from 'eslint';
import security from '${PACKAGE_NAME}';

export const asArray: Linter.Config[] = [security.configs.recommended, security.configs.strict];
export const defined = defineConfig([security.configs.recommended, { settings: { 'express-security': {} } }]);
export const definedSpread = defineConfig(security.configs.strict);
export const byHand = defineConfig([{ plugins: { 'express-security': security }, rules: { 'express-security/require-helmet': ['error', { strict: true }] } }]);
export const byHandArray: Linter.Config[] = [{ plugins: { 'express-security': security } }];
`;

const TYPE_FORMS_CJS = `import { defineConfig } from 'eslint/config';
import type { Linter } from 'eslint';
import security = require('${PACKAGE_NAME}');

const asArray: Linter.Config[] = [security.configs.recommended, security.configs.strict];
const defined = defineConfig([security.configs.recommended]);
const byHand: Linter.Config[] = [{ plugins: { 'express-security': security } }];
export = { asArray, defined, byHand };
`;

interface Consumer {
  name: string;
  eslint: 'eslint' | 'eslint9';
  major: number;
  type: 'module' | 'commonjs';
  files: Record<string, string>;
  /** Files tsc checks. */
  typed: string[];
  sources: Record<string, string>;
  /** Packages linked from this repository besides ESLint and the plugin's own dependencies. */
  extra: string[];
}

const CONSUMERS: Consumer[] = [
  {
    name: 'CommonJS on ESLint 9',
    eslint: 'eslint9',
    major: 9,
    type: 'commonjs',
    files: {
      'eslint.config.cjs': `const security = require('${PACKAGE_NAME}');\n\nmodule.exports = [\n  ${OPTIONS},\n  security.configs.recommended,\n];\n`,
      'types.cts': TYPE_FORMS_CJS,
    },
    typed: ['types.cts'],
    sources: SOURCES,
    extra: [],
  },
  {
    name: 'ESM on ESLint 10',
    eslint: 'eslint',
    major: 10,
    type: 'module',
    files: {
      'eslint.config.js': `import security from '${PACKAGE_NAME}';\n\nexport default [\n  ${OPTIONS},\n  security.configs.recommended,\n];\n`,
      'types.mts': TYPE_FORMS_ESM,
    },
    typed: ['types.mts'],
    sources: SOURCES,
    extra: [],
  },
  {
    name: 'TypeScript with eslint.config.ts and defineConfig on ESLint 10',
    eslint: 'eslint',
    major: 10,
    type: 'module',
    files: {
      // The README's recipe, with the options the other projects have.
      'eslint.config.ts': `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import security from '${PACKAGE_NAME}';

export default defineConfig(tseslint.configs.recommended, ${OPTIONS.replace('},\n  {', '}, {')}, security.configs.recommended);

// typescript-eslint's own (deprecated) helper takes the configs too.
export const withTseslint = tseslint.config(...tseslint.configs.recommended, security.configs.recommended);
`,
      'types.mts': TYPE_FORMS_ESM,
    },
    typed: ['eslint.config.ts', 'types.mts'],
    sources: TS_SOURCES,
    extra: ['@typescript-eslint/parser', 'typescript-eslint', 'jiti'],
  },
];

describe.each(CONSUMERS)('the packed tarball in a fresh project: $name', (consumer) => {
  let project = '';
  beforeAll(() => {
    project = path.join(workspace, consumer.name.replace(/\W+/g, '-'));
    const installed = path.join(project, 'node_modules', PACKAGE_NAME);
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    link(path.join(ROOT, 'node_modules', consumer.eslint), path.join(project, 'node_modules', 'eslint'));
    for (const dependency of ['@typescript-eslint/utils', '@typescript-eslint/types', ...consumer.extra]) {
      link(path.join(ROOT, 'node_modules', dependency), path.join(project, 'node_modules', dependency));
    }
    write(project, { 'package.json': JSON.stringify({ name: 'consumer', private: true, type: consumer.type }), ...consumer.sources, ...consumer.files });
  });

  it('unpacks the built files only', () => {
    expect(readdirSync(path.join(project, 'node_modules', PACKAGE_NAME, 'dist'))).toContain('index.d.cts');
  });

  it('lints with the config file: the app with no headers is reported, the settings and the ignores apply', () => {
    const eslintBin = path.join(project, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const result = spawnSync(process.execPath, [eslintBin, '--format', 'json', '.'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const results = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string | null; line: number }[] }[];
    const findings = results.flatMap((r) => r.messages.map((m) => `${path.relative(project, r.filePath)}:${m.line} ${m.ruleId}`));
    const open = Object.keys(consumer.sources).find((file) => file.includes('open'))!;
    expect(findings).toEqual([`${open}:3 express-security/require-helmet`]);
    const version = execFileSync(process.execPath, [eslintBin, '--version'], { cwd: project, encoding: 'utf8' });
    expect(version.trim()).toMatch(new RegExp(`^v${consumer.major}\\.`));
  }, 120_000);

  it('type-checks the configs in each form against this ESLint major', () => {
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: consumer.typed,
      }),
    );
    const result = spawnSync(process.execPath, [TSC, '-p', project], { cwd: project, encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it("runs the packed audit bin, which honours the project's config file", () => {
    const bin = path.join(project, 'node_modules', PACKAGE_NAME, 'dist', 'cli.js');
    const result = spawnSync(process.execPath, [bin, 'audit', '.', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).not.toContain('could not be loaded');
    const results = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    // The project-level dependency findings (no lockfile, no monitoring) sit on package.json; the rules' findings on the sources.
    const ruleResults = results.filter((r) => r.messages.some((m) => m.ruleId.startsWith('express-security/')));
    expect(ruleResults.map((r) => `${path.relative(project, r.filePath)} ${r.messages.map((m) => m.ruleId).join(',')}`)).toEqual([
      `src/${Object.keys(consumer.sources).find((file) => file.includes('open'))!.slice(4)} express-security/require-helmet`,
    ]);
    expect(result.status).toBe(1);
  }, 120_000);
});
