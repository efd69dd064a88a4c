// `node bench/typed.mjs` (after `npm run build`): what typed linting adds on the acceptance corpus,
// and what it costs. Writes bench/TYPED.md.
//   node bench/typed.mjs [--reps N] [--plugin PATH] [--cases DIR] [--keep] [--no-write]
//
// Three sets of files are linted, each twice: syntax-only (@typescript-eslint/parser without a
// program) and typed (`parserOptions.projectService`, the real @types/express of this project),
// with the plugin's `strict` config and with every rule at its defaults (run-eval's config).
// Both are scored like ../shared/eval/run-eval.mjs scores (`// expect: <rule>` on the line a
// finding must cover; every other finding is a false positive).
//
//   original  the corpus as it is, in a temporary folder with a tsconfig.json (allowJs, checkJs off).
//   renamed   the corpus rewritten so that names no longer say what is express (`renamedVariant`).
//   chained   `renamed`, with the moved routers' routes written `route(path).verb(...)`, a call
//             shape the syntax model does not take for a route on an unknown object.
//
// Each measurement runs in a fresh process, so the typed runs pay for building their program every
// time, as a CLI run does; the modes alternate which goes first. Times are CPU time of the lint loop
// (`process.cpuUsage`) with `strict`, medians of the repetitions.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { NAMESPACE, PROJECT_ROOT, flagValue, loadPlugin, machineName, pluginPathFrom } from './configs.mjs';

const SELF = fileURLToPath(import.meta.url);
const REPORT = path.join(PROJECT_ROOT, 'bench', 'TYPED.md');
const RULES = ['require-helmet', 'require-rate-limit', 'require-validation', 'no-auth-without-authz', 'no-hardcoded-secret', 'no-unguarded-fetch'];
const EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts']);
const MODES = ['syntax', 'typed'];
const SETS = ['original', 'renamed', 'chained'];
const CONFIGS = ['strict', 'defaults'];

// ---- the two sets ------------------------------------------------------------------------------

/** Options that let the checker see the corpus as it is: JavaScript included but not checked. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    allowJs: true,
    checkJs: false,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  },
  include: ['**/*'],
};

function listFiles(dir) {
  const files = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) files.push(...listFiles(full));
    else if (EXTENSIONS.has(path.extname(name))) files.push(full);
  }
  return files;
}

/**
 * A temporary folder holding both sets, each with its tsconfig.json, and a `node_modules` link to
 * this project's, so that `express` resolves to the real @types/express.
 */
function prepareSets(casesDir) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'express-security-typed-'));
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const sets = {};
  for (const set of SETS) {
    const dir = path.join(root, set);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    sets[set] = dir;
  }
  for (const file of listFiles(casesDir)) {
    const relative = path.relative(casesDir, file);
    const code = fs.readFileSync(file, 'utf8');
    writeFile(path.join(sets.original, relative), code);
    for (const output of renamedVariant(relative, code)) writeFile(path.join(sets.renamed, output.relative), output.code);
    for (const output of renamedVariant(relative, code, { chained: true })) writeFile(path.join(sets.chained, output.relative), output.code);
  }
  return { root, sets };
}

function writeFile(file, code) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
}

/** `router` as an identifier: not a property (`x.router`), not inside a word or a quoted name. */
function identifierPattern(name) {
  return new RegExp(String.raw`(?<![\w$.'"\x60])${name}(?![\w$'"\x60])`, 'g');
}

