// `npm run bench:findings`: every finding of every plugin rule on the corpus, grouped by rule and
// file, with the source line, written to bench/results/findings.md (and .json). Findings are
// matched against the verdicts in bench/REVIEW.md (rows `| rule | file:line | true/false | why |`)
// so that a rerun shows which findings are new and still need a look.
//   node bench/findings.mjs [--config recommended|strict] [--plugin PATH] [--out FILE]
import { ESLint } from 'eslint';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { NAMESPACE, PROJECT_ROOT, buildConfig, flagValue, loadPlugin, pluginPathFrom, pluginRuleIds } from './configs.mjs';
import { CORPUS, CORPUS_DIR } from './fetch-corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REVIEW_FILE = path.join(here, 'REVIEW.md');
const LINES_PER_UNIT = 20_000;
const LOCATION = /^(.+):(\d+)$/;

/** Verdicts from REVIEW.md, keyed `rule file:line`. */
function readVerdicts() {
  const verdicts = new Map();
  if (!fs.existsSync(REVIEW_FILE)) return verdicts;
  for (const line of fs.readFileSync(REVIEW_FILE, 'utf8').split('\n')) {
    if (!line.startsWith('|')) continue;
    const [rule, location, verdict] = line.split('|').slice(1).map((cell) => cell.trim().replaceAll('`', ''));
    const match = LOCATION.exec(location ?? '');
    const judged = verdict?.toLowerCase().split(/\s/)[0];
    if (match && (judged === 'true' || judged === 'false')) verdicts.set(`${rule} ${match[1]}:${match[2]}`, judged);
  }
  return verdicts;
}

async function lintCorpus(configName, plugin) {
  const eslint = new ESLint({
    cwd: CORPUS_DIR,
    overrideConfigFile: true,
    overrideConfig: buildConfig(configName, plugin, null),
    cache: false,
    concurrency: 'off',
    errorOnUnmatchedPattern: false,
  });
  return eslint.lintFiles(['.']);
}

/** The plugin's findings, sorted by rule, file and position, with the line they point at. */
function collectFindings(results) {
  const findings = [];
  for (const result of results) {
    const file = path.relative(CORPUS_DIR, result.filePath);
    const sourceLines = (result.source ?? fs.readFileSync(result.filePath, 'utf8')).split('\n');
    for (const message of result.messages) {
      if (!message.ruleId?.startsWith(`${NAMESPACE}/`)) continue;
      findings.push({
        rule: message.ruleId.slice(NAMESPACE.length + 1),
        file,
        line: message.line,
        column: message.column,
        message: message.message,
        source: (sourceLines[message.line - 1] ?? '').trim().slice(0, 160),
      });
    }
  }
  return findings.sort((a, b) => a.rule.localeCompare(b.rule) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

function formatReport(findings, ruleIds, verdicts, { configName, lines }) {
  const out = [`# Findings of \`${configName}\` on the benchmark corpus (${lines} lines)`, ''];
  out.push('| rule | findings | reviewed true | reviewed false | not reviewed |', '|---|---:|---:|---:|---:|');
  for (const rule of ruleIds) {
    const own = findings.filter((finding) => finding.rule === rule);
    const count = (verdict) => own.filter((finding) => finding.verdict === verdict).length;
    out.push(`| ${rule} | ${own.length} | ${count('true')} | ${count('false')} | ${count(undefined)} |`);
  }
  for (const rule of ruleIds) {
    const own = findings.filter((finding) => finding.rule === rule);
    if (own.length === 0) continue;
    out.push('', `## ${rule} (${own.length})`);
    let currentFile = null;
    for (const finding of own) {
      if (finding.file !== currentFile) {
        currentFile = finding.file;
        out.push('', `### ${currentFile}`, '');
      }
      const verdict = finding.verdict ? `**${finding.verdict}**` : '*not reviewed*';
      out.push(`- ${finding.line}:${finding.column} ${verdict}: ${finding.message}`, `  \`${finding.source.replaceAll('`', "'")}\``);
    }
  }
  return `${out.join('\n')}\n`;
}

async function main() {
  const configName = flagValue('--config', 'recommended');
  const outFile = path.resolve(flagValue('--out', path.join(here, 'results', 'findings.md')));
  if (CORPUS.some((pkg) => !fs.existsSync(path.join(CORPUS_DIR, pkg.name)))) {
    execFileSync(process.execPath, [path.join(here, 'fetch-corpus.mjs')], { stdio: 'inherit' });
  }
  const { lines } = JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, 'manifest.json'), 'utf8'));
  const plugin = await loadPlugin(pluginPathFrom());
  const results = await lintCorpus(configName, plugin);
  const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal));
  const verdicts = readVerdicts();
  const findings = collectFindings(results).map((finding) => ({
    ...finding,
    verdict: verdicts.get(`${finding.rule} ${finding.file}:${finding.line}`),
  }));
  const ruleIds = pluginRuleIds(plugin);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, formatReport(findings, ruleIds, verdicts, { configName, lines }));
  fs.writeFileSync(outFile.replace(/\.md$/, '.json'), `${JSON.stringify({ configName, lines, findings }, null, 2)}\n`);

  console.log(`${configName} on ${results.length} files, ${lines} lines (${fatal.length} files did not parse):`);
  for (const rule of ruleIds) {
    const own = findings.filter((finding) => finding.rule === rule);
    const falseOnes = own.filter((finding) => finding.verdict === 'false').length;
    const unreviewed = own.filter((finding) => !finding.verdict).length;
    console.log(`  ${rule}: ${own.length} findings, ${falseOnes} judged false, ${unreviewed} not reviewed`);
  }
  const falseTotal = findings.filter((finding) => finding.verdict === 'false').length;
  const unreviewedTotal = findings.filter((finding) => !finding.verdict).length;
  const perUnit = (falseTotal * LINES_PER_UNIT) / lines;
  console.log(`false findings: ${falseTotal} = ${perUnit.toFixed(2)} per 20k lines (target: at most 1); ${unreviewedTotal} not reviewed yet`);
  console.log(`report: ${path.relative(PROJECT_ROOT, outFile)}`);
}

await main();
