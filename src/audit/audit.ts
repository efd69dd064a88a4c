import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from 'eslint';
import { ESLint } from 'eslint';
import type { TSESLint } from '@typescript-eslint/utils';
import plugin from '../index';
import type { FileAnalysis } from '../analysis/express';
import { getFileAnalysis, registerProjectChains } from '../analysis/express';
import { registerProjectScope } from '../analysis/cross-file/project-scope';
import type { Finding, ProjectChains, ProjectFile, ResolvedFinding } from './project';
import { defensesOfRule, middlewareLabel, projectChains, ProjectRouteMap, reviewFindings } from './project';
import type { RouteAugment } from './project';
import type { DefenseKind } from '../analysis/engine/settings';
import { parseSettings, settingsOf, SettingsError } from '../analysis/engine/settings';
import { NAMESPACE, PLUGIN_VERSION } from '../meta';
import type { AuditArgs } from './args';
import { parseArgs, USAGE, UsageError } from './args';
import type { FindingsReport, ParseError } from './findings-output';
import { findingsSarif, findingsText, toLintResults } from './findings-output';
import type { DependencySection } from './dependencies';
import { dependencySection } from './dependencies';
import { addDependenciesToSarif, auditUnavailableNotice, dependencyHtml, dependencyLintResults, withDependencyText } from './dependency-output';
import type { CommandRunner } from './dependency-report';
import { findingsHtml, routeMapHtml } from './html';
import type { ProjectConfig } from './project-config';
import { ConfigFileError, DEFAULT_IGNORES, gitignoreGlobs, importFromProject, loadProjectConfig } from './project-config';
import { buildRouteMap, routeMapJson, routeMapTable } from './route-map';

/** Where the command writes, so tests can run it in-process. */
export interface AuditIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: the progress line shows only there. */
  stderrIsTTY: boolean;
  cwd: string;
  /** Runs the package manager's audit for `--deps` (default: the real command). */
  runCommand?: CommandRunner;
}

const SOURCE_FILES = '**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}';
const TS_FILES = '**/*.{ts,cts,mts,tsx}';
const JS_FILES = '**/*.{js,cjs,mjs,jsx}';
const CAPTURE_PLUGIN = 'express-security-audit';
/** Trees with more files than this get a progress line (on a terminal). */
const PROGRESS_THRESHOLD = 200;

/** What linting the project produced: findings, the models of files with Express in them, parse errors. */
interface LintOutcome {
  findings: Finding[];
  files: ProjectFile[];
  fileCount: number;
  parseErrors: ParseError[];
}

/** Exit status when some files could not be parsed: the audit is incomplete, whatever it found. */
export const EXIT_UNPARSED = 3;

