// `npm run bench:instructions`: the same whole ESLint processes as `npm run bench`, counted in
// machine instructions under valgrind (`cachegrind`, no cache simulation) instead of timed.
// On a virtual machine whose host is busy, CPU seconds of the same run drift by a third within
// minutes; an instruction count hardly moves, whatever else runs, so two configurations compare
// fairly even when measured side by side. It is about 30× slower than a native run. Counts still
// vary by a few percent between runs of the same configuration (the order in which files finish
// reading, hash seeds, when V8 decides to optimize), so `--repeat N` gives medians and ranges.
//   node bench/instructions.mjs [--plugin PATH] [--configs floor,recommended,...] [--jobs N]
//                               [--dir DIR] [--alone] [--repeat N] [--base commonjs|demo] [--out NAME]
// Results go to bench/results/instructions.md and instructions.json (NAME.md and NAME.json with --out).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { flagValue, loadPlugin, machineName, pluginPathFrom, pluginRuleIds } from './configs.mjs';
import { CORPUS_DIR } from './fetch-corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(here, 'results');
const RUNNER = path.join(here, 'lint-runner.mjs');
const DEFAULT_CONFIGS = ['floor', 'recommended', 'strict', 'security'];

/** The total of `I refs` that valgrind prints at exit, as a number. */
export function instructionsFrom(valgrindLog) {
  const match = /I\s+refs:\s+([\d,]+)/u.exec(valgrindLog);
  if (!match) throw new Error(`no instruction count in valgrind output:\n${valgrindLog.slice(-2000)}`);
  return Number(match[1].replaceAll(',', ''));
}

/** Runs one lint process under cachegrind; resolves with its instruction count and summary. */
function countRun(config, dir, pluginPath, base) {
  const args = [
    '--tool=cachegrind',
    '--cache-sim=no',
    '--cachegrind-out-file=/dev/null',
    process.execPath,
    RUNNER,
    '--config',
    config,
    '--dir',
    dir,
    '--plugin',
    pluginPath,
    '--base',
    base,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${config} failed under valgrind (exit ${code}):\n${stderr.slice(-2000)}`));
      const summary = JSON.parse(stdout.trim().split('\n').pop());
      resolve({ config, instructions: instructionsFrom(stderr), findings: summary.problems });
    });
  });
}

/** Runs every configuration `repeat` times, at most `jobs` at a time: instruction counts do not mind sharing. */
async function countAll(configs, dir, pluginPath, jobs, repeat, base) {
  const queue = Array.from({ length: repeat }, () => configs).flat();
  const counts = new Map(configs.map((config) => [config, []]));
  const findings = new Map();
  const worker = async () => {
    for (let config = queue.shift(); config; config = queue.shift()) {
      const started = Date.now();
      const result = await countRun(config, dir, pluginPath, base);
      console.error(`  ${config}: ${(result.instructions / 1e9).toFixed(2)} G instructions (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      counts.get(config).push(result.instructions);
      findings.set(config, result.findings);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return configs.map((config) => {
    const values = counts.get(config).sort((a, b) => a - b);
    return { config, instructions: values[Math.floor((values.length - 1) / 2)], runs: values, findings: findings.get(config) };
  });
}

const percentOver = (value, floor) => `${value >= floor ? '+' : ''}${(((value - floor) / floor) * 100).toFixed(1)}%`;
/** Findings of the rules measured: not the floor's `no-debugger`, nor ESLint's own notices without a rule. */
const findingsOf = (result) =>
  Object.entries(result.findings).reduce((sum, [ruleId, count]) => (ruleId === 'no-debugger' || ruleId === '(none)' ? sum : sum + count), 0);

function formatReport({ machine, dir, results }) {
  const floor = results.find((result) => result.config === 'floor').instructions;
  const lines = [
    `Machine: ${machine}`,
    `Corpus: ${dir}`,
    `Instructions of whole ESLint processes (no cache, one thread) under valgrind cachegrind, start-up, compilers and GC included; median of ${results[0].runs.length} run(s) each, with the range of the runs.`,
    '',
    '| configuration | instructions (G) | over the floor | range over the floor | findings |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const result of results) {
    const over = result.config === 'floor' ? '—' : percentOver(result.instructions, floor);
    const range = `${percentOver(result.runs[0], floor)} to ${percentOver(result.runs.at(-1), floor)}`;
    lines.push(`| ${result.config} | ${(result.instructions / 1e9).toFixed(2)} | ${over} | ${range} | ${findingsOf(result)} |`);
  }
  return lines.join('\n');
}

async function main() {
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not installed (apt-get install valgrind)');
  const pluginPath = pluginPathFrom();
  const dir = path.resolve(flagValue('--dir', CORPUS_DIR));
  if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist; run node bench/fetch-corpus.mjs first`);
  let configs = flagValue('--configs', DEFAULT_CONFIGS.join(',')).split(',');
  if (process.argv.includes('--alone')) {
    const ruleIds = pluginRuleIds(await loadPlugin(pluginPath)).map((id) => id.split('/').pop());
    configs = [...configs, ...ruleIds.map((id) => `rule:${id}`)];
  }
  if (!configs.includes('floor')) configs.unshift('floor');
  const jobs = Number(flagValue('--jobs', String(Math.max(1, os.availableParallelism()))));
  const repeat = Number(flagValue('--repeat', '1'));
  console.error(`plugin: ${pluginPath}\ncounting ${configs.length * repeat} runs, ${jobs} at a time`);
  const base = flagValue('--base', 'commonjs');
  const out = flagValue('--out', 'instructions');
  const results = await countAll(configs, dir, pluginPath, jobs, repeat, base);
  const report = { machine: machineName(), date: new Date().toISOString(), dir, base, results };
  const text = formatReport({ ...report, dir: path.relative(process.cwd(), dir) || dir });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${out}.json`), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, `${out}.md`), `${text}\n`);
  console.log(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
