// The package as a new user gets it before it is published: a clean copy of the repository
// (the files git tracks, no dist/), `npm pack` there (its `prepack` builds dist/), and the
// tarball unpacked into three fresh projects — CommonJS on ESLint 9, ESM on ESLint 10, and
// TypeScript with `eslint.config.ts` and `defineConfig` — where ESLint lints with it, the
// configs type-check in each documented form, and the audit honours each project's config.
//
// Each project gets the tarball the way a user does, with `npm install`, offline: its
// package-lock.json offers npm every package this repository's lockfile holds (the versions
// `npm ci` put into the npm cache), and npm picks, and installs, only what the project's own
// dependencies and the plugin's dependencies and peers need. So the installed tree is npm's
// answer to "what does a project with this plugin get", here checked for its footprint.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_NAME = 'eslint-plugin-express-security';
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

let workspace = '';
let tarball = '';
let packedFiles: string[] = [];
let packedManifest: { version: string; dependencies: Record<string, string>; peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, unknown>; bin: Record<string, string>; engines: Record<string, string> };

interface LockEntry {
  version?: string;
  dev?: boolean;
  peer?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  [field: string]: unknown;
}

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
  packedManifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as typeof packedManifest;
}, 180_000);

/** The registry npm is set up with here (its tarball addresses are what the cache holds). */
const REGISTRY = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim().replace(/\/?$/, '/');

/**
 * A package-lock.json for a fresh project: the project's own entry, the tarball, and every package
 * of this repository's lockfile at its place (flags left for npm to work out; on ESLint 9 the
 * `eslint9` alias stands at `node_modules/eslint`). npm prunes what nothing needs.
 */