/** Runs the command; resolves to the exit status (0 clean, 1 findings, 2 usage error, 3 files not parsed). */
export async function runAudit(argv: readonly string[], io: AuditIo): Promise<number> {
  let args: AuditArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`express-security: ${error.message} (see --help)\n`);
      return 2;
    }
    throw error;
  }
  if (args.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.command === 'version') {
    io.stdout(`${PLUGIN_VERSION}\n`);
    return 0;
  }
  // Wall-clock time of the whole audit, config loading to output (not CPU time, not one pass).
  const started = performance.now();
  const root = path.resolve(io.cwd, args.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    io.stderr(`express-security: '${args.dir}' is not a directory\n`);
    return 2;
  }
  let projectConfig: ProjectConfig;
  try {
    projectConfig = await loadProjectConfig(root, NAMESPACE, args.config, io.cwd);
  } catch (error) {
    if (error instanceof ConfigFileError) {
      io.stderr(`express-security: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  for (const note of projectConfig.notes) io.stderr(`express-security: note: ${note}\n`);
  let claimed: ReadonlySet<DefenseKind>;
  try {
    claimed = parseSettings({ [NAMESPACE]: projectConfig.settings ?? {} }).appliedElsewhere;
  } catch (error) {
    if (error instanceof SettingsError) {
      io.stderr(`express-security: the project's ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // The dependency section reads a few files and, with --deps, runs the audit while the project is linted.
  const dependencies =
    args.routes && args.html === null
      ? null
      : dependencySection(root, { run: args.deps, report: args.depsReport === null ? null : path.resolve(io.cwd, args.depsReport), runCommand: io.runCommand });
  dependencies?.catch(() => undefined);
  const tsParser = await loadTypeScriptParser(root);
  if (!tsParser) {
    // Said only where it matters: a JavaScript project, or an empty folder, skips nothing.
    const skipped = await typeScriptFileCount(root, projectConfig);
    if (skipped > 0) {
      io.stderr(`express-security: note: ${skipped} TypeScript file(s) skipped: @typescript-eslint/parser is not installed (npm install --save-dev @typescript-eslint/parser)\n`);
    }
  }
  const outcome = await lintProject(root, args, projectConfig, io, { rules: !args.routes, chains: null, only: null, tsParser });
  const map = new ProjectRouteMap(outcome.files);
  const routes = map.routes();
  let findings = outcome.findings;
  const recheck: RecheckOutcome = { projectLevel: [], resolved: [] };
  if (!args.routes) {
    const chains = projectChains(routes);
    if (chains.size > 0) {
      const only = [...chains.keys()];
      const second = await lintProject(root, { ...args, progress: false }, projectConfig, io, { rules: true, chains, only, tsParser });
      findings = mergeRecheck(outcome.findings, second.findings, new Set(only), chains, root, recheck);
    }
  }
  for (const { file, message } of outcome.parseErrors.slice(0, 5)) {
    io.stderr(`express-security: could not parse ${path.relative(root, file)}: ${message}\n`);
  }
  if (outcome.parseErrors.length > 5) io.stderr(`express-security: … and ${outcome.parseErrors.length - 5} more files that could not be parsed\n`);

  const unparsedStatus = outcome.parseErrors.length > 0 ? EXIT_UNPARSED : null;
  const routeMap = buildRouteMap(routes, root, outcome.parseErrors.map((error) => error.file), outcome.files);
  const section = dependencies ? await dependencies : null;
  const notice = section && args.format !== 'text' ? auditUnavailableNotice(section) : null;
  if (notice !== null) io.stderr(`express-security: ${notice}\n`);
  const review = args.routes ? null : reviewFindings(findings, map, routes, outcome.files, claimed, root);
  if (args.html !== null) {
    const target = path.resolve(io.cwd, args.html);
    mkdirSync(path.dirname(target), { recursive: true });
    const sections = findingsHtml(review?.findings ?? null, root) + (section ? dependencyHtml(section) : '');
    writeFileSync(target, routeMapHtml(routeMap, path.basename(root), sections));
    io.stderr(`express-security: route map written to ${args.html}\n`);
  }
  if (!review) {
    io.stdout(args.format === 'json' ? routeMapJson(routeMap) : routeMapTable(routeMap));
    return unparsedStatus ?? 0;
  }

  const report: FindingsReport = {
    root,
    findings: review.findings,
    resolved: [...recheck.resolved, ...review.resolved],
    fileCount: outcome.fileCount,
    routeCount: routes.length,
    parseErrors: outcome.parseErrors,
    version: PLUGIN_VERSION,
    ruleDocs: ruleDocs(),
  };
  io.stdout(await formatFindings(report, args.format, root, section!));
  const elapsed = performance.now() - started;
  if (args.format === 'text') io.stderr(`express-security: audited ${outcome.fileCount} file(s) in ${(elapsed / 1000).toFixed(1)}s\n`);
  return unparsedStatus ?? (review.findings.length + section!.findings.length > 0 ? 1 : 0);
}

async function formatFindings(report: FindingsReport, format: AuditArgs['format'], root: string, dependencies: DependencySection): Promise<string> {
  if (format === 'sarif') return addDependenciesToSarif(findingsSarif(report), dependencies);
  if (format === 'text') return withDependencyText(findingsText(report), dependencies);
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true });
  const formatter = await eslint.loadFormatter(format);
  const results = [...toLintResults(report.findings, report.parseErrors), ...dependencyLintResults(dependencies, root)] as unknown as ESLint.LintResult[];
  const output = await formatter.format(results, { cwd: root, rulesMeta: {} } as ESLint.LintResultData);
  return output.endsWith('\n') || output === '' ? output : `${output}\n`;
}