const ROUTER_CREATION = /^(export\s+)?const\s+(\w+)\s*=\s*(?:express\.)?Router\(([^)]*)\);?(.*)$/m;
const UNTYPED_HANDLER_PARAMS = /\(\s*incoming\s*,\s*outgoing\s*(,\s*next\s*)?\)/g;
const EXPRESS_TYPE_NAMES = ['Request', 'Response', 'NextFunction'];
/** `endpoints.post('/x', ` with the path on the same line, so that no line moves. */
const ROUTE_WITH_PATH = /\bendpoints\.(get|post|put|patch|delete|options|head|all)\([ \t]*('[^'\n]*'|"[^"\n]*"|`[^`\n]*`)[ \t]*,[ \t]*/g;

/**
 * The `renamed` copy of a corpus file, always TypeScript (`.ts`), with every line where it was so
 * that the `expect:` annotations keep their places:
 *   1. a router the file creates (`const router = express.Router()`) moves to a sibling module
 *      `<name>.router.ts`, and the file imports it as `endpoints` (`export { endpoints as <name> }`
 *      when it exported it). Apps stay: require-helmet judges the file that creates the app.
 *   2. the identifiers `req` and `res` become `incoming` and `outgoing`.
 *   3. handler parameters left without a type, `(incoming, outgoing[, next])`, get express's
 *      `Request`, `Response` and `NextFunction`, imported with `import type` appended at the end.
 *   4. (`chained` only) `endpoints.post('/x', ...)` becomes `endpoints.route('/x').post(...)`.
 */
function renamedVariant(relative, code, { chained = false } = {}) {
  const parsed = path.parse(relative);
  const base = path.join(parsed.dir, parsed.name);
  const outputs = [];
  let text = code;
  const creation = ROUTER_CREATION.exec(text);
  // Holds the creation's place while its name is replaced; no identifier can match it.
  const MARK = '\u0000\u0001\u0000';
  if (creation) {
    const [line, exported, name, args, rest] = creation;
    text = text.replace(line, MARK).replace(identifierPattern(name), 'endpoints');
    const reexport = exported ? ` export { endpoints as ${name} };` : '';
    text = text.replace(MARK, `import { router as endpoints } from './${parsed.name}.router';${reexport}${rest}`);
    outputs.push({
      relative: `${base}.router.ts`,
      code: `import { Router } from 'express';\n\n// Moved out of ${parsed.base} by bench/typed.mjs.\nexport const router = Router(${args});\n`,
    });
  }
  text = text.replace(identifierPattern('req'), 'incoming').replace(identifierPattern('res'), 'outgoing');
  if (chained) text = text.replace(ROUTE_WITH_PATH, (_match, verb, routePath) => `endpoints.route(${routePath}).${verb}(`);
  const used = new Set();
  text = text.replace(UNTYPED_HANDLER_PARAMS, (_match, next) => {
    used.add('Request').add('Response');
    if (next) used.add('NextFunction');
    return `(incoming: Request, outgoing: Response${next ? ', next: NextFunction' : ''})`;
  });
  const missing = EXPRESS_TYPE_NAMES.filter((name) => used.has(name) && !importsFromExpress(text, name));
  if (missing.length > 0) text = `${text.endsWith('\n') ? text : `${text}\n`}import type { ${missing.join(', ')} } from 'express';\n`;
  outputs.push({ relative: `${base}.ts`, code: text });
  return outputs;
}

function importsFromExpress(code, name) {
  return new RegExp(String.raw`import\s+(?:type\s+)?\{[^}]*\b${name}\b[^}]*\}\s+from\s+'express'`).test(code);
}

// ---- one lint run (in a child process) -------------------------------------------------------

/** What the first lines of a case file set for it alone, as run-eval reads it. */
function caseConfigOf(code) {
  const match = code
    .split('\n')
    .slice(0, 5)
    .map((line) => /^\s*\/\/\s*eval-config:\s*(\{.*\})\s*$/.exec(line))
    .find(Boolean);
  if (!match) return { settings: {}, rules: {} };
  const parsed = JSON.parse(match[1]);
  const rules = {};
  for (const [name, value] of Object.entries(parsed.rules ?? {})) rules[`${NAMESPACE}/${name}`] = value;
  return { settings: parsed.settings ?? {}, rules };
}

/** `strict`: the plugin's strict config; `defaults`: every rule at its defaults, as run-eval lints. */
function rulesOf(plugin, config) {
  if (config === 'strict') return plugin.configs.strict.rules;
  return Object.fromEntries(RULES.map((rule) => [`${NAMESPACE}/${rule}`, 'error']));
}

function configFor(file, code, { plugin, parser, mode, config, setDir }) {
  const extension = path.extname(file);
  const { settings, rules } = caseConfigOf(code);
  const parserOptions = mode === 'typed' ? { projectService: true, tsconfigRootDir: setDir } : {};
  return [
    {
      files: ['**/*.{js,cjs,mjs,ts,cts,mts}'],
      plugins: { [NAMESPACE]: plugin },
      languageOptions: {
        parser,
        parserOptions,
        sourceType: extension === '.cjs' || extension === '.cts' ? 'commonjs' : 'module',
        ecmaVersion: 'latest',
      },
      settings,
      rules: { ...rulesOf(plugin, config), ...rules },
    },
  ];
}

/** Lints every file of a set in one mode; prints one JSON line: findings per file and CPU time. */
async function runWorker({ setDir, mode, config, pluginPath }) {
  const require = createRequire(path.join(PROJECT_ROOT, 'package.json'));
  const { Linter } = require('eslint');
  const parser = require('@typescript-eslint/parser');
  const plugin = await loadPlugin(pluginPath);
  const linter = new Linter({ configType: 'flat', cwd: setDir });
  const files = listFiles(setDir).map((file) => ({ file, code: fs.readFileSync(file, 'utf8') }));
  const results = {};
  const cpuMsSince = (start) => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  let firstFileCpuMs = null;
  for (const { file, code } of files) {
    const messages = linter.verify(code, configFor(file, code, { plugin, parser, mode, config, setDir }), file);
    results[path.relative(setDir, file)] = messages.map((message) => ({
      rule: message.ruleId?.startsWith(`${NAMESPACE}/`) ? message.ruleId.slice(NAMESPACE.length + 1) : null,
      fatal: Boolean(message.fatal) || !message.ruleId,
      line: message.line,
      endLine: message.endLine ?? message.line,
      message: message.message,
    }));
    // The first file pays for what every later one reuses: in typed mode, building the program.
    firstFileCpuMs ??= cpuMsSince(cpuBefore);
  }
  const cpuMs = cpuMsSince(cpuBefore);
  const wallMs = Number(process.hrtime.bigint() - wallBefore) / 1e6;
  process.stdout.write(`${JSON.stringify({ cpuMs, firstFileCpuMs, wallMs, results })}\n`);
}

function lintInChild(setDir, mode, config, pluginPath) {
  const args = [SELF, '--worker', JSON.stringify({ setDir, mode, config, pluginPath })];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`${mode} ${config} lint of ${setDir} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

// ---- scoring, as run-eval does it ---------------------------------------------------------------

function expectationsOf(code) {
  const expected = [];
  code.split('\n').forEach((text, index) => {
    const match = /(?:\/\/|\/\*)\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/.exec(text);
    if (!match) return;
    for (const rule of match[1].split(',').map((name) => name.trim())) expected.push({ rule, line: index + 1 });
  });
  return expected;
}

/**
 * Per rule: expectations, true and false positives, misses. A finding answers the expectation
 * whose line it covers (on that line first, then the narrowest); more findings on an answered line
 * are duplicates, not false positives.
 */
function score(setDir, results) {
  const stats = Object.fromEntries(RULES.map((rule) => [rule, { expected: 0, tp: 0, fp: 0, fn: 0 }]));
  const hits = new Set();
  const falsePositives = new Set();
  let fatal = 0;
  for (const [relative, messages] of Object.entries(results)) {
    const expected = expectationsOf(fs.readFileSync(path.join(setDir, relative), 'utf8'));
    fatal += messages.filter((message) => message.fatal).length;
    const findings = messages.filter((message) => message.rule !== null);
    const covers = (finding, expectation) => finding.rule === expectation.rule && finding.line <= expectation.line && expectation.line <= finding.endLine;
    const span = (finding) => finding.endLine - finding.line;
    const claimed = new Set();
    const answered = [];
    for (const expectation of expected) {
      stats[expectation.rule].expected++;
      const hit = findings
        .filter((finding) => covers(finding, expectation) && !claimed.has(finding))
        .sort((a, b) => (b.line === expectation.line) - (a.line === expectation.line) || span(a) - span(b))[0];
      if (hit) {
        stats[expectation.rule].tp++;
        claimed.add(hit);
        answered.push(expectation);
        hits.add(`${relative}:${expectation.line} ${expectation.rule}`);
      } else {
        stats[expectation.rule].fn++;
      }
    }
    for (const finding of findings) {
      if (claimed.has(finding) || !stats[finding.rule] || answered.some((expectation) => covers(finding, expectation))) continue;
      stats[finding.rule].fp++;
      falsePositives.add(`${relative}:${finding.line} ${finding.rule}`);
    }
  }
  return { stats, hits, falsePositives, fatal };
}

const ratio = (part, whole) => (whole === 0 ? 1 : part / whole);

function totals(stats) {
  const sum = Object.values(stats).reduce((a, s) => ({ expected: a.expected + s.expected, tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { expected: 0, tp: 0, fp: 0, fn: 0 });
  return { ...sum, precision: ratio(sum.tp, sum.tp + sum.fp), recall: ratio(sum.tp, sum.expected) };
}

// ---- report ----------------------------------------------------------------------------------

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fixed = (value) => value.toFixed(3);
/** Longer lists of differences are counted by rule instead. */
const MAX_LISTED = 12;
const precisionOf = (stats) => ratio(stats.tp, stats.tp + stats.fp);
const recallOf = (stats) => ratio(stats.tp, stats.expected);

/** Per rule and overall, syntax-only beside typed: counts, precision and recall. */
function scoreTable(scores) {
  const cell = (stats) => `${stats.tp} / ${stats.fp} / ${stats.fn} | ${fixed(precisionOf(stats))} / ${fixed(recallOf(stats))}`;
  const lines = [
    '| rule | expected | syntax TP / FP / FN | syntax P / R | typed TP / FP / FN | typed P / R |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const rule of RULES) {
    lines.push(`| ${rule} | ${scores.syntax.stats[rule].expected} | ${cell(scores.syntax.stats[rule])} | ${cell(scores.typed.stats[rule])} |`);
  }
  const syntax = totals(scores.syntax.stats);
  lines.push(`| **all** | ${syntax.expected} | ${cell(syntax)} | ${cell(totals(scores.typed.stats))} |`);
  return lines.join('\n');
}

/** What one mode finds and the other does not: hits and false positives, by file and line. */
function differenceLines(scores) {
  const only = (from, to) => [...from].filter((entry) => !to.has(entry)).sort();
  const list = (label, entries) => `- ${label}: ${entries.length === 0 ? 'none' : describeEntries(entries)}`;
  return [
    list('found only by typed', only(scores.typed.hits, scores.syntax.hits)),
    list('found only by syntax', only(scores.syntax.hits, scores.typed.hits)),
    list('false positives only in typed', only(scores.typed.falsePositives, scores.syntax.falsePositives)),
    list('false positives only in syntax', only(scores.syntax.falsePositives, scores.typed.falsePositives)),
  ].join('\n');
}

/** A few entries by file and line; many, counted by rule. */
function describeEntries(entries) {
  if (entries.length <= MAX_LISTED) return entries.map((entry) => `\`${entry}\``).join(', ');
  const byRule = new Map();
  for (const entry of entries) {
    const rule = entry.slice(entry.lastIndexOf(' ') + 1);
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  }
  return `${entries.length} (${[...byRule].map(([rule, count]) => `${rule} ${count}`).join(', ')})`;
}

