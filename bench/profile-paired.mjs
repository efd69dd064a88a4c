// Where a configuration's time over the floor goes, from one CPU profile of both in one process:
// every file is linted under the floor and under CONFIG in turn (which first alternates per
// file), each `verify` called from a function of its own name, so that every sample says which of
// the two it belongs to. Profiles of two processes differ by more than the plugin costs (V8
// optimizes each process differently); within one process both share the same V8 and machine.
// Prints the two totals, the share of the configuration's samples spent in this plugin's code
// (with all it calls), and the functions outside the plugin that ran more under the
// configuration than under the floor: ESLint dispatching events to the rules' listeners and
// creating the rules. Collections are not in either total (V8 charges them to no function).
//   node --expose-gc bench/profile-paired.mjs [--corpus express|ts] [--config recommended] [--rounds 2] [--top 15] [--out FILE]
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { Linter } from 'eslint';
import { baseFor, buildConfig, flagValue, loadPlugin, machineName, pluginPathFrom } from './configs.mjs';
import { CORPORA, listSourceFiles } from './fetch-corpus.mjs';

const require = createRequire(import.meta.url);
const { FlatConfigArray } = require(path.join(path.dirname(require.resolve('eslint/package.json')), 'lib/config/flat-config-array.js'));

const corpusName = flagValue('--corpus', 'express');
const configName = flagValue('--config', 'recommended');
const rounds = Number(flagValue('--rounds', '2'));
const top = Number(flagValue('--top', '15'));
const dir = CORPORA[corpusName]?.dir;
if (!dir || !fs.existsSync(dir)) throw new Error(`no corpus "${corpusName}" at ${dir}; fetch it with node bench/fetch-corpus.mjs`);
const collect = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

const pluginPath = pluginPathFrom();
const plugin = await loadPlugin(pluginPath);
const pluginDir = path.dirname(path.resolve(pluginPath));
const base = await baseFor('commonjs');
function configFor(name) {
  const config = new FlatConfigArray(buildConfig(name, plugin, null, base), { basePath: dir });
  config.normalizeSync();
  return config;
}
const floorConfig = configFor('floor');
const measuredConfig = configFor(configName);
const floorLinter = new Linter({ configType: 'flat', cwd: dir });
const measuredLinter = new Linter({ configType: 'flat', cwd: dir });
const files = listSourceFiles(dir)
  .filter((file) => /\.(?:js|cjs|mjs)$/.test(file))
  .map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));

// The two frames every sample is attributed by: keep their names in step with WRAPPERS below.
function lintUnderFloor(text, filename) {
  return floorLinter.verify(text, floorConfig, { filename });
}
function lintUnderConfig(text, filename) {
  return measuredLinter.verify(text, measuredConfig, { filename });
}
const WRAPPERS = { lintUnderFloor: 'floor', lintUnderConfig: configName };

function pass() {
  files.forEach(({ file, text }, position) => {
    const order = position % 2 === 0 ? [lintUnderFloor, lintUnderConfig] : [lintUnderConfig, lintUnderFloor];
    for (const lint of order) {
      collect({ type: 'minor' });
      lint(text, file);
    }
  });
}

pass(); // warm-up: V8's tiers, the cross-file parse cache
const session = new inspector.Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
for (let round = 0; round < rounds; round += 1) pass();
const { profile } = await session.post('Profiler.stop');
session.disconnect();
const out = flagValue('--out');
if (out) fs.writeFileSync(out, JSON.stringify(profile));

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const frameName = ({ callFrame }) =>
  `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '')}:${callFrame.lineNumber + 1}`;
const inPlugin = ({ callFrame }) => callFrame.url.includes(pluginDir);

const samplesPerNode = new Map();
for (const id of profile.samples) samplesPerNode.set(id, (samplesPerNode.get(id) ?? 0) + 1);
const totals = { floor: 0, [configName]: 0 };
let pluginSamples = 0;
const selfBySide = { floor: new Map(), [configName]: new Map() };
for (const [id, count] of samplesPerNode) {
  let side = null;
  let underPlugin = false;
  for (let at = id; at !== undefined && side === null; at = parents.get(at)) {
    const node = nodes.get(at);
    if (inPlugin(node)) underPlugin = true;
    side = WRAPPERS[node.callFrame.functionName] ?? null;
  }
  if (side === null) continue;
  totals[side] += count;
  if (underPlugin) {
    pluginSamples += count;
    continue;
  }
  const key = frameName(nodes.get(id));
  selfBySide[side].set(key, (selfBySide[side].get(key) ?? 0) + count);
}

const share = (count) => `${((100 * count) / totals.floor).toFixed(2)}%`;
const lines = [
  `Machine: ${machineName()}`,
  `Corpus: ${path.relative(process.cwd(), dir)} (${files.length} files), ${rounds} profiled round(s) after a warm-up, samples every 200 µs`,
  '',
  `floor ${totals.floor} samples, ${configName} ${totals[configName]}: ${configName} over the floor ${share(totals[configName] - totals.floor)}`,
  `in this plugin's code (inclusive): ${share(pluginSamples)} of the floor`,
  '',
  `outside the plugin, more under ${configName} than under the floor (share of the floor):`,
];
const keys = new Set([...selfBySide.floor.keys(), ...selfBySide[configName].keys()]);
const differences = [...keys]
  .map((key) => [key, (selfBySide[configName].get(key) ?? 0) - (selfBySide.floor.get(key) ?? 0)])
  .sort((a, b) => b[1] - a[1]);
for (const [key, difference] of differences.slice(0, top)) lines.push(`  ${share(difference).padStart(7)}  ${key}`);
console.log(lines.join('\n'));