function consumerLock(devDependencies: Record<string, string>, eslintMajor: number): string {
  const ours = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = { '': { name: 'consumer', version: '1.0.0', devDependencies } };
  for (const [location, entry] of Object.entries(ours.packages)) {
    if (location === '') continue;
    let at = location;
    if (eslintMajor === 9) {
      if (location === 'node_modules/eslint' || location.startsWith('node_modules/eslint/')) continue;
      if (location === 'node_modules/eslint9' || location.startsWith('node_modules/eslint9/')) at = location.replace('node_modules/eslint9', 'node_modules/eslint');
    } else if (location === 'node_modules/eslint9' || location.startsWith('node_modules/eslint9/')) {
      continue;
    }
    const rest: LockEntry = { ...entry };
    delete rest.dev;
    delete rest.peer;
    delete rest.devOptional;
    // Where the tarball is, so npm takes it from the cache by its integrity without asking for the package's metadata.
    if (typeof rest.version === 'string' && rest.resolved === undefined && typeof rest.integrity === 'string') {
      const name = typeof rest.name === 'string' ? rest.name : location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
      rest.resolved = `${REGISTRY}${name}/-/${name.slice(name.indexOf('/') + 1)}-${rest.version}.tgz`;
    }
    packages[at] = rest;
  }
  const { version, dependencies, peerDependencies, peerDependenciesMeta, bin, engines } = packedManifest;
  packages[`node_modules/${PACKAGE_NAME}`] = {
    version,
    resolved: `file:../${path.basename(tarball)}`,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    license: 'MIT',
    dependencies,
    peerDependencies,
    peerDependenciesMeta,
    bin,
    engines,
  };
  return `${JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

/** Every package directory under node_modules, nested ones included, as `a/node_modules/b` paths. */
function installedPackages(project: string): string[] {
  const lock = JSON.parse(readFileSync(path.join(project, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  return Object.keys(lock.packages).filter((location) => location.startsWith('node_modules/')).map((location) => location.slice('node_modules/'.length)).sort();
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(at);
    else if (entry.isFile()) total += statSync(at).size;
  }
  return total;
}

const OUR_DEV = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
/** The versions this repository tests with, so npm finds each one in the lockfile and the cache. */
const VERSION = (name: string): string => OUR_DEV[name]!.replace(/^npm:[^@]+@/, '');

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
}, 60_000);

describe('npm pack on a clean clone', () => {
  it('builds dist/ first (prepack), so the tarball has the bundles, the declarations and the bin', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/cli.js', 'package.json', 'README.md', 'LICENSE']) {
      expect(packedFiles).toContain(file);
    }
    expect(packedFiles.filter((file) => file.startsWith('src/') || file.startsWith('tests/'))).toEqual([]);
  });

  it('ships declarations that name only ESLint\'s types, which every project has', () => {
    for (const file of ['package/dist/index.d.ts', 'package/dist/index.d.cts']) {
      const declarations = execFileSync('tar', ['-xzOf', tarball, file], { encoding: 'utf8' });
      expect([...declarations.matchAll(/from ['"]([^'"]+)['"]/g)].map((match) => match[1])).toEqual(['eslint']);
    }
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
  major: number;
  type: 'module' | 'commonjs';
  files: Record<string, string>;
  /** Files tsc checks. */
  typed: string[];
  sources: Record<string, string>;
  /** What the project installs besides the plugin (ESLint among them). */
  devDependencies: Record<string, string>;
  /** Whether the project lints JavaScript only (and so must get no TypeScript). */
  javascriptOnly: boolean;
  /** Whether the project also sets up the README's pre-commit hook (husky and lint-staged). */
  preCommit?: boolean;
}

const CONSUMERS: Consumer[] = [
  {
    name: 'CommonJS on ESLint 9',
    major: 9,
    type: 'commonjs',
    files: {
      'eslint.config.cjs': `const security = require('${PACKAGE_NAME}');\n\nmodule.exports = [\n  ${OPTIONS},\n  security.configs.recommended,\n];\n`,
      'types.cts': TYPE_FORMS_CJS,
    },
    typed: ['types.cts'],
    sources: SOURCES,
    devDependencies: { eslint: VERSION('eslint9') },
    javascriptOnly: true,
  },
  {
    name: 'ESM on ESLint 10',
    major: 10,
    type: 'module',
    files: {
      'eslint.config.js': `import security from '${PACKAGE_NAME}';\n\nexport default [\n  ${OPTIONS},\n  security.configs.recommended,\n];\n`,
      'types.mts': TYPE_FORMS_ESM,
    },
    typed: ['types.mts'],
    sources: SOURCES,
    devDependencies: { eslint: VERSION('eslint'), husky: VERSION('husky'), 'lint-staged': VERSION('lint-staged') },
    javascriptOnly: true,
    preCommit: true,
  },
  {
    name: 'TypeScript with eslint.config.ts and defineConfig on ESLint 10',
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
    devDependencies: {
      eslint: VERSION('eslint'),
      '@typescript-eslint/parser': VERSION('@typescript-eslint/parser'),
      'typescript-eslint': VERSION('typescript-eslint'),
      typescript: VERSION('typescript'),
      jiti: VERSION('jiti'),
    },
    javascriptOnly: false,
  },
];

/** The README's pre-commit recipe: its shell lines (after `npm install`) and its lint-staged block. */
function readmePreCommit(): { commands: string[]; lintStaged: Record<string, string> } {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('A pre-commit hook with [husky]'));
  const shell = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  const commands = shell
    .split('\n')
    .map((line) => (line.includes(' #') ? line.slice(0, line.indexOf(' #')) : line).trim())
    .filter((line) => line !== '' && !line.startsWith('npm install'));
  const json = /```json\n([\s\S]*?)```/.exec(section)![1]!;
  return { commands, lintStaged: (JSON.parse(json) as { 'lint-staged': Record<string, string> })['lint-staged'] };
}

describe.each(CONSUMERS)('the packed tarball in a fresh project: $name', (consumer) => {
  let project = '';
  beforeAll(() => {
    project = path.join(workspace, consumer.name.replace(/\W+/g, '-'));
    const devDependencies = { ...consumer.devDependencies, [PACKAGE_NAME]: `file:../${path.basename(tarball)}` };
    write(project, {
      'package.json': JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: consumer.type, devDependencies }, null, 2),
      'package-lock.json': consumerLock(devDependencies, consumer.major),
      ...consumer.sources,
      ...consumer.files,
    });
    const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`npm install --offline failed in ${consumer.name}:\n${install.stderr}`);
  }, 180_000);

  it('installs with npm offline, the plugin with ^ ranges and nothing nested under it', () => {
    expect(Object.values(packedManifest.dependencies).every((range) => range.startsWith('^'))).toBe(true);
    expect(existsSync(path.join(project, 'node_modules', PACKAGE_NAME, 'node_modules'))).toBe(false);
    // One copy of each typescript-eslint package, at the top: the plugin shares the project's.
    expect(installedPackages(project).filter((location) => location.includes('/node_modules/@typescript-eslint/'))).toEqual([]);
  });

  it.runIf(consumer.javascriptOnly)('gets no TypeScript in a JavaScript-only project: the plugin adds itself and @typescript-eslint/types', () => {
    const installed = installedPackages(project);
    expect(installed.filter((location) => /(?:^|\/)(?:typescript|@typescript-eslint\/(?!types$)[^/]+|ts-api-utils)$/.test(location))).toEqual([]);
    expect(installed.filter((location) => location.startsWith('@typescript-eslint/'))).toEqual(['@typescript-eslint/types']);
    // @eslint-community/eslint-utils is ESLint's own dependency: the same single copy.
    expect(installed.filter((location) => location.endsWith('@eslint-community/eslint-utils'))).toEqual(['@eslint-community/eslint-utils']);
    const added = bytesUnder(path.join(project, 'node_modules', PACKAGE_NAME)) + bytesUnder(path.join(project, 'node_modules', '@typescript-eslint', 'types'));
    // The README says "about 1 MB".
    expect(added).toBeLessThan(1.5 * 1024 * 1024);
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
    // Without the TypeScript parser the audit skips the one TypeScript file (the type checks) and says so.
    if (consumer.javascriptOnly) expect(result.stderr).toContain('express-security: note: 1 TypeScript file(s) skipped');
    else expect(result.stderr).not.toContain('TypeScript');
  }, 120_000);

  it.runIf(!consumer.javascriptOnly)(`needs jiti for eslint.config.ts on Node ${process.versions.node}, as the README says`, () => {
    const jiti = path.join(project, 'node_modules', 'jiti');
    const hidden = path.join(project, 'node_modules', '.jiti-hidden');
    renameSync(jiti, hidden);
    try {
      const eslintBin = path.join(project, 'node_modules', 'eslint', 'bin', 'eslint.js');
      const result = spawnSync(process.execPath, [eslintBin, '.'], { cwd: project, encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("The 'jiti' library is required for loading TypeScript configuration files");
    } finally {
      renameSync(hidden, jiti);
    }
  }, 120_000);

  it.runIf(consumer.preCommit === true)("runs the README's husky and lint-staged hook: a commit with a finding is refused, a clean one goes through", () => {
    const { commands, lintStaged } = readmePreCommit();
    expect(commands).toEqual(['npx husky init', 'echo "npx lint-staged" > .husky/pre-commit']);
    const repo = path.join(workspace, 'pre-commit');
    mkdirSync(repo);
    // The project as it was installed, in its own git repository (node_modules linked, not committed).
    for (const name of readdirSync(project)) {
      if (name === 'node_modules') symlinkSync(path.join(project, name), path.join(repo, name), 'dir');
      else if (!['bad-settings', 'empty'].includes(name)) execFileSync('cp', ['-r', path.join(project, name), repo]);
    }
    const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ ...manifest, 'lint-staged': lintStaged }, null, 2));
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', HUSKY: undefined, CI: undefined };
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8', env });
    expect(git('init', '-q').status).toBe(0);
    for (const command of commands) {
      const result = spawnSync('sh', ['-c', command], { cwd: repo, encoding: 'utf8', env });
      expect(result.status, `${command}: ${result.stderr}`).toBe(0);
    }
    expect(readFileSync(path.join(repo, '.husky', 'pre-commit'), 'utf8')).toBe('npx lint-staged\n');
    expect((JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.prepare).toBe('husky');

    git('add', '.gitignore', 'package.json', 'eslint.config.js', 'src/open.js');
    const refused = git('commit', '-q', '-m', 'An app without helmet');
    expect(refused.status).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain('express-security/require-helmet');
    expect(git('rev-parse', '--verify', 'HEAD').status).not.toBe(0);

    git('reset', '-q', 'src/open.js');
    git('add', 'src/server.js');
    const accepted = git('commit', '-q', '-m', 'The app with its header middleware');
    expect(accepted.status, `${accepted.stdout}${accepted.stderr}`).toBe(0);
    expect(git('show', '--name-only', '--format=', 'HEAD').stdout.trim().split('\n').sort()).toEqual(['.gitignore', 'eslint.config.js', 'package.json', 'src/server.js']);
  }, 120_000);

  it.runIf(consumer.javascriptOnly)('says TypeScript files are skipped only when there are some, and settings mistakes in one line', () => {
    const bin = path.join(project, 'node_modules', PACKAGE_NAME, 'dist', 'cli.js');
    mkdirSync(path.join(project, 'empty'));
    const empty = spawnSync(process.execPath, [bin, 'audit', 'empty'], { cwd: project, encoding: 'utf8' });
    expect(empty.stderr).not.toContain('TypeScript');
    expect(empty.status).toBe(0);
    writeFileSync(path.join(project, 'src', 'typed.ts'), 'export const answer: number = 42;\n');
    writeFileSync(path.join(project, 'src', 'generated', 'typed.ts'), 'export const ignored: number = 1;\n');
    const typed = spawnSync(process.execPath, [bin, 'audit', '.'], { cwd: project, encoding: 'utf8' });
    rmSync(path.join(project, 'src', 'typed.ts'));
    rmSync(path.join(project, 'src', 'generated', 'typed.ts'));
    expect(typed.stderr).toContain(
      'express-security: note: 2 TypeScript file(s) skipped: @typescript-eslint/parser is not installed (npm install --save-dev @typescript-eslint/parser)\n',
    );

    // ESLint prints a thrown error's stack: a settings mistake's is its message, naming the key.
    const bad = path.join(project, 'bad-settings');
    write(bad, {
      [consumer.type === 'module' ? 'eslint.config.js' : 'eslint.config.cjs']:
        consumer.type === 'module'
          ? `import security from '${PACKAGE_NAME}';\nexport default [security.configs.recommended, { settings: { 'express-security': { authMiddleware: ['requireUser'] } } }];\n`
          : `const security = require('${PACKAGE_NAME}');\nmodule.exports = [security.configs.recommended, { settings: { 'express-security': { authMiddleware: ['requireUser'] } } }];\n`,
      'app.js': "const express = require('express');\n",
    });
    const eslintBin = path.join(project, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const lint = spawnSync(process.execPath, [eslintBin, '.'], { cwd: bad, encoding: 'utf8' });
    expect(lint.status).toBe(2);
    const lines = lint.stderr.trim().split('\n');
    expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
    expect(lines.at(-2)).toMatch(/^Error while loading rule 'express-security\/[a-z-]+': settings\['express-security'\] has an unknown key 'authMiddleware'; known keys are headerMiddleware, /);
    // ESLint reads the folder's files concurrently: whichever it lints first (app.js or the config file) names the mistake.
    expect(lines.at(-1)).toMatch(/^Occurred while linting /);
    expect([path.join(bad, 'app.js'), path.join(bad, consumer.type === 'module' ? 'eslint.config.js' : 'eslint.config.cjs')]).toContain(
      lines.at(-1)!.slice('Occurred while linting '.length).replace(/:\d+$/, ''),
    );
  }, 120_000);
});
