// The BUILT package as users install it: dist/ loaded through Node's resolution of the `exports`
// map, from flat configs written as ESM and as CommonJS, on ESLint 10 and ESLint 9.
//
// `npm test` builds dist/ before vitest runs. To test a private build instead (while others
// rewrite dist/), build it with `npx tsup --silent -d /tmp/NAME/dist`, copy package.json beside it,
// link node_modules, and set EXPRESS_SECURITY_PACKAGE_DIR=/tmp/NAME.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_DIR = path.resolve(process.env.EXPRESS_SECURITY_PACKAGE_DIR ?? ROOT);
const PACKAGE_NAME = 'eslint-plugin-express-security';
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  module: string;
  types: string;
  exports: Record<string, unknown>;
};

/** The ESLint majors the peer dependency promises, and the installed package that provides each. */
const ESLINTS = [
  { major: 10, folder: 'eslint' },
  { major: 9, folder: 'eslint9' },
] as const;

const CJS_SERVER = `const express = require('express');
const app = express();
app.get('/', (req, res) => res.send('ok'));
app.listen(3000);
`;

const ESM_SERVER = `import express from 'express';

export const app = express();
app.get('/', (req, res) => res.send('ok'));
`;

const ESM_CONFIG = `import security from '${PACKAGE_NAME}';

export default [security.configs.recommended];
`;

const CJS_CONFIG = `const security = require('${PACKAGE_NAME}');

module.exports = [security.configs.recommended];
`;

/** Runs ESLint's ESLint class as a user's script would, and prints what it found. */
const LINT_SCRIPT = `import { ESLint } from 'eslint';

const eslint = new ESLint({ overrideConfigFile: process.argv[2] });
const results = await eslint.lintFiles(['.']);
const findings = results.flatMap((result) =>
  result.messages.map((message) => ({
    file: result.filePath.slice(process.cwd().length + 1),
    ruleId: message.ruleId,
    line: message.line,
    column: message.column,
    fatal: message.fatal ?? false,
    message: message.message,
  })),
);
console.log(JSON.stringify({ version: ESLint.version, findings }));
`;

interface LintOutput {
  version: string;
  findings: { file: string; ruleId: string | null; line: number; column: number; fatal: boolean; message: string }[];
}

let workspace = '';

function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
}

/** A user's project: its own node_modules with this package and one ESLint, two configs, a sample app. */
function makeProject(folder: string, eslintFolder: string): string {
  const project = path.join(workspace, folder);
  mkdirSync(project, { recursive: true });
  link(PACKAGE_DIR, path.join(project, 'node_modules', PACKAGE_NAME));
  link(path.join(ROOT, 'node_modules', eslintFolder), path.join(project, 'node_modules', 'eslint'));
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'sample-app', private: true }));
  writeFileSync(path.join(project, 'eslint.config.mjs'), ESM_CONFIG);
  writeFileSync(path.join(project, 'eslint.config.cjs'), CJS_CONFIG);
  writeFileSync(path.join(project, 'lint.mjs'), LINT_SCRIPT);
  writeFileSync(path.join(project, 'server.cjs'), CJS_SERVER);
  writeFileSync(path.join(project, 'server.mjs'), ESM_SERVER);
  return project;
}

function lint(project: string, configFile: string): LintOutput {
  const output = execFileSync(process.execPath, ['lint.mjs', configFile], { cwd: project, encoding: 'utf8' });
  return JSON.parse(output) as LintOutput;
}

/** Evaluates a CommonJS or ESM snippet in the project, so `exports` resolve as Node resolves them. */
function runNode(project: string, kind: 'cjs' | 'mjs', code: string): string {
  const file = path.join(project, `probe.${kind}`);
  writeFileSync(file, code);
  return execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim();
}

beforeAll(() => {
  if (!existsSync(path.join(PACKAGE_DIR, 'dist', 'index.js'))) {
    throw new Error(`No build in ${PACKAGE_DIR}/dist: run \`npm test\` (it builds first) or point EXPRESS_SECURITY_PACKAGE_DIR at a built package.`);
  }
  workspace = mkdtempSync(path.join(os.tmpdir(), 'express-security-packaging-'));
});

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('the Node.js these tests run on', () => {
  // `npm run test:node22` sets EXPECT_NODE_MAJOR, so a run that silently fell back to the
  // machine's default Node fails here instead of passing as a Node 22 run.
  it('is the major the run asked for, and one the package supports', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(20);
    if (process.env.EXPECT_NODE_MAJOR) expect(major).toBe(Number(process.env.EXPECT_NODE_MAJOR));
  });
});

