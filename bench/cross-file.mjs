// The cross-file work of one lint run per corpus: how many project files the rules parsed to
// follow a linted file's relative imports, how many times a parsed file was reused from the
// process's cache, and how many did not parse; per configuration (`recommended` and `strict` by
// default; `recommended-no-imports` is `recommended` with `followImports: false`, where every
// counter is 0), and the findings of each.
// Each run also has ESLint's `stats` on: this plugin's rule time (cross-file parsing included, it
// happens inside the rules) as a share of the same run's other work; median of N runs (default 1).
// Without --dir: both benchmark corpora, each app in /work/shared/realworld/apps/ and examples/
// (with the parser setup of `npm run demo`).
//
// The counters are the plugin's own (src/analysis/engine/stats.ts), kept on
// `globalThis[Symbol.for('eslint-plugin-express-security/stats')]`, never printed in normal use:
// the child lints with the built plugin (dist/, or --plugin PATH) and reads them after the run.
// Besides the cross-file ones: function summaries (which parameters of a service or DAO function
// pick records) computed and reused, and files whose Express model was built or skipped by the
// cheap first check. Each corpus and configuration is linted in a process of its own (as
// lint-runner.mjs does: no cache, one thread), so the parse cache starts empty for each.
//   node bench/cross-file.mjs [--plugin PATH] [--configs recommended,strict] [--repeat N] [--dir DIR [--base commonjs|demo]]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { PROJECT_ROOT, baseFor, buildConfig, flagValue, loadPlugin, machineName, pluginPathFrom } from './configs.mjs';
import { CORPUS_DIR, CORPUS_TS_DIR } from './fetch-corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(here, 'results');
const REALWORLD_APPS = '/work/shared/realworld/apps';
const STATS_KEY = Symbol.for('eslint-plugin-express-security/stats');

/** The corpora to count: --dir alone, or the benchmark's default set. */
function corpora() {
  const dir = flagValue('--dir');
  if (dir) return [{ name: path.basename(path.resolve(dir)), dir: path.resolve(dir), base: flagValue('--base', 'commonjs') }];
  const list = [
    { name: 'benchmark corpus', dir: CORPUS_DIR, base: 'commonjs' },
    { name: 'second corpus (n8n)', dir: CORPUS_TS_DIR, base: 'commonjs' },
  ];
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
  const plugin = await loadPlugin(pluginPathFrom());
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
  const stats = globalThis[STATS_KEY] ?? { files: {}, crossFile: {}, summaries: {} };
  const counters = {
    ...stats.crossFile,
    summaries: stats.summaries.computed,
    summaryHits: stats.summaries.hits,
    modelsBuilt: stats.files.analysed,
    modelsSkipped: stats.files.skipped,
  };
  process.stdout.write(`${JSON.stringify({ files: results.length, fatal, findings, ruleMs, share: ruleMs / (totalMs - ruleMs), ...counters })}\n`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const percent = (share) => `+${(share * 100).toFixed(1)}%`;

/**
 * `repeat` runs of each configuration, alternated so that a busy spell of the machine falls on
 * both: per configuration the counters of the first run (they do not vary), the median and range
 * of the rule-time share.
 */
function runAlternated(pluginPath, corpus, configs, repeat) {
  const runs = configs.map(() => []);
  for (let round = 0; round < repeat; round++) configs.forEach((config, i) => runs[i].push(runChild(pluginPath, corpus, config)));
  return runs.map((list) => {
    const shares = list.map((run) => run.share).sort((a, b) => a - b);
    return { ...list[0], share: median(shares), shares, ruleMs: median(list.map((run) => run.ruleMs)) };
  });
}

function runChild(pluginPath, corpus, config) {
  const args = [fileURLToPath(import.meta.url), '--child', '--plugin', pluginPath, '--dir', corpus.dir, '--base', corpus.base, '--config', config];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${corpus.name} ${config} failed:\n${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

async function main() {
  const pluginPath = pluginPathFrom();
  const configs = flagValue('--configs', 'recommended,strict').split(',');
  const repeat = Number(flagValue('--repeat', '1'));
  const rows = [];
  for (const corpus of corpora()) {
    if (!fs.existsSync(corpus.dir)) {
      console.error(`skipped ${corpus.name}: ${corpus.dir} does not exist (node bench/fetch-corpus.mjs for the corpus)`);
      continue;
    }
    const results = runAlternated(pluginPath, corpus, configs, repeat);
    rows.push({ corpus: corpus.name, dir: corpus.dir, base: corpus.base, results: Object.fromEntries(configs.map((config, i) => [config, results[i]])) });
    console.error(`  ${corpus.name}: ${configs.map((config, i) => `${config} parsed ${results[i].parsed}, hits ${results[i].hits}, summaries ${results[i].summaries}`).join('; ')}`);
  }
  const lines = [
    `Machine: ${machineName()}`,
    `Plugin: ${path.relative(process.cwd(), pluginPath) || pluginPath}`,
    'Counters of one whole lint run per corpus and configuration (the parse cache empty at its start): project files parsed to follow imports, reuses of a parsed file (cache hits), failed parses, service/DAO function summaries computed and reused, and Express models built or skipped by the first check.',
    '',
    `Rule time: ESLint \`stats\`, this plugin's rules over the rest of the same run's work, median of ${repeat} run(s).`,
    '',
    '| corpus | config | files | parsed | cache hits | failed | summaries computed | summary hits | models built / skipped | findings | rule time |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { corpus, results } of rows) {
    for (const [config, r] of Object.entries(results)) {
      lines.push(
        `| ${corpus} | ${config} | ${r.files} | ${r.parsed} | ${r.hits} | ${r.failed} | ${r.summaries} | ${r.summaryHits} | ${r.modelsBuilt} / ${r.modelsSkipped} | ${r.findings} | ${percent(r.share)} |`,
      );
    }
  }
  const text = lines.join('\n');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'cross-file.json'), `${JSON.stringify({ machine: machineName(), date: new Date().toISOString(), pluginPath, rows }, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, 'cross-file.md'), `${text}\n`);
  console.log(process.argv.includes('--json') ? JSON.stringify(rows, null, 2) : text);
}

const run = process.argv.includes('--child') ? child : main;
run().catch((error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