function ruleDocs(): FindingsReport['ruleDocs'] {
  const docs: Record<string, { description: string; url: string; cwe: readonly string[] }> = {};
  for (const [id, rule] of Object.entries(plugin.rules)) {
    const meta = rule.meta?.docs as { description?: string; url?: string; cwe?: readonly string[] } | undefined;
    docs[id] = { description: meta?.description ?? id, url: meta?.url ?? '', cwe: meta?.cwe ?? [] };
  }
  return docs;
}

/** Folders the count of TypeScript files does not enter (ESLint ignores them too). */
const UNWALKED = new Set(['node_modules', '.git']);

/** The TypeScript files of the project that the audit's config does not ignore. */
async function typeScriptFileCount(root: string, projectConfig: ProjectConfig): Promise<number> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ ignores: [...DEFAULT_IGNORES, ...gitignoreGlobs(root), ...projectConfig.ignores] }, { files: [TS_FILES] }],
  });
  let count = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const at = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!UNWALKED.has(entry.name)) await walk(at);
      } else if (entry.isFile() && TS_EXTENSION.test(entry.name) && !(await eslint.isPathIgnored(at))) {
        count++;
      }
    }
  };
  await walk(root);
  return count;
}

const TS_EXTENSION = /\.(?:ts|cts|mts|tsx)$/;

/** Named through a variable so the bundler leaves the import to run time. */
const TS_PARSER = '@typescript-eslint/parser';

/**
 * `@typescript-eslint/parser` (needed for TypeScript), from the audited project when it has
 * one, else from beside this package; null when neither has it.
 */
async function loadTypeScriptParser(root: string): Promise<Linter.Parser | null> {
  const module = await importFromProject<{ default?: Linter.Parser } & Linter.Parser>(root, TS_PARSER);
  return module ? (module.default ?? module) : null;
}

/**
 * The audit lints every file, so every handler is reached from the route that registers it,
 * with that route's chain: no-auth-without-authz judges handlers there (across files) rather
 * than as unrouted functions of their own file, where no authentication middleware is visible.
 */
const AUTHORIZATION_AT_REGISTRATION: Linter.Config = {
  rules: { [`${NAMESPACE}/no-auth-without-authz`]: ['error', { strict: false }] },
};

/**
 * A rule that hands each file's build the chains its routes get in the project (on the second
 * pass), and hands each file's Express model to the audit, as the plugin's rules see it.
 */
function captureRule(chains: ProjectChains | null, onFile: (file: string, analysis: FileAnalysis) => void): TSESLint.RuleModule<string, []> {
  return {
    meta: { type: 'problem', schema: [], messages: {} },
    defaultOptions: [],
    create(context) {
      // The model follows the project's imports (wrappers, handlers) as the plugin's rules let it.
      if (settingsOf(context.settings).followImports) registerProjectScope(context);
      // Before any rule builds the model: every rule creates its listeners first, and reads the model at the end.
      const fileChains = chains?.get(context.filename);
      if (fileChains) registerProjectChains(context.sourceCode.ast, fileChains);
      return {
        'Program:exit'() {
          onFile(context.filename, getFileAnalysis(context));
        },
      };
    },
  };
}

/** One lint run over the project: the first captures every model, the second re-checks with project chains. */
interface LintPass {
  /** Run the plugin's strict rules (the route map alone needs only the models). */
  rules: boolean;
  /** Hand each file's build the chains of other files, so the rules read a model built with them. */
  chains: ProjectChains | null;
  /** Lint only these files (default: the whole tree). */
  only: string[] | null;
  tsParser: Linter.Parser | null;
}