function timeLine(times) {
  const syntax = median(times.syntax);
  const typed = median(times.typed);
  const syntaxRest = median(times.syntaxRest);
  const typedRest = median(times.typedRest);
  return (
    `syntax ${syntax.toFixed(0)} ms, typed ${typed.toFixed(0)} ms; typed / syntax = ${(typed / syntax).toFixed(2)}. ` +
    `Without the first file (where the typed run builds its program): syntax ${syntaxRest.toFixed(0)} ms, typed ${typedRest.toFixed(0)} ms; ` +
    `typed / syntax = ${(typedRest / syntaxRest).toFixed(2)}`
  );
}

function printSummary(set, result) {
  console.log(`\n${set}: ${result.files} files`);
  for (const config of CONFIGS) {
    console.log(`  ${config}                   exp   tp   fp   fn  precision  recall`);
    for (const rule of [...RULES, null]) {
      for (const mode of MODES) {
        const stats = rule ? result.scores[config][mode].stats[rule] : totals(result.scores[config][mode].stats);
        const numbers = [stats.expected, stats.tp, stats.fp, stats.fn].map((value, index) => String(value).padStart(index === 0 ? 5 : 4));
        console.log(`  ${(rule ?? 'all').padEnd(22)} ${mode.padEnd(6)} ${numbers.join(' ')}  ${fixed(precisionOf(stats)).padStart(9)}  ${fixed(recallOf(stats)).padStart(6)}`);
      }
    }
    console.log(differenceLines(result.scores[config]).replace(/^/gm, '  '));
  }
  console.log(`  lint time, strict, CPU, median of ${result.times.syntax.length}: ${timeLine(result.times)}`);
}

