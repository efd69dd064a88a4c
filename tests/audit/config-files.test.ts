// The audit reads the project's ESLint config as ESLint finds it: every config file name
// (eslint.config.{js,mjs,cjs,ts,mts,cts}, TypeScript through jiti as ESLint loads it) or the
// file named by --config. Its global ignores and its express-security settings apply.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit, temporaryProjects } from './run';

const { project, cleanUp } = temporaryProjects('express-security-config-');
afterAll(cleanUp);

/** An app whose headers come from a middleware only the settings name. */
const SERVER = "const express = require('express');\nconst wrapResponses = require('./wrap-responses');\nconst app = express();\napp.use(wrapResponses());\napp.get('/', (req, res) => res.send('ok'));\n";
/** Generated code with no headers at all: reported unless the config ignores it. */
const GENERATED = "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\n";

const ENTRIES = "[\n  { ignores: ['src/generated/'] },\n  { settings: { 'express-security': { headerMiddleware: ['wrapResponses'] } } },\n]";

const CONFIGS: Record<string, string> = {
  'eslint.config.js': `export default ${ENTRIES};\n`,
  'eslint.config.mjs': `export default ${ENTRIES};\n`,
  'eslint.config.cjs': `module.exports = ${ENTRIES};\n`,
  'eslint.config.ts': `import type { Linter } from 'eslint';\n\nconst config: Linter.Config[] = ${ENTRIES};\n\nexport default config;\n`,
  'eslint.config.mts': `interface Entry { ignores?: string[]; settings?: Record<string, unknown> }\n\nexport default ${ENTRIES} satisfies Entry[];\n`,
  'eslint.config.cts': `const config: unknown[] = ${ENTRIES};\n\nmodule.exports = config;\n`,
};

async function findingFiles(dir: string, ...options: string[]): Promise<{ status: number; files: string[]; stderr: string }> {
  const { status, stdout, stderr } = await audit(dir, '--format', 'json', ...options);
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string }[] }[];
  return { status, stderr, files: results.map((result) => `${path.relative(dir, result.filePath)} ${result.messages.map((m) => m.ruleId).join(',')}`) };
}

describe('the project config the audit reads', () => {
  it('without a config: the generated app is reported, and so is the app whose header middleware is unknown', async () => {
    const dir = project({ 'server.js': SERVER, 'src/generated/client.js': GENERATED });
    const { status, files } = await findingFiles(dir);
    expect(status).toBe(1);
    expect(files).toEqual(['server.js express-security/require-helmet', 'src/generated/client.js express-security/require-helmet']);
  });

  it.each(Object.keys(CONFIGS))('%s: its ignores and settings apply', async (name) => {
    const dir = project({ [name]: CONFIGS[name]!, 'server.js': SERVER, 'src/generated/client.js': GENERATED });
    const { status, files, stderr } = await findingFiles(dir);
    expect(stderr).not.toContain('note:');
    expect(files).toEqual([]);
    expect(status).toBe(0);
  });

  it('--config names a config elsewhere, relative to the working directory', async () => {
    const dir = project({ 'lint/audit.config.mts': CONFIGS['eslint.config.mts']!, 'server.js': SERVER, 'src/generated/client.js': GENERATED });
    const { status, files } = await findingFiles(dir, '--config', path.relative(process.cwd(), path.join(dir, 'lint/audit.config.mts')));
    expect(files).toEqual([]);
    expect(status).toBe(0);
  });

  it('--config wins over the config in the folder', async () => {
    const dir = project({ 'eslint.config.js': 'export default [];\n', 'other.config.cjs': CONFIGS['eslint.config.cjs']!, 'server.js': SERVER, 'src/generated/client.js': GENERATED });
    expect((await findingFiles(dir)).status).toBe(1);
    expect((await findingFiles(dir, '--config', path.join(dir, 'other.config.cjs'))).status).toBe(0);
  });

  it('notes a TypeScript config that cannot be loaded, and audits without it', async () => {
    const dir = project({ 'eslint.config.ts': "import missing from 'a-plugin-that-is-not-installed';\n\nexport default [missing as object];\n", 'server.js': SERVER });
    const { status, stderr } = await audit(dir);
    expect(status).toBe(1);
    expect(stderr).toContain('note: eslint.config.ts could not be loaded');
  });
});