async function lintProject(
  root: string,
  args: AuditArgs,
  projectConfig: ProjectConfig,
  io: AuditIo,
  pass: LintPass,
): Promise<LintOutcome> {
  const { tsParser } = pass;
  const files: ProjectFile[] = [];
  let seen = 0;
  const showProgress = args.progress ?? io.stderrIsTTY;
  let lastProgress = 0;
  const capture = captureRule(pass.chains, (file, analysis) => {
    seen++;
    if (analysis.model.instances.length > 0) files.push({ file, analysis });
    const now = Date.now();
    if (showProgress && seen >= PROGRESS_THRESHOLD && now - lastProgress > 100) {
      lastProgress = now;
      io.stderr(`\r\u001b[Kexpress-security: ${seen} files analysed… ${path.relative(root, file).slice(-60)}`);
    }
  });
  // The per-file rules judge by what each file shows; the project review below checks the
  // claims `appliedElsewhere` would otherwise let them take on trust.
  const settings = { ...projectConfig.settings };
  delete settings.appliedElsewhere;
  const config: Linter.Config[] = [
    { ignores: [...DEFAULT_IGNORES, ...gitignoreGlobs(root), ...projectConfig.ignores] },
    {
      // JavaScript with ESLint's own parser (what a user's config gives it, and twice as fast),
      // TypeScript with typescript-eslint's.
      files: tsParser ? [SOURCE_FILES] : [JS_FILES],
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      settings: { [NAMESPACE]: settings },
    },
    ...(tsParser ? [{ files: [TS_FILES], languageOptions: { parser: tsParser } }] : []),
    // Without the TypeScript parser a `.cts` file is skipped, not parsed as JavaScript (and failed).
    { files: [tsParser ? '**/*.{cjs,cts}' : '**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      // First in the rule order: its listeners run first, and the chains are registered when it is created.
      plugins: { [CAPTURE_PLUGIN]: { rules: { capture: capture as never } } },
      rules: { [`${CAPTURE_PLUGIN}/capture`]: 'error' },
    },
    ...(pass.rules ? [plugin.configs.strict as Linter.Config, AUTHORIZATION_AT_REGISTRATION] : []),
  ];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, errorOnUnmatchedPattern: false });
  const results = await withScriptFallback(await eslint.lintFiles(pass.only ?? ['.']), root, config);
  if (showProgress && seen >= PROGRESS_THRESHOLD) io.stderr('\r\u001b[K');
  const findings: Finding[] = [];
  const parseErrors: LintOutcome['parseErrors'] = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) parseErrors.push({ file: result.filePath, message: message.message, line: message.line, column: message.column });
      else if (message.ruleId?.startsWith(`${NAMESPACE}/`)) findings.push(findingOf(result.filePath, message));
    }
  }
  return { findings, files, fileCount: results.length, parseErrors };
}

const MODULE_PARSED = /\.(?:js|jsx|mjs|ts|mts|tsx)$/;
/** `.mjs` and `.mts` are modules by Node's rules: a parse error there is the file's, not the source type's. */
const ALWAYS_MODULE = /\.m[jt]s$/;

function failedToParse(result: ESLint.LintResult): boolean {
  return result.messages.some((message) => message.fatal);
}

/**
 * Every `.js` file is parsed as an ES module first; a CommonJS file that uses a name reserved only
 * in modules (`protected`, `package`, `interface`) fails there. Such a file is parsed again as a
 * CommonJS script, as ESLint users configure CommonJS, and its second result replaces the first
 * when that one parses. The capture rule never ran on the failed parse, so no model is counted twice.
 */
