// The paired in-process measure: one process, one `Linter` per configuration, and every file of
// the corpus linted under each configuration in turn (in an order rotated per file and round)
// before the next file. Drift of the machine (a busy host, frequency changes) hits the
// configurations alike within a file's few milliseconds, so it cancels in the ratios; a whole
// process per configuration (`npm run bench`) cannot pair that finely. Each round sums every
// configuration's time over the corpus; the overhead of a round is its sum over the floor's, and
// the report gives the median of the rounds and their range. A first round warms V8 and the
// parse cache of the cross-file resolution and is not counted (`--warmup N` to change).
//   node bench/paired.mjs [--dir DIR | --corpus express|ts] [--rounds N] [--configs a,b,...]
//                         [--plugin PATH] [--compare PATH] [--base commonjs|demo] [--copies N] [--out NAME] [--json]
//   node bench/paired.mjs --scaling [--corpus express|ts] [--configs floor,strict]   the corpus 1× and 4×
//   node bench/paired.mjs --synthetic [--configs floor,strict]   the 1,250 / 2,500 / 5,000-route files
// --compare PATH adds, for each of this plugin's configurations, NAME@base: the same configuration
// with the plugin at PATH (an earlier build), measured in the same pairs.
// What is timed is the CPU time of the main thread around each `linter.verify(text)` (parse,
// scope analysis, traversal, rules), from the kernel's run time of the thread: on a shared machine
// the wall time of a file counts the time the process waited for a core, its CPU time does not;
// and the process's CPU time (reported too) counts V8's helper threads, whose work runs during
// whichever lint comes next. The configurations run in a fresh random (seeded) order per file. Start-up and loading are not timed, so it is
// the work per file that a long CLI run or an editor pays. Wall time is reported alongside.
// Run with `node --expose-gc` (as `npm run bench:paired` does): a young-generation collection
// then runs, untimed, before every lint, so that each lint pays for the collections its own
// allocations trigger instead of one its predecessor filled the young generation for; without it
// a scavenge lands on whichever configuration happens to be running, which adds a few percent of
// noise per round. Results go to bench/results/NAME.md and .json (default `paired`).
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { baseFor, buildConfig, flagValue, loadPlugin, loadSecurityPeer, machineName, pluginPathFrom } from './configs.mjs';
import { CORPORA, listSourceFiles } from './fetch-corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// ESLint's own config array class (not exported): `verify` given a plain array builds and
// normalizes a new one on every call, work a CLI run does once per directory.
const { FlatConfigArray } = require(path.join(path.dirname(require.resolve('eslint/package.json')), 'lib/config/flat-config-array.js'));
const RESULTS_DIR = path.join(here, 'results');
const DEFAULT_CONFIGS = ['floor', 'noop', 'recommended', 'strict', 'security'];
/** The configurations that run none of this plugin's rules: no plugin to load for them, no `@base` copy to compare. */
const NOT_THIS_PLUGIN = ['floor', 'noop', 'listeners', 'security'];

/**
 * The CPU time of the calling thread in milliseconds, from the kernel's exact run time of the
 * thread (`/proc/thread-self/schedstat`, nanoseconds); null where there is none (not Linux).
 * Node 20 has no per-thread CPU clock of its own, and the process's CPU time counts V8's helper
 * threads too, whose work (concurrent marking, optimizing compiles) runs during whichever lint
 * comes next.
 */
const threadClock = (() => {
  let fd = null;
  try {
    fd = fs.openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return () => null;
  }
  const buffer = Buffer.alloc(96);
  return () => {
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.toString('latin1', 0, length);
    return Number(text.slice(0, text.indexOf(' '))) / 1e6;
  };
})();

