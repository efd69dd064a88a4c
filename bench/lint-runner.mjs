// One whole ESLint run in its own process, as a user's CLI run would be: no cache, one thread,
// an inline config. Prints one JSON line: files, wall and CPU time (whole process and inside
// lintFiles), peak memory, findings per rule and (with --stats) per-rule times from ESLint's
// `stats` option.
//   node bench/lint-runner.mjs --config NAME --dir DIR [--plugin PATH] [--stats] [--base commonjs|demo]
import { ESLint } from 'eslint';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { baseFor, buildConfig, flagValue, loadPlugin, loadSecurityPeer, pluginPathFrom } from './configs.mjs';

/** Adds up ESLint's per-file `stats` into milliseconds per rule, plus parse and fix time. */
function sumStats(results) {
  const ruleMs = {};
  let parseMs = 0;
  let totalMs = 0;
  for (const result of results) {
    const times = result.stats?.times;
    if (!times) continue;
    for (const pass of times.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      totalMs += pass.total ?? 0;
      for (const [ruleId, timing] of Object.entries(pass.rules ?? {})) {
        ruleMs[ruleId] = (ruleMs[ruleId] ?? 0) + timing.total;
      }
    }
  }
  return { ruleMs, parseMs, totalMs };
}

function countFindings(results) {
  const problems = {};
  let fatal = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) fatal += 1;
      else problems[message.ruleId ?? '(none)'] = (problems[message.ruleId ?? '(none)'] ?? 0) + 1;
    }
  }
  return { problems, fatal };
}

async function main() {
  const startedAt = performance.now();
  const configName = flagValue('--config');
  const dir = flagValue('--dir');
  if (!configName || !dir) throw new Error('usage: lint-runner.mjs --config NAME --dir DIR [--plugin PATH] [--stats]');
  const withStats = process.argv.includes('--stats');
  const needsPlugin = configName !== 'floor' && configName !== 'security';
  const plugin = needsPlugin ? await loadPlugin(pluginPathFrom()) : null;
  const securityPeer = configName === 'security' ? await loadSecurityPeer() : null;
  const eslint = new ESLint({
    cwd: path.resolve(dir),
    overrideConfigFile: true,
    overrideConfig: buildConfig(configName, plugin, securityPeer, await baseFor(flagValue('--base', 'commonjs'))),
    cache: false,
    concurrency: 'off',
    stats: withStats,
    errorOnUnmatchedPattern: false,
  });
  const lintStart = performance.now();
  const lintCpuStart = process.cpuUsage();
  const results = await eslint.lintFiles(['.']);
  const lintMs = performance.now() - lintStart;
  const lintCpu = process.cpuUsage(lintCpuStart);
  const processCpu = process.cpuUsage();
  const summary = {
    config: configName,
    files: results.length,
    lintMs,
    processMs: performance.now() - startedAt,
    // CPU time (user + system) is what the benchmark compares: on a shared machine other
    // processes stretch wall time, but hardly the CPU time this process itself spends.
    lintCpuMs: (lintCpu.user + lintCpu.system) / 1000,
    processCpuMs: (processCpu.user + processCpu.system) / 1000,
    maxRssKB: process.resourceUsage().maxRSS,
    ...countFindings(results),
    ...(withStats ? sumStats(results) : {}),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

await main();