const SET_TITLES = {
  original: 'The corpus as it is',
  renamed: 'Renamed: `req`/`res` → `incoming`/`outgoing`, routers imported as `endpoints`, typed parameters',
  chained: 'Renamed and chained: the imported routers\' routes written `route(path).verb(...)`',
};

function setSection(set, result, reps) {
  return [
    `## ${SET_TITLES[set]} (\`${set}\`, ${result.files} files)`,
    '',
    '`strict` config:',
    '',
    scoreTable(result.scores.strict),
    '',
    differenceLines(result.scores.strict),
    '',
    'Every rule at its defaults (the config `run-eval.mjs` lints with, the one the annotations were written for):',
    '',
    scoreTable(result.scores.defaults),
    '',
    differenceLines(result.scores.defaults),
    '',
    `Lint time with \`strict\` (CPU, median of ${reps}): ${timeLine(result.times)}.`,
  ].join('\n');
}

function reportMarkdown({ reps, results }) {
  return `# Typed linting on the acceptance corpus

Generated by \`node bench/typed.mjs\`; do not edit by hand.

What typed linting (\`parserServices.program\`) adds to the plugin: handlers recognised by their
parameter types, and apps and routers recognised by their type wherever they come from (an import
under any name, a parameter typed through an alias, a property such as \`deps.router\` or
\`this.server\`), while receivers of other types are no longer taken for express. Measured on the
acceptance corpus (\`../shared/eval/cases\`) and two sets generated from it; each file is linted
syntax-only (\`@typescript-eslint/parser\` without a program) and typed
(\`parserOptions.projectService\` with a tsconfig.json: \`allowJs\`, \`checkJs: false\`, the real
\`@types/express\` of this project). Scored as \`run-eval.mjs\` scores: a finding must cover the
line of its \`// expect:\` annotation; every other finding is a false positive. The \`strict\` config
turns on options the annotations were not written for (\`scope: "all"\`, more request sources), so
its false positives are expected; the defaults table is the one to compare with \`npm run eval\`.

Machine: ${machineName()}.

${SETS.map((set) => setSection(set, results[set], reps)).join('\n\n')}

## What each set tells apart

- \`original\`: the corpus creates its apps and routers in the files that use them; the syntax
  model needs no types there. Typed linting must not cost precision on it.
- \`renamed\`: names. The syntax model does not lean on names for routed code: it takes an imported
  object called with a literal path and a function (\`endpoints.post('/x', fn)\`) for an app or
  router, and finds a route's handler by position, whatever its parameters are called. Names
  matter for handlers no route of the file registers (\`strict\`'s \`checkUnroutedHandlers\`), where
  the generated \`Request\`/\`Response\` annotations keep the syntax model informed.
- \`chained\`: \`endpoints.route('/x').post(fn)\` on an imported object is a call shape the syntax
  model does not take for a route (on an unknown object it would be a guess on every \`.route()\`),
  so only the type of \`endpoints\` tells.

The typed run builds one TypeScript program per run (the standard library, @types/node,
@types/express, the set's files) while parsing its first file; the time without the first file
shows what typed linting costs per file once the program exists.

## How the generated sets are made

\`renamedVariant\` in \`bench/typed.mjs\` rewrites every corpus file into a \`.ts\` copy, each line
kept where it was so the annotations still hold:

1. a router the file creates (\`const router = express.Router()\`) moves to a sibling module
   \`<name>.router.ts\` and the file imports it as \`endpoints\` (re-exporting it under its old name
   when the file exported it). Apps stay: require-helmet judges the file that creates the app, and
   its annotation sits on that line;
2. the identifiers \`req\` and \`res\` become \`incoming\` and \`outgoing\`;
3. handler parameters without a type, \`(incoming, outgoing[, next])\`, get \`Request\`, \`Response\`
   and \`NextFunction\`, imported by an \`import type … from 'express'\` appended at the end;
4. \`chained\` only: \`endpoints.post('/x', …)\` becomes \`endpoints.route('/x').post(…)\` when the
   path is on the same line.

## Rerun

\`\`\`sh
npm run build
node bench/typed.mjs     # --reps N (default 3), --keep keeps the generated sets, --no-write
\`\`\`

Each lint runs in a fresh Node process, so every typed run builds its TypeScript program as a CLI
run does; the two modes alternate which runs first. Times are the CPU time of the lint loop
(\`process.cpuUsage\`), without Node and module start-up.
`;
}