describe.each(ESLINTS)('the built package on ESLint $major', ({ major, folder }) => {
  let project = '';
  beforeAll(() => {
    project = makeProject(`eslint-${major}`, folder);
  });

  it.each(['eslint.config.mjs', 'eslint.config.cjs'])('loads from %s and reports require-helmet on the sample app', (configFile) => {
    const { version, findings } = lint(project, configFile);
    expect(version.split('.')[0]).toBe(String(major));
    expect(findings).toEqual([
      {
        file: 'server.cjs',
        ruleId: 'express-security/require-helmet',
        line: 2,
        column: 13,
        fatal: false,
        message: expect.stringContaining('never gets security headers'),
      },
      {
        file: 'server.mjs',
        ruleId: 'express-security/require-helmet',
        line: 3,
        column: 20,
        fatal: false,
        message: expect.stringContaining('never gets security headers'),
      },
    ]);
  }, 120_000);
});

describe('the exports map', () => {
  let project = '';
  beforeAll(() => {
    project = makeProject('exports', 'eslint');
  });

  it('points import and require at dist files that exist, with types for each', () => {
    expect(packageJson.exports['.']).toEqual({
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    });
    expect(packageJson.main).toBe('./dist/index.cjs');
    expect(packageJson.module).toBe('./dist/index.js');
    expect(packageJson.types).toBe('./dist/index.d.ts');
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) {
      expect(existsSync(path.join(PACKAGE_DIR, 'dist', file)), file).toBe(true);
    }
  });

  it('require() gives the plugin itself, not { default }', () => {
    const output = runNode(
      project,
      'cjs',
      `const plugin = require('${PACKAGE_NAME}');
console.log(JSON.stringify({ meta: plugin.meta, hasDefault: 'default' in plugin, rules: Object.keys(plugin.rules),
  carriesItself: plugin.configs.recommended.plugins['express-security'] === plugin }));`,
    );
    expect(JSON.parse(output)).toEqual({
      meta: { name: packageJson.name, version: packageJson.version, namespace: 'express-security' },
      hasDefault: false,
      rules: [
        'no-auth-without-authz',
        'no-hardcoded-secret',
        'no-unguarded-fetch',
        'require-helmet',
        'require-rate-limit',
        'require-validation',
      ],
      carriesItself: true,
    });
  });

  it('import gives the plugin as the default export', () => {
    const output = runNode(
      project,
      'mjs',
      `import plugin from '${PACKAGE_NAME}';
import * as namespace from '${PACKAGE_NAME}';
console.log(JSON.stringify({ meta: plugin.meta, exports: Object.keys(namespace),
  carriesItself: plugin.configs.strict.plugins['express-security'] === plugin }));`,
    );
    expect(JSON.parse(output)).toEqual({
      meta: { name: packageJson.name, version: packageJson.version, namespace: 'express-security' },
      exports: ['default'],
      carriesItself: true,
    });
  });

  it('ships declarations that type-check for an ESM and a CommonJS consumer', () => {
    writeFileSync(
      path.join(project, 'consumer.mts'),
      `import security from '${PACKAGE_NAME}';
const name: string = security.meta.name;
const recommended = security.configs.recommended;
export default [recommended, { rules: { 'express-security/require-helmet': 'error' } }] as const;
export { name };
`,
    );
    writeFileSync(
      path.join(project, 'consumer.cts'),
      `import security = require('${PACKAGE_NAME}');
const version: string = security.meta.version;
export = [security.configs.strict, version];
`,
    );
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ['consumer.mts', 'consumer.cts'],
      }),
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(() => execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' })).not.toThrow();
  }, 120_000);

  it('the type-check would catch a wrong import: a CommonJS consumer reading .default', () => {
    writeFileSync(
      path.join(project, 'wrong.cts'),
      `import security = require('${PACKAGE_NAME}');
export = security.default.meta;
`,
    );
    writeFileSync(
      path.join(project, 'tsconfig.wrong.json'),
      JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ['wrong.cts'],
      }),
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', path.join(project, 'tsconfig.wrong.json')], { cwd: project, encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toMatch(/Property 'default' does not exist/);
  }, 120_000);
});