/** A small seeded generator (mulberry32), so that a rerun shuffles the same way. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(list, random) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percent = (ratio) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;

/** The files to lint, read once: `{ file, text }`, JavaScript only for the CommonJS base. */
function readCorpus(dir, base) {
  const pattern = base === 'demo' ? /\.(?:js|cjs|mjs|ts|cts|mts)$/ : /\.(?:js|cjs|mjs)$/;
  return listSourceFiles(dir)
    .filter((file) => pattern.test(file) && !file.endsWith('.d.ts'))
    .map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

/**
 * Lints `files` under every configuration, `rounds` counted rounds after `warmup` ones. Returns
 * per configuration the milliseconds of each counted round and the findings of the last one.
 * `copies` lints the corpus that many times per round (the scaling check: same files, n× work).
 */
export async function measurePaired({ dir, configs, rounds, warmup = 1, pluginPath, comparePath = null, base = 'commonjs', copies = 1, log = () => {} }) {
  const plugin = configs.some((name) => !NOT_THIS_PLUGIN.includes(name)) ? await loadPlugin(pluginPath) : null;
  // `NAME@base`: the configuration with the plugin built elsewhere (an earlier commit), paired
  // file by file with this one's, so that a change is measured against what it changes.
  const other = comparePath ? await loadPlugin(comparePath) : null;
  const securityPeer = configs.includes('security') ? await loadSecurityPeer() : null;
  const baseConfig = await baseFor(base);
  const linters = configs.map((name) => {
    const [configName, variant] = name.split('@');
    const config = new FlatConfigArray(buildConfig(configName, variant === 'base' ? other : plugin, securityPeer, baseConfig), { basePath: dir });
    config.normalizeSync();
    return { name, linter: new Linter({ configType: 'flat', cwd: dir }), config };
  });
  const files = readCorpus(dir, base);
  const collect = typeof globalThis.gc === 'function' ? globalThis.gc : null;
  if (!collect) log('no --expose-gc: collections are charged to whichever lint triggers them');
  const times = Object.fromEntries(configs.map((name) => [name, []]));
  const wallTimes = Object.fromEntries(configs.map((name) => [name, []]));
  const processTimes = Object.fromEntries(configs.map((name) => [name, []]));
  const order = linters.map((_, which) => which);
  const random = seededRandom(Number(process.env.PAIRED_SEED ?? 1));
  // Every counted (file, configuration, round) time, for the per-file estimates.
  const slots = files.length * copies;
  const perFile = linters.map(() => Array.from({ length: slots }, () => new Float64Array(rounds)));
  const findings = {};
  const fatal = {};
  for (let round = 0; round < warmup + rounds; round += 1) {
    const sums = new Array(linters.length).fill(0);
    const wallSums = new Array(linters.length).fill(0);
    const processSums = new Array(linters.length).fill(0);
    const found = new Array(linters.length).fill(0);
    const fatalCount = new Array(linters.length).fill(0);
    let slot = 0;
    for (let copy = 0; copy < copies; copy += 1) {
      for (const { file, text } of files) {
        // Copies are other paths, as copied folders are: the per-file caches see new files.
        const filename = copy === 0 ? file : path.join(dir, `copy-${copy}`, path.relative(dir, file));
        // A fresh random order per file: a fixed cyclic order would always put the same
        // configuration after the same other, whose leftovers (a collection it made due, work it
        // queued for V8's compiler) then always fall on the same configuration.
        shuffle(order, random);
        for (let step = 0; step < linters.length; step += 1) {
          const which = order[step];
          const { linter, config } = linters[which];
          // A scavenge before each lint, untimed: each then pays for the young-generation
          // collections its own allocations cause, not for a collection its predecessor's filled.
          if (collect) collect({ type: 'minor' });
          const started = performance.now();
          const cpuStart = process.cpuUsage();
          const threadStart = threadClock();
          const messages = linter.verify(text, config, { filename });
          const threadMs = threadClock() - threadStart;
          const cpu = process.cpuUsage(cpuStart);
          const elapsed = threadMs ?? (cpu.user + cpu.system) / 1000;
          sums[which] += elapsed;
          wallSums[which] += performance.now() - started;
          processSums[which] += (cpu.user + cpu.system) / 1000;
          if (round >= warmup) perFile[which][slot][round - warmup] = elapsed;
          for (const message of messages) {
            if (message.fatal) fatalCount[which] += 1;
            else if (message.ruleId && message.ruleId !== 'no-debugger') found[which] += 1;
          }
        }
        slot += 1;
      }
    }
    const counted = round >= warmup;
    linters.forEach(({ name }, which) => {
      if (counted) {
        times[name].push(sums[which]);
        wallTimes[name].push(wallSums[which]);
        processTimes[name].push(processSums[which]);
      }
      findings[name] = found[which];
      fatal[name] = fatalCount[which];
    });
    log(`${counted ? 'round' : 'warm-up'} ${round + 1 - (counted ? warmup : 0)}: ${linters.map(({ name }, which) => `${name} ${(sums[which] / 1000).toFixed(2)} s (wall ${(wallSums[which] / 1000).toFixed(2)})`).join(', ')}`);
  }
  // Per file, the median and the minimum of its rounds, summed over the files: a pause that hits
  // one lint of one file (the process preempted by another on a busy machine, a scavenge) moves
  // a round's sum but hardly a file's median, and never its minimum.
  const perFileMedianMs = {};
  const perFileMinMs = {};
  const fileMedians = {};
  const fileMinima = {};
  linters.forEach(({ name }, which) => {
    let medianSum = 0;
    let minSum = 0;
    fileMedians[name] = [];
    fileMinima[name] = [];
    for (const values of perFile[which]) {
      const sorted = [...values].sort((a, b) => a - b);
      medianSum += median(sorted);
      minSum += sorted[0];
      fileMedians[name].push(median(sorted));
      fileMinima[name].push(sorted[0]);
    }
    perFileMedianMs[name] = medianSum;
    perFileMinMs[name] = minSum;
  });
  const lines = files.reduce((sum, { text }) => sum + text.split('\n').length, 0);
  const fileNames = files.map(({ file }) => path.relative(dir, file));
  return { files: files.length, lines, fileNames, fileMedians, fileMinima, times, wallTimes, processTimes, clock: threadClock() === null ? 'process CPU' : 'main-thread CPU', perFileMedianMs, perFileMinMs, findings, fatal };
}

/** Per configuration: median over the floor of the per-round ratios, and their range. */
export function overheads(times, floorName = 'floor') {
  const floor = times[floorName];
  const result = {};
  for (const [name, list] of Object.entries(times)) {
    const ratios = list.map((ms, round) => ms / floor[round] - 1).sort((a, b) => a - b);
    result[name] = { medianMs: median(list), median: median(ratios), min: ratios[0], max: ratios.at(-1), ratios };
  }
  return result;
}

export function formatPaired({ machine, label, measured, rounds }) {
  const over = overheads(measured.times);
  const wallOver = overheads(measured.wallTimes);
  const processOver = overheads(measured.processTimes);
  const lines = [
    `Machine: ${machine}`,
    `Corpus: ${label} (${measured.files.toLocaleString('en')} files, ${measured.lines.toLocaleString('en')} lines)`,
    `Paired in-process: every file linted under each configuration in turn; ${rounds} counted round(s) after a warm-up; ${measured.clock} time around each \`linter.verify\`, configurations in a random order per file.`,
    '',
    '| configuration | CPU per round (median) | over the floor (median of rounds) | range of rounds | per-file medians | per-file minima | process CPU, median of rounds | wall, median of rounds | findings |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const relative = (table, name) => percent(table[name] / table.floor - 1);
  for (const [name, entry] of Object.entries(over)) {
    const isFloor = name === 'floor';
    const cells = isFloor
      ? ['—', '—', '—', '—', '—', '—', '—']
      : [
          percent(entry.median),
          `${percent(entry.min)} to ${percent(entry.max)}`,
          relative(measured.perFileMedianMs, name),
          relative(measured.perFileMinMs, name),
          percent(processOver[name].median),
          percent(wallOver[name].median),
          String(measured.findings[name]),
        ];
    lines.push(`| ${name} | ${(entry.medianMs / 1000).toFixed(2)} s | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * `--scaling`: the corpus linted once and four times per round (the copies under other paths, as
 * copied folders are), each configuration's median round of 4× over its median round of 1×.
 */
async function scaling({ dir, configs, rounds, warmup, pluginPath, base }) {
  const once = await measurePaired({ dir, configs, rounds, warmup, pluginPath, base, log: (line) => console.error(`  1×: ${line}`) });
  const four = await measurePaired({ dir, configs, rounds, warmup, pluginPath, base, copies: 4, log: (line) => console.error(`  4×: ${line}`) });
  const lines = ['| configuration | 1× (median round) | 4× (median round) | 4× / 1× |', '|---|---:|---:|---:|'];
  for (const name of configs) {
    const a = median(once.times[name]);
    const b = median(four.times[name]);
    lines.push(`| ${name} | ${(a / 1000).toFixed(2)} s | ${(b / 1000).toFixed(2)} s | ${(b / a).toFixed(2)}× |`);
  }
  return { text: lines.join('\n'), once, four };
}

/** The synthetic files' times (per file: `perFile[name][file]`, milliseconds) and their growth from 1,250 to 5,000 routes. */
function syntheticTable(measured, perFile, configs, shapes, sizes) {
  const header = `| shape | ${configs.flatMap((name) => sizes.map((size) => `${name} ${size}`)).join(' | ')} | ${configs.map((name) => `${name} 5,000 / 1,250`).join(' | ')} | plugin's own (strict − floor) 5,000 / 1,250 |`;
  const lines = [header, `|---|${configs.flatMap(() => sizes.map(() => '---:')).join('|')}|${configs.map(() => '---:').join('|')}|---:|`];
  const timeOf = (name, shape, size) => {
    const at = measured.fileNames.findIndex((file) => file.startsWith(`${shape}-${size}${path.sep}`));
    return perFile[name][at];
  };
  for (const shape of shapes) {
    const cells = configs.flatMap((name) => sizes.map((size) => `${timeOf(name, shape, size).toFixed(0)} ms`));
    const ratios = configs.map((name) => `${(timeOf(name, shape, 5000) / timeOf(name, shape, 1250)).toFixed(2)}×`);
    const own = (size) => timeOf('strict', shape, size) - timeOf('floor', shape, size);
    lines.push(`| ${shape} | ${cells.join(' | ')} | ${ratios.join(' | ')} | ${configs.includes('strict') ? `${(own(5000) / own(1250)).toFixed(2)}×` : '—'} |`);
  }
  return lines;
}

/**
 * `--synthetic`: one-file apps of 1,250 / 2,500 / 5,000 routes per shape (bench/synthetic.mjs),
 * every file under every configuration in turn; per file the median of its rounds and its fastest
 * round, and how the 5,000-route file compares with the 1,250-route one (4× the routes: 4× is
 * linear, 16× quadratic).
 */
async function synthetic({ configs, rounds, warmup, pluginPath }) {
  const { SYNTHETIC_SHAPES, writeSyntheticApp } = await import('./synthetic.mjs');
  const dir = path.join(RESULTS_DIR, 'synthetic-paired');
  fs.rmSync(dir, { recursive: true, force: true });
  const sizes = [1250, 2500, 5000];
  for (const shape of SYNTHETIC_SHAPES) for (const size of sizes) writeSyntheticApp(path.join(dir, `${shape}-${size}`), shape, size);
  const measured = await measurePaired({ dir, configs, rounds, warmup, pluginPath, log: (line) => console.error(`  synthetic: ${line}`) });
  const lines = [
    ...syntheticTable(measured, measured.fileMedians, configs, SYNTHETIC_SHAPES, sizes),
    '',
    // A file's fastest round: the work itself, without the pauses that land on some rounds (a
    // large file's lint takes a second or two, long enough to meet a major collection).
    `Per file, the fastest of the ${rounds} round(s):`,
    '',
    ...syntheticTable(measured, measured.fileMinima, configs, SYNTHETIC_SHAPES, sizes),
  ];
  return { text: lines.join('\n'), measured };
}

async function main() {
  if (process.argv.includes('--scaling') || process.argv.includes('--synthetic')) {
    const pluginPath = pluginPathFrom();
    const configs = flagValue('--configs', 'floor,strict').split(',');
    const rounds = Number(flagValue('--rounds', '3'));
    const warmup = Number(flagValue('--warmup', '1'));
    const base = flagValue('--base', 'commonjs');
    const corpusName = flagValue('--corpus', 'express');
    const dir = path.resolve(flagValue('--dir', CORPORA[corpusName].dir));
    const result = process.argv.includes('--scaling')
      ? await scaling({ dir, configs, rounds, warmup, pluginPath, base })
      : await synthetic({ configs, rounds, warmup, pluginPath });
    const out = flagValue('--out', process.argv.includes('--scaling') ? 'paired-scaling' : 'paired-synthetic');
    const text = `Machine: ${machineName()}\n${process.argv.includes('--scaling') ? `Corpus: ${path.relative(process.cwd(), dir) || dir}` : 'Synthetic one-file apps'}; paired in-process CPU time, ${rounds} counted round(s).\n\n${result.text}`;
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, `${out}.md`), `${text}\n`);
    console.log(text);
    return;
  }
  const corpusName = flagValue('--corpus', 'express');
  if (!CORPORA[corpusName]) throw new Error(`unknown --corpus ${corpusName}; use ${Object.keys(CORPORA).join(' or ')}`);
  const dir = path.resolve(flagValue('--dir', CORPORA[corpusName].dir));
  if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist; run node bench/fetch-corpus.mjs --corpus ${corpusName} first`);
  let configs = flagValue('--configs', DEFAULT_CONFIGS.join(',')).split(',');
  const comparePath = process.argv.includes('--compare') ? pluginPathFrom(['--plugin', flagValue('--compare')], {}) : null;
  if (comparePath) configs = configs.flatMap((name) => (NOT_THIS_PLUGIN.includes(name) ? [name] : [name, `${name}@base`]));
  if (configs[0] !== 'floor') throw new Error('--configs must start with floor');
  const rounds = Number(flagValue('--rounds', '5'));
  const warmup = Number(flagValue('--warmup', '1'));
  const copies = Number(flagValue('--copies', '1'));
  const base = flagValue('--base', 'commonjs');
  const out = flagValue('--out', 'paired');
  const pluginPath = pluginPathFrom();
  console.error(`plugin: ${pluginPath}\ncorpus: ${dir}`);
  const measured = await measurePaired({ dir, configs, rounds, warmup, pluginPath, comparePath, base, copies, log: (line) => console.error(`  ${line}`) });
  const label = path.relative(process.cwd(), dir) || dir;
  const report = { machine: machineName(), date: new Date().toISOString(), dir, base, copies, rounds, ...measured, overheads: overheads(measured.times) };
  const text = formatPaired({ machine: report.machine, label, measured, rounds });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${out}.json`), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, `${out}.md`), `${text}\n`);
  console.log(process.argv.includes('--json') ? JSON.stringify(report) : text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
