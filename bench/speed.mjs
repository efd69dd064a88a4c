// `npm run bench`: how much the plugin adds to a whole ESLint run on real Express code, side by
// side with the floor (one trivial core rule) and eslint-plugin-security's recommended config.
//   node bench/speed.mjs [--reps N] [--alone-reps N] [--scaling-reps N] [--synthetic-reps N] [--quick]
//                        [--plugin PATH] [--no-alone] [--no-scaling] [--no-synthetic]
// Each repetition runs every configuration once, in an order rotated per repetition, as whole
// processes (no cache, one thread); the report gives medians, compared on CPU time (wall time is
// shown too, but other work on the machine stretches it). Results go to bench/results/.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT, flagValue, machineName, pluginPathFrom } from './configs.mjs';
import { CORPUS, CORPUS_DIR } from './fetch-corpus.mjs';
import { writeSyntheticApp, SYNTHETIC_SHAPES } from './synthetic.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(here, 'results');
const RUNNER = path.join(here, 'lint-runner.mjs');
const SPEED_CONFIGS = ['floor', 'recommended', 'strict', 'security'];
const SCALES = [1, 2, 4];
const SYNTHETIC_SIZES = [1250, 2500, 5000];

const quick = process.argv.includes('--quick');
const reps = Number(flagValue('--reps', quick ? '3' : '5'));
const aloneReps = Number(flagValue('--alone-reps', quick ? '1' : '3'));
const scalingReps = Number(flagValue('--scaling-reps', quick ? '1' : '2'));
const synthReps = Number(flagValue('--synthetic-reps', quick ? '1' : '2'));
const pluginPath = pluginPathFrom();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (ms) => (ms / 1000).toFixed(2);
const percent = (ratio) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;

/** Runs one whole ESLint process and returns its summary plus the wall time around it. */
function runLint(config, dir, { stats = false } = {}) {
  const args = [RUNNER, '--config', config, '--dir', dir, '--plugin', pluginPath];
  if (stats) args.push('--stats');
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`lint run ${config} on ${dir} failed:\n${child.stderr}`);
  return { ...JSON.parse(child.stdout.trim().split('\n').pop()), wallMs };
}

function ensureCorpus() {
  const missing = CORPUS.some((pkg) => !fs.existsSync(path.join(CORPUS_DIR, pkg.name)));
  if (missing) execFileSync(process.execPath, [path.join(here, 'fetch-corpus.mjs')], { stdio: 'inherit' });
  return JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, 'manifest.json'), 'utf8'));
}

/** Each configuration `reps` times, rotating which goes first so drift hits all of them alike. */
function measureConfigs(configs, dir, repetitions, label) {
  const runs = Object.fromEntries(configs.map((config) => [config, []]));
  for (let rep = 0; rep < repetitions; rep += 1) {
    const order = configs.map((_, index) => configs[(index + rep) % configs.length]);
    for (const config of order) {
      const run = runLint(config, dir);
      runs[config].push(run);
      console.error(`  ${label} rep ${rep + 1}/${repetitions} ${config}: cpu ${seconds(run.processCpuMs)} s, wall ${seconds(run.wallMs)} s`);
    }
  }
  const summary = {};
  for (const [config, list] of Object.entries(runs)) {
    const medianOf = (key) => median(list.map((run) => run[key]));
    summary[config] = {
      cpuMs: medianOf('processCpuMs'),
      lintCpuMs: medianOf('lintCpuMs'),
      wallMs: medianOf('wallMs'),
      lintMs: medianOf('lintMs'),
      maxRssKB: Math.max(...list.map((run) => run.maxRssKB)),
      files: list[0].files,
      // Messages with no rule are ESLint's notices about the corpus's own inline config comments.
      findings: Object.entries(list[0].problems)
        .filter(([ruleId]) => ruleId !== '(none)')
        .reduce((sum, [, count]) => sum + count, 0),
      problems: list[0].problems,
      fatal: list[0].fatal,
      bestCpuMs: Math.min(...list.map((run) => run.processCpuMs)),
      bestWallMs: Math.min(...list.map((run) => run.wallMs)),
      cpuRunsMs: list.map((run) => Math.round(run.processCpuMs)),
      wallRunsMs: list.map((run) => Math.round(run.wallMs)),
    };
  }
  return summary;
}

