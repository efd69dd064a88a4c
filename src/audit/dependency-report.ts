// `--deps` and `--deps-report`: the package manager's own audit (npm audit --json --omit=dev, or
// the pnpm and yarn equivalents, chosen by lockfile), read into one list of advisories of the
// production dependencies, highest severity first, each with its fix. An audit that cannot run
// (offline, a registry without the audit endpoint, an error object, a timeout) is `unavailable`:
// never taken for a clean result.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DependencyChecks, DependencyFinding, PackageManager } from './dependencies';

export type Severity = 'critical' | 'high' | 'moderate' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'moderate', 'low', 'info'];

/** One vulnerable package of the production tree. */
export interface Advisory {
  name: string;
  severity: Severity;
  /** The vulnerable versions. */
  range: string;
  /** A dependency of the manifest itself; null when the report does not say. */
  direct: boolean | null;
  /** The advisories against the package itself (title, URL). */
  advisories: { title: string; url: string }[];
  /** Packages it is vulnerable through (npm: `via` names), when it has no advisory of its own. */
  via: string[];
  /** The version to move to: `>=1.2.6`, or the package and version npm would install (`express@4.21.2`). */
  fixVersion: string | null;
  /** The fix in words: `upgrade to >=1.2.6 (npm audit fix)`, `no fix available`. */
  fix: string;
}

export type DependencyAudit =
  | { kind: 'clean'; command: string; packages: number | null; devOnly: number }
  | { kind: 'advisories'; command: string; packages: number | null; devOnly: number; advisories: Advisory[]; findings: DependencyFinding[] }
  | { kind: 'unavailable'; command: string; reason: string };

export interface CommandResult {
  /** Exit status; null when the command did not finish. */
  status: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run or finish: the command is not installed, or the timeout killed it. */
  failure?: 'not-found' | 'timeout';
}

/** Runs a command; tests pass their own (no network, no package manager). */
export type CommandRunner = (command: string, args: readonly string[], options: { cwd: string; timeoutMs: number }) => Promise<CommandResult>;

export const DEFAULT_TIMEOUT_MS = 60_000;

/** The audit command of each package manager, for production dependencies only. */
export const AUDIT_COMMANDS: Readonly<Record<PackageManager, readonly string[]>> = {
  npm: ['npm', 'audit', '--json', '--omit=dev'],
  pnpm: ['pnpm', 'audit', '--json', '--prod'],
  yarn: ['yarn', 'npm', 'audit', '--json', '--environment', 'production', '--recursive'],
  'yarn-classic': ['yarn', 'audit', '--json', '--groups', 'dependencies'],
};

