#!/usr/bin/env node
// Builds dist/ with tsup only when it is missing or older than what it is built from, so
// `npm run demo` on a built clone starts at once instead of rebuilding every time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the build reads: the sources and the build's own configuration. */
const INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsup.config.ts'];
/** What it writes that the demo and the bin need. */
const OUTPUTS = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/cli.js'];

function newestMtime(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((name) => newestMtime(path.join(file, name))));
}

/** Why dist/ under root needs a build, or null when it is up to date. */
export function staleReason(root) {
  const missing = OUTPUTS.find((file) => !existsSync(path.join(root, file)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((file) => statSync(path.join(root, file)).mtimeMs));
  const changed = INPUTS.find((input) => newestMtime(path.join(root, input)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const reason = staleReason(root);
  if (reason) {
    console.error(`Building dist/ (${reason})…`);
    const tsup = path.join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js');
    const result = spawnSync(process.execPath, [tsup, '--silent'], { cwd: root, stdio: 'inherit' });
    process.exitCode = result.status ?? 1;
  }
}