/** A `stats` run's per-rule times, each as a share of that run's floor work (its total minus the measured rules). */
function statsShares(config) {
  const run = runLint(config, CORPUS_DIR, { stats: true });
  const measured = Object.entries(run.ruleMs).filter(([ruleId]) => ruleId !== 'no-debugger');
  const rulesTotal = measured.reduce((sum, [, ms]) => sum + ms, 0);
  const floorWork = run.totalMs - rulesTotal;
  const shares = Object.fromEntries(measured.map(([ruleId, ms]) => [ruleId, { ms, share: ms / floorWork }]));
  return { shares, rulesTotal, floorWork };
}

/** The rule moved to the front to carry the shared model: the one with the least work of its own. */
const MODEL_CARRIER = 'express-security/require-rate-limit';

/**
 * Per-rule times from ESLint's `stats`, each as a share of the floor work of the same run, so
 * that load on the machine cancels out. The shared Express model is built once per file by the
 * first rule that asks (in `strict`, no-auth-without-authz); a second `strict` run with
 * require-rate-limit created first moves it there, so the model's cost is the difference of
 * that rule's two times, and every other rule's own time is read from the second run.
 */
function measureRules() {
  const perRule = {};
  const strict = statsShares('strict');
  const carried = statsShares(`strict-first:${MODEL_CARRIER.slice('express-security/'.length)}`);
  for (const [ruleId, row] of Object.entries(carried.shares)) perRule[ruleId] = ruleId === MODEL_CARRIER ? strict.shares[ruleId] : row;
  const modelMs = carried.shares[MODEL_CARRIER].ms - strict.shares[MODEL_CARRIER].ms;
  perRule['(shared Express model, once per file)'] = { ms: modelMs, share: modelMs / carried.floorWork };
  perRule['(all strict)'] = { ms: strict.rulesTotal, share: strict.rulesTotal / strict.floorWork };
  const security = statsShares('security');
  Object.assign(perRule, security.shares);
  perRule['(all security)'] = { ms: security.rulesTotal, share: security.rulesTotal / security.floorWork };
  return perRule;
}

/**
 * Each plugin rule alone (the floor plus that one rule) as whole processes, alternated with the
 * floor: what a user who turns on only that rule pays, in the unit of the overall target (process
 * CPU over the floor). Each such run builds the shared Express model itself, which `stats` charges
 * to whichever rule asks first.
 */
function measureRulesAlone(ruleIds) {
  const configs = ['floor', ...ruleIds.map((ruleId) => `rule:${ruleId}`)];
  const summary = measureConfigs(configs, CORPUS_DIR, aloneReps, 'alone');
  const floorCpu = summary.floor.cpuMs;
  return Object.fromEntries(
    ruleIds.map((ruleId) => {
      const row = summary[`rule:${ruleId}`];
      return [ruleId, { cpuMs: row.cpuMs, share: row.cpuMs / floorCpu - 1, findings: row.findings }];
    }),
  );
}