export const runCommand: CommandRunner = (command, args, { cwd, timeoutMs }) =>
  new Promise((resolve) => {
    // npm, pnpm and yarn are `.cmd` scripts on Windows, which only a shell runs.
    const windows = process.platform === 'win32';
    execFile(
      windows ? `${command}.cmd` : command,
      [...args],
      { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', shell: windows, windowsHide: true },
      (error, stdout, stderr) => {
        const failed = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        if (failed?.code === 'ENOENT') resolve({ status: null, stdout: '', stderr: '', failure: 'not-found' });
        else if (failed?.killed) resolve({ status: null, stdout, stderr, failure: 'timeout' });
        else resolve({ status: typeof failed?.code === 'number' ? failed.code : failed ? 1 : 0, stdout, stderr });
      },
    );
  });

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function severityOf(value: unknown): Severity {
  const text = String(value).toLowerCase();
  if (text === 'medium') return 'moderate';
  return (SEVERITIES as readonly string[]).includes(text) ? (text as Severity) : 'info';
}

function compareVersions(a: string, b: string): number {
  const parts = (version: string): number[] => version.split(/[.+-]/).map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let index = 0; index < Math.max(x.length, y.length); index++) {
    const difference = (x[index] ?? 0) - (y[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The first versions outside a vulnerable range: `<1.2.6` gives `>=1.2.6`; null when a part has no upper bound. */
export function patchedVersions(range: string): string | null {
  let best: { version: string; inclusive: boolean } | null = null;
  for (const part of range.split('||')) {
    const bound = /<(=?)\s*v?(\d[\w.+-]*)/.exec(part);
    if (!bound) return null;
    const candidate = { version: bound[2]!, inclusive: bound[1] === '=' };
    if (!best || compareVersions(candidate.version, best.version) > 0) best = candidate;
  }
  return best ? `${best.inclusive ? '>' : '>='}${best.version}` : null;
}

interface RawEntry extends Omit<Advisory, 'direct'> {
  direct: boolean | null;
  /** Only in development dependencies (the report or the lockfile says so). */
  devOnly: boolean;
}

interface ParsedReport {
  packages: number | null;
  entries: RawEntry[];
}

/** Why a parsed output is no report: npm's error object, a registry's refusal, anything else. */
function errorOf(report: Json): string | null {
  if (isObject(report.error)) {
    // npm 11 on a registry without the audit endpoint: an empty error object beside the HTTP `message`.
    const { code, summary, detail } = report.error;
    const parts = [summary, detail, report.message].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
    const text = parts.map((part) => part.trim().split('\n')[0]).join(': ');
    return `${typeof code === 'string' ? `${code}: ` : ''}${text || 'npm audit reported an error'}`;
  }
  if (typeof report.message === 'string' && !isObject(report.metadata)) return report.message;
  return null;
}

/** npm 7 to 11: `auditReportVersion: 2`, a `vulnerabilities` map by package name. */
function parseNpmV2(report: Json, devNodes: (nodes: readonly string[]) => boolean): ParsedReport {
  const entries: RawEntry[] = [];
  for (const [name, value] of Object.entries(isObject(report.vulnerabilities) ? report.vulnerabilities : {})) {
    if (!isObject(value)) continue;
    const via = Array.isArray(value.via) ? value.via : [];
    const own = via.filter(isObject);
    const through = via.filter((item): item is string => typeof item === 'string');
    const range = typeof value.range === 'string' ? value.range : '*';
    const fixAvailable = value.fixAvailable;
    let fixVersion = patchedVersions(own.map((item) => String(item.range ?? '')).filter(Boolean).join(' || ') || range);
    let fix: string;
    if (isObject(fixAvailable)) {
      fixVersion = `${String(fixAvailable.name)}@${String(fixAvailable.version)}`;
      fix = `update to ${fixVersion}${fixAvailable.isSemVerMajor === true ? ' (semver-major: npm audit fix --force)' : ''}`;
    } else if (fixAvailable === true) {
      fix = fixVersion ? `upgrade to ${fixVersion} (npm audit fix)` : 'npm audit fix';
    } else {
      fix = fixVersion ? `no fix in range of its dependents; ${name} ${fixVersion} is not vulnerable` : 'no fix available';
    }
    const nodes = Array.isArray(value.nodes) ? value.nodes.filter((node): node is string => typeof node === 'string') : [];
    entries.push({
      name,
      severity: severityOf(value.severity),
      range,
      direct: typeof value.isDirect === 'boolean' ? value.isDirect : null,
      advisories: own.map((item) => ({ title: String(item.title ?? item.name ?? name), url: String(item.url ?? '') })),
      via: through,
      fixVersion,
      fix,
      devOnly: nodes.length > 0 && devNodes(nodes),
    });
  }
  const metadata = isObject(report.metadata) ? report.metadata : {};
  const dependencies = isObject(metadata.dependencies) ? metadata.dependencies : {};
  const packages = typeof dependencies.prod === 'number' ? dependencies.prod : typeof dependencies.total === 'number' ? dependencies.total : null;
  return { packages, entries };
}

/** One advisory of the npm 6 format, which pnpm audit and Yarn 1 (`auditAdvisory` lines) still write. */
interface LegacyAdvisory {
  advisory: Json;
  /** Dependency paths (`express>qs`, pnpm: `.>express>qs`) and whether each is a dev path. */
  paths: { path: string; dev: boolean }[];
}

function legacyEntries(items: readonly LegacyAdvisory[], command: string): RawEntry[] {
  const byName = new Map<string, RawEntry>();
  for (const { advisory, paths } of items) {
    const name = String(advisory.module_name ?? advisory.name ?? 'unknown');
    const severity = severityOf(advisory.severity);
    const range = String(advisory.vulnerable_versions ?? '*');
    const patched = typeof advisory.patched_versions === 'string' && advisory.patched_versions !== '<0.0.0' ? advisory.patched_versions : null;
    const segments = paths.map(({ path: dependencyPath }) => dependencyPath.split('>').map((part) => part.trim()).filter((part) => part !== '.' && part !== ''));
    const entry = byName.get(name) ?? {
      name,
      severity,
      range,
      direct: segments.length > 0 ? segments.some((parts) => parts.length === 1) : null,
      advisories: [],
      via: [],
      fixVersion: patched,
      fix: patched ? `upgrade to ${patched} (${command})` : 'no fix available',
      devOnly: paths.length > 0 && paths.every((item) => item.dev),
    };
    if (SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(entry.severity)) entry.severity = severity;
    entry.advisories.push({ title: String(advisory.title ?? name), url: String(advisory.url ?? '') });
    byName.set(name, entry);
  }
  return [...byName.values()];
}

function pathsOf(findings: unknown): LegacyAdvisory['paths'] {
  if (!Array.isArray(findings)) return [];
  return findings.filter(isObject).flatMap((finding) =>
    (Array.isArray(finding.paths) ? finding.paths : []).map((item) => ({ path: String(item), dev: finding.dev === true })),
  );
}

/** Lines of NDJSON output that parse (Yarn writes one JSON value per line). */
function jsonLines(text: string): Json[] {
  return text
    .split(/\r?\n/)
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return null;
      }
    })
    .filter(isObject);
}

function parseJson(text: string): Json | null {
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value) ? value : null;
  } catch {
    // npm prints notices before the JSON on some setups: read from the first brace.
    const start = text.indexOf('{');
    if (start <= 0) return null;
    return parseJson(text.slice(start));
  }
}