/** A `lint-staged` key of the form `*.{js,ts}`: matches a file's base name by its extension. */
function extensionsOf(glob: string): string[] {
  const match = /^\*\.\{([\w,]+)\}$/.exec(glob);
  if (!match) throw new Error(`examples/lint-staged uses a glob this test does not read: ${glob}`);
  return match[1]!.split(',');
}

describe('examples/lint-staged: the pre-commit command on staged files', () => {
  const example = path.join(ROOT, 'examples', 'lint-staged');
  const config = JSON.parse(readFileSync(path.join(example, 'package.json'), 'utf8')) as {
    'lint-staged': Record<string, string>;
  };
  let project = '';

  beforeAll(() => {
    // The example as a user's project: its package.json and eslint.config.js, with the packages installed.
    project = path.join(workspace, 'lint-staged');
    mkdirSync(project, { recursive: true });
    copyFileSync(path.join(example, 'package.json'), path.join(project, 'package.json'));
    copyFileSync(path.join(example, 'eslint.config.js'), path.join(project, 'eslint.config.js'));
    link(PACKAGE_DIR, path.join(project, 'node_modules', PACKAGE_NAME));
    link(path.join(ROOT, 'node_modules', 'eslint'), path.join(project, 'node_modules', 'eslint'));
    link(path.join(ROOT, 'node_modules', '@typescript-eslint', 'parser'), path.join(project, 'node_modules', '@typescript-eslint', 'parser'));
    const files: Record<string, string> = {
      'src/server.js': CJS_SERVER,
      'src/secure.mjs': `import express from 'express';\nimport helmet from 'helmet';\n\nexport const app = express();\napp.use(helmet());\n`,
      'src/orders.ts': `import { Router } from 'express';\nimport type { Request, Response } from 'express';\n\nexport const router = Router();\nrouter.get('/health', (req: Request, res: Response) => res.json({ ok: true }));\n`,
      'dist/server.js': CJS_SERVER,
      'README.md': '# shop-api\n',
    };
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      writeFileSync(path.join(project, file), content);
    }
  });

  /** What lint-staged does for one glob: the command, with the staged files it matches appended. */
  function runStaged(staged: string[]): { status: number | null; stdout: string; stderr: string; matched: string[] } {
    const entries = Object.entries(config['lint-staged']);
    expect(entries).toHaveLength(1);
    const [glob, command] = entries[0]!;
    const extensions = extensionsOf(glob);
    const matched = staged.filter((file) => extensions.includes(path.extname(file).slice(1)));
    const [binary, ...args] = command.split(/\s+/);
    expect(binary).toBe('eslint');
    const eslintBin = path.join(project, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const result = spawnSync(process.execPath, [eslintBin, ...args, ...matched.map((file) => path.join(project, file))], {
      cwd: project,
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, matched };
  }

  it('matches JavaScript and TypeScript files, not Markdown', () => {
    expect(extensionsOf(Object.keys(config['lint-staged'])[0]!)).toEqual(['js', 'cjs', 'mjs', 'ts', 'cts', 'mts']);
  });

  it('fails the commit on a staged app without helmet, naming the file and rule', () => {
    const { status, stdout, matched } = runStaged(['src/server.js', 'src/orders.ts', 'README.md']);
    expect(matched).toEqual(['src/server.js', 'src/orders.ts']);
    expect(status).toBe(1);
    expect(stdout).toContain(path.join(project, 'src', 'server.js'));
    const finding = stdout.split('\n').find((line) => line.trim().startsWith('2:13 '));
    expect(finding).toContain('error');
    expect(finding).toContain('express-security/require-helmet');
    expect(stdout).not.toContain('orders.ts');
  }, 120_000);

  it('passes clean staged files, TypeScript included, and a staged file the config ignores', () => {
    const { status, stdout, stderr } = runStaged(['src/secure.mjs', 'src/orders.ts', 'dist/server.js', 'README.md']);
    expect(stderr).toBe('');
    expect(stdout).toBe('');
    expect(status).toBe(0);
  }, 120_000);
});