/** The corpus copied k times side by side, under bench/results/scale/xK. */
function scaledCorpus(k) {
  if (k === 1) return CORPUS_DIR;
  const dir = path.join(RESULTS_DIR, 'scale', `x${k}`);
  if (!fs.existsSync(path.join(dir, 'done'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    for (let copy = 1; copy <= k; copy += 1) {
      for (const pkg of CORPUS) {
        fs.cpSync(path.join(CORPUS_DIR, pkg.name), path.join(dir, `copy-${copy}`, pkg.name), { recursive: true });
      }
    }
    fs.writeFileSync(path.join(dir, 'done'), '');
  }
  return dir;
}

/** Strict on the corpus at 1×, 2× and 4×, the scales rotated per repetition like the configs. */
function measureScaling() {
  const dirs = Object.fromEntries(SCALES.map((k) => [k, scaledCorpus(k)]));
  const runs = Object.fromEntries(SCALES.map((k) => [k, []]));
  for (let rep = 0; rep < scalingReps; rep += 1) {
    const order = SCALES.map((_, index) => SCALES[(index + rep) % SCALES.length]);
    for (const k of order) {
      const run = runLint('strict', dirs[k]);
      runs[k].push(run);
      console.error(`  scale ${k}x rep ${rep + 1}/${scalingReps} strict: cpu ${seconds(run.processCpuMs)} s, wall ${seconds(run.wallMs)} s`);
    }
  }
  const byScale = {};
  for (const k of SCALES) {
    const medianOf = (key) => median(runs[k].map((run) => run[key]));
    byScale[k] = {
      strict: {
        files: runs[k][0].files,
        cpuMs: medianOf('processCpuMs'),
        lintCpuMs: medianOf('lintCpuMs'),
        wallMs: medianOf('wallMs'),
        lintMs: medianOf('lintMs'),
        maxRssKB: Math.max(...runs[k].map((run) => run.maxRssKB)),
      },
    };
  }
  const ratio = (key) => byScale[4].strict[key] / byScale[1].strict[key];
  return {
    byScale,
    strictCpuRatio4x: ratio('cpuMs'),
    strictLintCpuRatio4x: ratio('lintCpuMs'),
    strictWallRatio4x: ratio('wallMs'),
    strictLintWallRatio4x: ratio('lintMs'),
  };
}

/**
 * One file of N routes per shape, at each size; per rule the least of `synthReps` runs (the run
 * least disturbed by other work). Growth from the smallest to the largest size is 4 when linear.
 */
function measureSynthetic() {
  const results = {};
  for (const shape of SYNTHETIC_SHAPES) {
    results[shape] = {};
    for (const size of SYNTHETIC_SIZES) {
      const dir = path.join(RESULTS_DIR, 'synthetic', `${shape}-${size}`);
      writeSyntheticApp(dir, shape, size);
      const runs = Array.from({ length: synthReps }, () => runLint('strict', dir, { stats: true }));
      const floorCpu = Math.min(...Array.from({ length: synthReps }, () => runLint('floor', dir).lintCpuMs));
      const ruleMs = {};
      for (const ruleId of Object.keys(runs[0].ruleMs)) ruleMs[ruleId] = Math.min(...runs.map((run) => run.ruleMs[ruleId]));
      const lintCpuMs = Math.min(...runs.map((run) => run.lintCpuMs));
      results[shape][size] = { lintCpuMs, floorLintCpuMs: floorCpu, ruleMs, findings: runs[0].problems };
      console.error(`  synthetic ${shape} ${size}: strict ${seconds(lintCpuMs)} s, floor ${seconds(floorCpu)} s (cpu)`);
    }
  }
  return results;
}

function formatReport(report) {
  const { configs, perRule, scaling, synthetic, corpus } = report;
  const floor = configs.floor;
  const lines = [];
  lines.push(`Machine: ${report.machine}`);
  lines.push(`Corpus: ${corpus.packages.map((p) => `${p.package} ${p.folder} (${p.files} files, ${p.lines} lines)`).join('; ')}; ${corpus.lines} lines in all.`);
  lines.push(`Medians of ${report.reps} alternated repetitions of whole ESLint processes (no cache, one thread); CPU time is user + system of the process (GC threads included); best wall is the least disturbed run.`);
  lines.push('');
  lines.push('| configuration | CPU (s) | over the floor | wall (s) | over the floor | best wall (s) | over the floor | peak RSS (MiB) | findings |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, row] of Object.entries(configs)) {
    const over = (key) => (name === 'floor' ? '—' : percent(row[key] / floor[key] - 1));
    lines.push(`| ${name} | ${seconds(row.cpuMs)} | ${over('cpuMs')} | ${seconds(row.wallMs)} | ${over('wallMs')} | ${seconds(row.bestWallMs)} | ${over('bestWallMs')} | ${(row.maxRssKB / 1024).toFixed(0)} | ${row.findings} |`);
  }
  lines.push('');
  lines.push("Per rule (ESLint `stats`: two runs of `strict`, the second with require-rate-limit created first so that it builds the shared model, and one of `security`; share of each run's floor work; a rule's own time excludes the model):");
  lines.push('');
  lines.push('| rule | ms | over the floor |');
  lines.push('|---|---:|---:|');
  const ruleRows = Object.entries(perRule).sort(([a], [b]) => a.localeCompare(b));
  for (const [ruleId, { ms, share }] of ruleRows) lines.push(`| ${ruleId} | ${ms.toFixed(0)} | ${percent(share)} |`);
  if (report.alone) {
    lines.push('');
    lines.push(`Each rule alone (the floor plus that rule, whole processes alternated with the floor, medians of ${report.aloneReps}; each builds the shared model itself):`);
    lines.push('');
    lines.push('| rule | CPU (s) | over the floor | findings |');
    lines.push('|---|---:|---:|---:|');
    for (const [ruleId, row] of Object.entries(report.alone)) {
      lines.push(`| ${ruleId} | ${seconds(row.cpuMs)} | ${percent(row.share)} | ${row.findings} |`);
    }
  }
  if (scaling) {
    lines.push('');
    lines.push(`Scaling (medians of ${report.scalingReps}):`);
    lines.push('');
    lines.push('| corpus | files | strict CPU (s) | strict lint CPU (s) | strict wall (s) | strict peak RSS (MiB) |');
    lines.push('|---|---:|---:|---:|---:|---:|');
    for (const [k, row] of Object.entries(scaling.byScale)) {
      lines.push(`| ${k}× | ${row.strict.files} | ${seconds(row.strict.cpuMs)} | ${seconds(row.strict.lintCpuMs)} | ${seconds(row.strict.wallMs)} | ${(row.strict.maxRssKB / 1024).toFixed(0)} |`);
    }
    lines.push('');
    lines.push(`4× / 1×: strict ${scaling.strictCpuRatio4x.toFixed(2)}× CPU, ${scaling.strictWallRatio4x.toFixed(2)}× wall; inside lintFiles ${scaling.strictLintCpuRatio4x.toFixed(2)}× CPU, ${scaling.strictLintWallRatio4x.toFixed(2)}× wall. Target: at most 4.2×.`);
  }
  if (synthetic) {
    const first = SYNTHETIC_SIZES[0];
    const last = SYNTHETIC_SIZES.at(-1);
    lines.push('');
    lines.push(`Synthetic single file, strict (ms at ${SYNTHETIC_SIZES.join(' / ')} routes; growth ${last}/${first} is 4 when linear, 16 when quadratic):`);
    lines.push('');
    lines.push('| shape | rule | ms | growth |');
    lines.push('|---|---|---:|---:|');
    for (const [shape, bySize] of Object.entries(synthetic)) {
      for (const ruleId of Object.keys(bySize[last].ruleMs).sort()) {
        if (ruleId === 'no-debugger') continue;
        const series = SYNTHETIC_SIZES.map((size) => bySize[size].ruleMs[ruleId].toFixed(0)).join(' / ');
        const growth = bySize[last].ruleMs[ruleId] / Math.max(bySize[first].ruleMs[ruleId], 1);
        lines.push(`| ${shape} | ${ruleId} | ${series} | ${growth.toFixed(1)} |`);
      }
      for (const [label, key] of [['(floor, lint CPU)', 'floorLintCpuMs'], ['(strict, lint CPU)', 'lintCpuMs']]) {
        const series = SYNTHETIC_SIZES.map((size) => bySize[size][key].toFixed(0)).join(' / ');
        lines.push(`| ${shape} | ${label} | ${series} | ${(bySize[last][key] / bySize[first][key]).toFixed(1)} |`);
      }
    }
  }
  return lines.join('\n');
}

function main() {
  const corpus = ensureCorpus();
  if (!fs.existsSync(pluginPath)) throw new Error(`no plugin at ${pluginPath}: run \`npm run build\` or pass --plugin`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  console.error(`plugin: ${pluginPath}`);
  const configs = measureConfigs(SPEED_CONFIGS, CORPUS_DIR, reps, 'corpus');
  const perRule = measureRules();
  const ruleIds = Object.keys(perRule)
    .filter((ruleId) => ruleId.startsWith('express-security/'))
    .map((ruleId) => ruleId.slice('express-security/'.length))
    .sort();
  const alone = process.argv.includes('--no-alone') ? null : measureRulesAlone(ruleIds);
  const scaling = process.argv.includes('--no-scaling') ? null : measureScaling();
  const synthetic = process.argv.includes('--no-synthetic') ? null : measureSynthetic();
  const report = { machine: machineName(), date: new Date().toISOString(), reps, aloneReps, scalingReps, synthReps, corpus, configs, perRule, alone, scaling, synthetic };
  const text = formatReport(report);
  fs.writeFileSync(path.join(RESULTS_DIR, 'speed.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, 'speed.md'), `${text}\n`);
  console.log(text);
  console.log(`\nWritten to ${path.relative(PROJECT_ROOT, RESULTS_DIR)}/speed.md and speed.json.`);
}

main();