/**
 * An audit's output as a report, or the reason it is none. `npm` and `pnpm` write one JSON
 * object; Yarn 1 and Yarn 2+ write a line of JSON per advisory (and nothing when there are none).
 */
export function parseAuditOutput(
  text: string,
  manager: PackageManager,
  devNodes: (nodes: readonly string[]) => boolean = () => false,
): ParsedReport | { error: string } {
  if (manager === 'yarn-classic' || manager === 'yarn') {
    const lines = jsonLines(text);
    const error = lines.find((line) => line.type === 'error');
    if (error) return { error: String(error.data ?? 'yarn audit reported an error') };
    if (manager === 'yarn-classic') {
      const summary = lines.find((line) => line.type === 'auditSummary');
      if (!summary) return { error: text.trim() === '' ? 'yarn audit wrote no report' : (text.trim().split('\n')[0] ?? '') };
      const advisories = lines
        .filter((line) => line.type === 'auditAdvisory' && isObject(line.data))
        .map((line) => {
          const data = line.data as Json;
          const resolution = isObject(data.resolution) ? data.resolution : {};
          return { advisory: isObject(data.advisory) ? data.advisory : {}, paths: [{ path: String(resolution.path ?? ''), dev: resolution.dev === true }] };
        });
      const packages = isObject(summary.data) && typeof summary.data.dependencies === 'number' ? summary.data.dependencies : null;
      return { packages, entries: legacyEntries(advisories, 'yarn upgrade') };
    }
    const entries = lines
      .filter((line) => typeof line.value === 'string' && isObject(line.children))
      .map((line): RawEntry => {
        const children = line.children as Json;
        const range = String(children['Vulnerable Versions'] ?? '*');
        const fixVersion = patchedVersions(range);
        return {
          name: String(line.value),
          severity: severityOf(children.Severity),
          range,
          direct: null,
          advisories: [{ title: String(children.Issue ?? line.value), url: String(children.URL ?? '') }],
          via: [],
          fixVersion,
          fix: fixVersion ? `upgrade to ${fixVersion} (yarn up -R ${String(line.value)})` : 'no fix available',
          devOnly: false,
        };
      });
    if (entries.length === 0 && text.trim() !== '' && lines.length === 0) return { error: text.trim().split('\n')[0] ?? '' };
    return { packages: null, entries };
  }
  const report = parseJson(text);
  if (!report) return { error: text.trim() === '' ? `${manager} audit wrote no report` : `${manager} audit wrote no JSON: ${text.trim().split('\n')[0]}` };
  const error = errorOf(report);
  if (error !== null) return { error };
  if (isObject(report.vulnerabilities) && isObject(report.metadata)) return parseNpmV2(report, devNodes);
  if (isObject(report.advisories)) {
    const advisories = Object.values(report.advisories)
      .filter(isObject)
      .map((advisory) => ({ advisory, paths: pathsOf(advisory.findings) }));
    const metadata = isObject(report.metadata) ? report.metadata : {};
    const packages = typeof metadata.dependencies === 'number' ? metadata.dependencies : null;
    return { packages, entries: legacyEntries(advisories, manager === 'pnpm' ? 'pnpm update' : 'npm audit fix') };
  }
  return { error: 'the output is no audit report (no vulnerabilities or advisories in it)' };
}