async function withScriptFallback(results: ESLint.LintResult[], root: string, config: readonly Linter.Config[]): Promise<ESLint.LintResult[]> {
  const failed = results.filter((result) => failedToParse(result) && MODULE_PARSED.test(result.filePath) && !ALWAYS_MODULE.test(result.filePath));
  if (failed.length === 0) return results;
  const scripts = failed.map((result) => path.relative(root, result.filePath).split(path.sep).join('/'));
  const scriptConfig: Linter.Config[] = [...config, { files: scripts, languageOptions: { sourceType: 'commonjs' } }];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: scriptConfig, errorOnUnmatchedPattern: false });
  const reparsed = new Map((await eslint.lintFiles(failed.map((result) => result.filePath))).map((result) => [result.filePath, result]));
  return results.map((result) => {
    const again = reparsed.get(result.filePath);
    return again && !failedToParse(again) ? again : result;
  });
}

function findingOf(file: string, message: Linter.LintMessage): Finding {
  return {
    ruleId: message.ruleId!,
    messageId: message.messageId ?? null,
    file,
    line: message.line,
    column: message.column,
    endLine: message.endLine ?? null,
    endColumn: message.endColumn ?? null,
    message: message.message,
    projectLevel: false,
  };
}

/** What the second pass changed: findings that need the project, findings the project answers. */
interface RecheckOutcome {
  projectLevel: Finding[];
  resolved: ResolvedFinding[];
}

function findingKey(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}:${finding.ruleId}:${finding.messageId ?? ''}`;
}

/**
 * The re-checked files' findings replace their first-pass ones: a finding only the project
 * chain shows is project-level; one it answers is resolved, naming the middleware that answers it.
 */
function mergeRecheck(
  first: readonly Finding[],
  second: readonly Finding[],
  rechecked: ReadonlySet<string>,
  chains: ProjectChains,
  root: string,
  outcome: RecheckOutcome,
): Finding[] {
  const before = new Set(first.map(findingKey));
  const after = new Set(second.map(findingKey));
  const merged = first.filter((finding) => !rechecked.has(finding.file));
  for (const finding of second) {
    if (before.has(findingKey(finding))) {
      merged.push(finding);
      continue;
    }
    const marked = { ...finding, projectLevel: true, message: `${finding.message} [project: ${projectNote(finding, chains, root)}]` };
    merged.push(marked);
    outcome.projectLevel.push(marked);
  }
  for (const finding of first) {
    if (!rechecked.has(finding.file) || after.has(findingKey(finding))) continue;
    outcome.resolved.push({ finding, reason: `answered by ${providersNote(finding, chains, root)}` });
  }
  return merged;
}

/** The routes of the finding's file that the project changed: the one whose registration holds it, else all. */
function augmentsOf(finding: Finding, chains: ProjectChains): RouteAugment[] {
  const all = [...(chains.get(finding.file)?.values() ?? [])];
  const holding = all.filter(({ loc }) => {
    const after = finding.line > loc.start.line || (finding.line === loc.start.line && finding.column - 1 >= loc.start.column);
    const before = finding.line < loc.end.line || (finding.line === loc.end.line && finding.column - 1 <= loc.end.column);
    return after && before;
  });
  return holding.length > 0 ? holding : all;
}

function providersNote(finding: Finding, chains: ProjectChains, root: string): string {
  // The note names only the providers of the defenses the rule's finding turns on.
  const kinds = defensesOfRule(finding.ruleId);
  const providers = augmentsOf(finding, chains)
    .flatMap((augment) => augment.providers)
    .filter((link) => !kinds || kinds.some((kind) => link.middleware.kinds.has(kind)));
  const names = [...new Set(providers.map((link) => `${middlewareLabel(link.middleware.node)} (${path.relative(root, link.file)}:${link.middleware.node.loc.start.line})`))];
  return names.length > 0 ? `${names.slice(0, 3).join(', ')} in the chain of the mounted routes` : 'the mounted path of the route';
}

function projectNote(finding: Finding, chains: ProjectChains, root: string): string {
  return `found with the chain the route gets where it is mounted: ${providersNote(finding, chains, root)}`;
}
