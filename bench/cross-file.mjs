// The cross-file work of one lint run per corpus: how many project files the rules parsed to
// follow a linted file's relative imports, how many times a parsed file was reused from the
// process's cache, and how many did not parse; with following imports on (`recommended`) and
// off (`recommended-no-imports`, `followImports: false`), and the findings of each.
//   node bench/cross-file.mjs [--dir DIR [--base commonjs|demo]] [--repeat N] [--json]
// Each run also has ESLint's `stats` on: this plugin's rule time (cross-file parsing included, it
// happens inside the rules) as a share of the same run's other work; median of N runs (default 3).
// Without --dir: the benchmark corpus, each app in /work/shared/realworld/apps/ and examples/
// (with the parser setup of `npm run demo`).
//
// The counters (`crossFileStats` in src/analysis/cross-file/load.ts) are not exported by the
// built dist/, so this script bundles the TypeScript sources itself with esbuild (the bundler
// under tsup) from an entry that exports the plugin and the counters from one module instance,
// into the git-ignored bench/results/cross-file-build/. The rules are the same code as dist/'s,
// built from the working tree's src/ at the time of the run. Each corpus and configuration is
// linted in a process of its own (as lint-runner.mjs does: no cache, one thread), so the parse
// cache starts empty for each.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { PROJECT_ROOT, baseFor, buildConfig, flagValue, machineName } from './configs.mjs';
import { CORPUS_DIR } from './fetch-corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(here, 'results');
const BUILD_DIR = path.join(RESULTS_DIR, 'cross-file-build');
const REALWORLD_APPS = '/work/shared/realworld/apps';
const CONFIGS = ['recommended', 'recommended-no-imports'];

/** Bundles src/ with the counters exported next to the plugin; returns the bundle's path. */
async function buildInstrumented() {
  const { build } = await import('esbuild');
  const outfile = path.join(BUILD_DIR, 'index.js');
  await build({
    stdin: {
      contents: [
        "export { default } from './src/index.ts';",
        "export { crossFileStats } from './src/analysis/cross-file/load.ts';",
      ].join('\n'),
      resolveDir: PROJECT_ROOT,
      sourcefile: 'bench-cross-file-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** The corpora to count: --dir alone, or the benchmark's default set. */
function corpora() {
  const dir = flagValue('--dir');
  if (dir) return [{ name: path.basename(path.resolve(dir)), dir: path.resolve(dir), base: flagValue('--base', 'commonjs') }];
  const list = [{ name: 'benchmark corpus', dir: CORPUS_DIR, base: 'commonjs' }];
  if (fs.existsSync(REALWORLD_APPS)) {
    for (const app of fs.readdirSync(REALWORLD_APPS).sort()) {
      const dir = path.join(REALWORLD_APPS, app);
      if (fs.statSync(dir).isDirectory()) list.push({ name: app, dir, base: 'commonjs' });
    }
  }
  list.push({ name: 'examples/', dir: path.join(PROJECT_ROOT, 'examples'), base: 'demo' });
  return list;
}

/** In the child: one lint run, printing files, findings and the counters as one JSON line. */
async function child() {
  const bundle = flagValue('--bundle');
  const loaded = await import(pathToFileURL(bundle).href);
  const plugin = loaded.default;
  const eslint = new ESLint({
    cwd: path.resolve(flagValue('--dir')),
    overrideConfigFile: true,
    overrideConfig: buildConfig(flagValue('--config'), plugin, null, await baseFor(flagValue('--base', 'commonjs'))),
    cache: false,
    concurrency: 'off',
    stats: true,
    errorOnUnmatchedPattern: false,
  });
  const results = await eslint.lintFiles(['.']);
  let ruleMs = 0;
  let totalMs = 0;
  for (const result of results) {
    for (const pass of result.stats?.times?.passes ?? []) {
      totalMs += pass.total ?? 0;
      for (const [ruleId, timing] of Object.entries(pass.rules ?? {})) if (ruleId.startsWith('express-security/')) ruleMs += timing.total;
    }
  }
  let findings = 0;
  let fatal = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) fatal += 1;
      else if (message.ruleId?.startsWith('express-security/')) findings += 1;
    }
  }
  process.stdout.write(`${JSON.stringify({ files: results.length, fatal, findings, ruleMs, share: ruleMs / (totalMs - ruleMs), ...loaded.crossFileStats })}\n`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const percent = (share) => `+${(share * 100).toFixed(1)}%`;

/**
 * `repeat` runs of each configuration, alternated so that a busy spell of the machine falls on
 * both: per configuration the counters of the first run (they do not vary), the median and range
 * of the rule-time share.
 */
function runAlternated(bundle, corpus, configs, repeat) {
  const runs = configs.map(() => []);
  for (let round = 0; round < repeat; round++) configs.forEach((config, i) => runs[i].push(runChild(bundle, corpus, config)));
  return runs.map((list) => {
    const shares = list.map((run) => run.share).sort((a, b) => a - b);
    return { ...list[0], share: median(shares), shares, ruleMs: median(list.map((run) => run.ruleMs)) };
  });
}

function runChild(bundle, corpus, config) {
  const args = [fileURLToPath(import.meta.url), '--child', '--bundle', bundle, '--dir', corpus.dir, '--base', corpus.base, '--config', config];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${corpus.name} ${config} failed:\n${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

async function main() {
  const bundle = await buildInstrumented();
  const rows = [];
  for (const corpus of corpora()) {
    if (!fs.existsSync(corpus.dir)) {
      console.error(`skipped ${corpus.name}: ${corpus.dir} does not exist (node bench/fetch-corpus.mjs for the corpus)`);
      continue;
    }
    const repeat = Number(flagValue('--repeat', '3'));
    const [on, off] = runAlternated(bundle, corpus, CONFIGS, repeat);
    rows.push({ corpus: corpus.name, dir: corpus.dir, base: corpus.base, on, off });
    console.error(`  ${corpus.name}: parsed ${on.parsed}, hits ${on.hits}, failed ${on.failed}`);
  }
  const lines = [
    `Machine: ${machineName()}`,
    'Cross-file counters of one whole lint run per corpus, `recommended` (following imports) and `recommended-no-imports` (`followImports: false`).',
    '',
    `Rule time: ESLint \`stats\`, this plugin's rules over the rest of the same run's work, median of ${rows[0]?.on.shares.length ?? 0} run(s) (range), and the median milliseconds of the plugin's rules.`,
    '',
    '| corpus | files linted | project files parsed | cache hits | failed parses | findings, following | findings, not following | counters when off | rule time, following | rule time, not following |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---:|',
  ];
  const range = (result) => `${percent(result.share)} (${percent(result.shares[0])} to ${percent(result.shares.at(-1))}), ${Math.round(result.ruleMs)} ms`;
  for (const { corpus, on, off } of rows) {
    const offCounters = `${off.parsed} / ${off.hits} / ${off.failed}`;
    lines.push(`| ${corpus} | ${on.files} | ${on.parsed} | ${on.hits} | ${on.failed} | ${on.findings} | ${off.findings} | ${offCounters} | ${range(on)} | ${range(off)} |`);
  }
  const text = lines.join('\n');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'cross-file.json'), `${JSON.stringify({ machine: machineName(), date: new Date().toISOString(), rows }, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, 'cross-file.md'), `${text}\n`);
  console.log(process.argv.includes('--json') ? JSON.stringify(rows, null, 2) : text);
}

const run = process.argv.includes('--child') ? child : main;
run().catch((error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
