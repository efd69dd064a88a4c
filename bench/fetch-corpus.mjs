// Fetches the benchmark corpus: pinned npm packages, packed with `npm pack` (which runs no
// install scripts and installs no dependencies), unpacked into the git-ignored bench/corpus/,
// keeping only their server code. Run: node bench/fetch-corpus.mjs [--force] [--corpus express|ts|all]
// The second corpus (`ts`, into bench/corpus-ts/) has another shape: an app server written in
// TypeScript and published as its tsc output, CommonJS in `dist/`, with large files and a large
// majority of modules that never touch Express (services, database code, workflow engine).
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

/** The second corpus: n8n's server, TypeScript compiled by tsc to CommonJS. */
export const CORPUS_TS = [{ name: 'n8n', version: '2.41.3', keep: 'package/dist', onlyJavaScript: true }];

const here = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = path.join(here, 'corpus');
export const CORPUS_TS_DIR = path.join(here, 'corpus-ts');
/** The corpora by the name `--corpus` takes. */
export const CORPORA = {
  express: { packages: CORPUS, dir: CORPUS_DIR },
  ts: { packages: CORPUS_TS, dir: CORPUS_TS_DIR },
};
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

/** Removes every file but compiled JavaScript (tsc's `.d.ts` and source maps are no code to lint). */
function keepJavaScriptOnly(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) keepJavaScriptOnly(full);
    else if (!/\.(?:js|cjs|mjs)$/.test(entry.name)) fs.rmSync(full);
  }
}

function fetchPackage({ name, version, keep, onlyJavaScript = false }, corpusDir, force) {
  const target = path.join(corpusDir, name);
  if (fs.existsSync(target) && !force) return target;
  const work = fs.mkdtempSync(path.join(corpusDir, '.pack-'));
  try {
    const tarballName = execFileSync(
      'npm',
      ['pack', `${name}@${version}`, '--ignore-scripts', '--silent', '--pack-destination', work],
      { encoding: 'utf8' },
    ).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', path.join(work, tarballName), '-C', work]);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(path.join(work, keep), target);
    if (onlyJavaScript) keepJavaScriptOnly(target);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return target;
}

/** Fetches one corpus (`express` or `ts`) and writes its manifest. */
export function fetchCorpus(which = 'express', force = false) {
  const { packages, dir: corpusDir } = CORPORA[which];
  fs.mkdirSync(corpusDir, { recursive: true });
  const manifest = [];
  for (const pkg of packages) {
    const dir = fetchPackage(pkg, corpusDir, force);
    const files = listSourceFiles(dir);
    const lines = files.reduce((sum, file) => sum + countLines(file), 0);
    manifest.push({ package: `${pkg.name}@${pkg.version}`, folder: pkg.keep, files: files.length, lines });
    console.log(`${pkg.name}@${pkg.version} ${pkg.keep}: ${files.length} files, ${lines} lines`);
  }
  const total = manifest.reduce((sum, entry) => sum + entry.lines, 0);
  console.log(`corpus: ${total} lines in ${corpusDir}`);
  fs.writeFileSync(path.join(corpusDir, 'manifest.json'), `${JSON.stringify({ packages: manifest, lines: total }, null, 2)}\n`);
}

function main() {
  const force = process.argv.includes('--force');
  const flag = process.argv.indexOf('--corpus');
  const which = flag >= 0 ? process.argv[flag + 1] : 'express';
  if (which !== 'all' && !CORPORA[which]) throw new Error(`unknown --corpus ${which}; use express, ts or all`);
  for (const name of which === 'all' ? Object.keys(CORPORA) : [which]) fetchCorpus(name, force);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