// ---- main ------------------------------------------------------------------------------------

/** One set: `reps` timed runs per mode with `strict` (the first one scored), one scored run with the defaults. */
function measureSet(setDir, reps, pluginPath, label) {
  const runs = { syntax: [], typed: [] };
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? MODES : [...MODES].reverse();
    for (const mode of order) {
      const run = lintInChild(setDir, mode, 'strict', pluginPath);
      runs[mode].push(run);
      console.error(`  ${label} rep ${rep + 1}/${reps} ${mode}: cpu ${run.cpuMs.toFixed(0)} ms, wall ${run.wallMs.toFixed(0)} ms`);
    }
  }
  const scores = { strict: {}, defaults: {} };
  for (const mode of MODES) {
    scores.strict[mode] = score(setDir, runs[mode][0].results);
    scores.defaults[mode] = score(setDir, lintInChild(setDir, mode, 'defaults', pluginPath).results);
    for (const config of CONFIGS) {
      if (scores[config][mode].fatal > 0) throw new Error(`${label} ${mode} ${config}: ${scores[config][mode].fatal} parse or linter errors`);
    }
  }
  const times = {
    syntax: runs.syntax.map((run) => run.cpuMs),
    typed: runs.typed.map((run) => run.cpuMs),
    syntaxRest: runs.syntax.map((run) => run.cpuMs - run.firstFileCpuMs),
    typedRest: runs.typed.map((run) => run.cpuMs - run.firstFileCpuMs),
  };
  return { files: Object.keys(runs.syntax[0].results).length, scores, times };
}

async function main() {
  const reps = Number(flagValue('--reps', '3'));
  const casesDir = path.resolve(flagValue('--cases', path.join(PROJECT_ROOT, '..', 'shared', 'eval', 'cases')));
  const pluginPath = pluginPathFrom();
  if (!fs.existsSync(pluginPath)) throw new Error(`no built plugin at ${pluginPath}: run \`npm run build\` first`);
  const { root, sets } = prepareSets(casesDir);
  const results = {};
  try {
    for (const set of SETS) {
      results[set] = measureSet(sets[set], reps, pluginPath, set);
      printSummary(set, results[set]);
    }
  } finally {
    if (process.argv.includes('--keep')) console.error(`generated sets kept in ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
  if (!process.argv.includes('--no-write')) {
    fs.writeFileSync(REPORT, reportMarkdown({ reps, results }));
    console.log(`\nwrote ${path.relative(process.cwd(), REPORT)}`);
  }
}

if (process.argv[2] === '--worker') {
  runWorker(JSON.parse(process.argv[3])).catch((error) => {
    console.error(error.stack ?? String(error));
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(`typed: ${error.message}`);
    process.exit(1);
  });
}