/** Whether every one of these lockfile nodes (`node_modules/x`) is a development dependency, by package-lock.json. */
function devNodesOf(root: string, checks: DependencyChecks): (nodes: readonly string[]) => boolean {
  if (checks.lockfile === null || !/(?:package-lock|npm-shrinkwrap)\.json$/.test(checks.lockfile)) return () => false;
  let packages: Json = {};
  try {
    const lock = JSON.parse(readFileSync(path.join(root, checks.lockfile), 'utf8')) as Json;
    if (isObject(lock.packages)) packages = lock.packages;
  } catch {
    return () => false;
  }
  return (nodes) => nodes.every((node) => isObject(packages[node]) && packages[node].dev === true);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The 1-based line of the first match in a file, or 1. */
function lineOf(root: string, file: string, pattern: RegExp): number {
  let text: string;
  try {
    text = readFileSync(path.join(root, file), 'utf8');
  } catch {
    return 1;
  }
  const index = text.search(pattern);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}

/** Where an advisory is reported: a direct dependency at its line in the manifest, others at their entry in the lockfile. */
function locate(root: string, checks: DependencyChecks, advisory: Advisory): { file: string; line: number } {
  const name = escapeRegExp(advisory.name);
  const manifest = checks.manifest!;
  if (advisory.direct !== false) {
    const line = lineOf(root, manifest, new RegExp(`^\\s*"${name}"\\s*:`, 'm'));
    if (line > 1 || advisory.direct === true || checks.lockfile === null) return { file: manifest, line };
  }
  if (checks.lockfile === null) return { file: manifest, line: 1 };
  const pattern = checks.lockfile.endsWith('.json')
    ? new RegExp(`"(?:[^"]*/)?node_modules/${name}"\\s*:`)
    : new RegExp(`^\\s*["']?/?${name}@`, 'm');
  return { file: checks.lockfile, line: lineOf(root, checks.lockfile, pattern) };
}

function findingOf(root: string, checks: DependencyChecks, advisory: Advisory): DependencyFinding {
  const what =
    advisory.advisories.length > 0
      ? advisory.advisories.map((item) => (item.url ? `${item.title} (${item.url})` : item.title)).join('; ')
      : `vulnerable through ${advisory.via.join(', ')}`;
  const direct = advisory.direct === true ? 'direct dependency ' : advisory.direct === false ? 'dependency ' : '';
  return {
    kind: 'advisory',
    ...locate(root, checks, advisory),
    severity: advisory.severity,
    message: `${direct}${advisory.name} ${advisory.range} (${advisory.severity}): ${what}; fix: ${advisory.fix}.`,
  };
}

/** A parsed output as the section's audit result: production advisories sorted, or why there are none to show. */
function auditOf(parsed: ReturnType<typeof parseAuditOutput>, command: string, root: string, checks: DependencyChecks): DependencyAudit {
  if ('error' in parsed) return { kind: 'unavailable', command, reason: parsed.error };
  const production = parsed.entries.filter((entry) => !entry.devOnly);
  const devOnly = parsed.entries.length - production.length;
  if (production.length === 0) return { kind: 'clean', command, packages: parsed.packages, devOnly };
  const advisories = production
    .map(({ devOnly: _devOnly, ...advisory }) => advisory)
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || Number(b.direct === true) - Number(a.direct === true) || a.name.localeCompare(b.name));
  const findings = checks.manifest === null ? [] : advisories.map((advisory) => findingOf(root, checks, advisory));
  return { kind: 'advisories', command, packages: parsed.packages, devOnly, advisories, findings };
}

/** `--deps-report FILE`: a saved `npm audit --json` (or pnpm's, or Yarn's lines). */
export function readAuditReport(file: string, root: string, checks: DependencyChecks): DependencyAudit {
  const command = `report ${path.basename(file)}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { kind: 'unavailable', command, reason: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const trimmed = text.trimStart();
  const manager: PackageManager = trimmed.startsWith('{"type":') ? 'yarn-classic' : trimmed.startsWith('{"value":') ? 'yarn' : 'npm';
  return auditOf(parseAuditOutput(text, manager, devNodesOf(root, checks)), command, root, checks);
}

/** `--deps`: runs the package manager's audit where the lockfile is, with a timeout. */
export async function runDependencyAudit(
  root: string,
  checks: DependencyChecks,
  run: CommandRunner = runCommand,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<DependencyAudit> {
  const [command, ...args] = AUDIT_COMMANDS[checks.manager];
  const shown = [command, ...args].join(' ');
  if (checks.lockfile === null) return { kind: 'unavailable', command: shown, reason: `${command} audit needs a lockfile, and the project has none` };
  const cwd = path.dirname(path.join(root, checks.lockfile));
  const result = await run(command!, args, { cwd, timeoutMs });
  if (result.failure === 'not-found') return { kind: 'unavailable', command: shown, reason: `${command} is not installed (or not on PATH)` };
  if (result.failure === 'timeout') return { kind: 'unavailable', command: shown, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` };
  const parsed = parseAuditOutput(result.stdout, checks.manager, devNodesOf(root, checks));
  // Yarn 2+ writes nothing when it finds nothing, and also when it fails: only a clean exit is clean.
  if (!('error' in parsed) && parsed.entries.length === 0 && result.stdout.trim() === '' && result.status !== 0) {
    return { kind: 'unavailable', command: shown, reason: result.stderr.trim().split('\n')[0] || `${command} exited with ${result.status}` };
  }
  if ('error' in parsed && result.stderr.trim() !== '' && result.stdout.trim() === '') {
    return { kind: 'unavailable', command: shown, reason: result.stderr.trim().split('\n')[0]! };
  }
  return auditOf(parsed, shown, root, checks);
}
