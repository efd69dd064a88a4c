// Fetches the benchmark corpus: pinned npm packages, packed with `npm pack` (which runs no
// install scripts and installs no dependencies), unpacked into the git-ignored bench/corpus/,
// keeping only their server code. Run: node bench/fetch-corpus.mjs [--force]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

/** The pinned packages and the folder of each tarball that holds its Express server code. */
export const CORPUS = [
  { name: 'ghost', version: '6.65.0', keep: 'package/core/server' },
  { name: 'parse-server', version: '9.10.0', keep: 'package/lib' },
  { name: 'json-server', version: '0.17.4', keep: 'package/lib' },
];

const here = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = path.join(here, 'corpus');
const SOURCE_EXTENSIONS = /\.(?:js|cjs|mjs|ts|cts|mts)$/;

/** Every source file under `dir`, sorted, so that every run sees the same order. */
export function listSourceFiles(dir) {
  const files = [];
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE_EXTENSIONS.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

function countLines(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (text.length === 0) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

function fetchPackage({ name, version, keep }, force) {
  const target = path.join(CORPUS_DIR, name);
  if (fs.existsSync(target) && !force) return target;
  const work = fs.mkdtempSync(path.join(CORPUS_DIR, '.pack-'));
  try {
    const tarballName = execFileSync(
      'npm',
      ['pack', `${name}@${version}`, '--ignore-scripts', '--silent', '--pack-destination', work],
      { encoding: 'utf8' },
    ).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', path.join(work, tarballName), '-C', work]);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(path.join(work, keep), target);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return target;
}

function main() {
  const force = process.argv.includes('--force');
  fs.mkdirSync(CORPUS_DIR, { recursive: true });
  const manifest = [];
  for (const pkg of CORPUS) {
    const dir = fetchPackage(pkg, force);
    const files = listSourceFiles(dir);
    const lines = files.reduce((sum, file) => sum + countLines(file), 0);
    manifest.push({ package: `${pkg.name}@${pkg.version}`, folder: pkg.keep, files: files.length, lines });
    console.log(`${pkg.name}@${pkg.version} ${pkg.keep}: ${files.length} files, ${lines} lines`);
  }
  const total = manifest.reduce((sum, entry) => sum + entry.lines, 0);
  console.log(`corpus: ${total} lines in ${CORPUS_DIR}`);
  fs.writeFileSync(path.join(CORPUS_DIR, 'manifest.json'), `${JSON.stringify({ packages: manifest, lines: total }, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
