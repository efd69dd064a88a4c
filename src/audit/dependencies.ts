// The fifth defense, checked on the project: a lockfile, and something that watches the
// dependencies for known vulnerabilities (Dependabot, Renovate, an audit step in CI). Plain file
// reads and line scans: no YAML parser, no network. `--deps` adds the package manager's own audit
// (dependency-report.ts). None of this runs inside the ESLint rules.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CommandRunner, DependencyAudit } from './dependency-report';
import { readAuditReport, runDependencyAudit } from './dependency-report';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'yarn-classic';

/** The lockfiles the audit knows, in the order it prefers them when there are several. */
const LOCKFILES: readonly { name: string; manager: PackageManager }[] = [
  { name: 'package-lock.json', manager: 'npm' },
  { name: 'npm-shrinkwrap.json', manager: 'npm' },
  { name: 'pnpm-lock.yaml', manager: 'pnpm' },
  { name: 'yarn.lock', manager: 'yarn' },
];

const RENOVATE_FILES = [
  'renovate.json',
  'renovate.json5',
  '.renovaterc',
  '.renovaterc.json',
  '.renovaterc.json5',
  '.github/renovate.json',
  '.github/renovate.json5',
  '.gitlab/renovate.json',
  '.gitlab/renovate.json5',
];

/** CI files scanned for an audit step, besides `.github/workflows/*.yml`. */
const CI_FILES = ['.gitlab-ci.yml', '.circleci/config.yml', 'azure-pipelines.yml', 'bitbucket-pipelines.yml'];

/**
 * A command that checks the installed dependencies against an advisory database. `npm audit
 * signatures` checks registry signatures, not advisories, so it does not count.
 */
const AUDIT_STEP = /\b(?:npm\s+audit(?!\s+signatures)|pnpm\s+audit|yarn\s+(?:npm\s+)?audit|osv-scanner|snyk\s+test|better-npm-audit|audit-ci)\b|google\/osv-scanner-action|snyk\/actions\/node|Dependency-Scanning\.gitlab-ci\.yml/;

/** What is there, and where (paths relative to the audited directory, `/`-separated). */
export interface DependencyChecks {
  /** The manifest the section is about, or null when the tree has none (then nothing is checked). */
  manifest: string | null;
  lockfile: string | null;
  manager: PackageManager;
  /** Each way the dependencies are watched: `.github/dependabot.yml (npm)`, `renovate.json`, `npm audit in .github/workflows/ci.yml`. */
  monitoring: string[];
  /** Configuration that looks like monitoring but does not watch npm (a dependabot.yml without an npm ecosystem). */
  notes: string[];
  /** The `directory` a dependabot.yml at the repository root would name for this manifest. */
  dependabotDirectory: string;
}

export type FindingKind = 'lockfile' | 'monitoring' | 'advisory';

/** One dependency finding: a missing lockfile or monitoring, or one vulnerable package. */
export interface DependencyFinding {
  kind: FindingKind;
  /** Relative path of the file it is reported on (the manifest or the lockfile). */
  file: string;
  line: number;
  message: string;
  severity?: string;
}

/** The "dependencies" section of the audit, in every output format. */
export interface DependencySection {
  checks: DependencyChecks;
  /** Null when `--deps` was not asked for. */
  audit: DependencyAudit | null;
  findings: DependencyFinding[];
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readJson(file: string): Record<string, unknown> | null {
  const text = readText(file);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The directories from `start` up to the repository root (the first with `.git`), or only `start` outside a repository. */
function upToRepositoryRoot(start: string): string[] {
  const chain: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    chain.push(dir);
    if (existsSync(path.join(dir, '.git'))) return chain;
    if (path.dirname(dir) === dir) return [start];
  }
}

/** YAML text without comments, line by line (a `#` at the start or after white space starts one). */
function yamlLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.replace(/(?:^|\s)#.*$/, ''));
}

function dependabotWatchesNpm(text: string): boolean {
  return yamlLines(text).some((line) => /\bpackage-ecosystem\s*:\s*["']?npm["']?\s*$/.test(line));
}

/** A Renovate config that names its managers without npm does not watch npm. */
function renovateWatchesNpm(text: string): boolean {
  return !/["']?enabledManagers["']?\s*:/.test(text) || /["']npm["']/.test(text);
}

/** The first command that audits dependencies in a CI file or script, if any. */
function auditStepIn(text: string): string | null {
  for (const line of yamlLines(text)) {
    const match = AUDIT_STEP.exec(line);
    if (match) return match[0].replace(/\s+/g, ' ');
  }
  return null;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/') || '.';
}

/** The nearest package.json at or above `root`, within its repository. */
function findManifest(root: string): string | null {
  for (const dir of upToRepositoryRoot(root)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'package.json');
  }
  return null;
}

/** The manifest's lockfile: beside it, or at the root of the workspace it belongs to. */
function findLockfile(manifestDir: string): { file: string; manager: PackageManager } | null {
  for (const dir of upToRepositoryRoot(manifestDir)) {
    const isWorkspaceRoot =
      dir === manifestDir || existsSync(path.join(dir, 'pnpm-workspace.yaml')) || Boolean(readJson(path.join(dir, 'package.json'))?.workspaces);
    if (!isWorkspaceRoot) continue;
    for (const { name, manager } of LOCKFILES) {
      const file = path.join(dir, name);
      if (!existsSync(file)) continue;
      // Yarn 2+ lockfiles start with a `__metadata:` block; Yarn 1's audit is another command.
      const classic = manager === 'yarn' && !/^__metadata:/m.test(readText(file) ?? '');
      return { file, manager: classic ? 'yarn-classic' : manager };
    }
  }
  return null;
}

function workflowFiles(dir: string): string[] {
  const workflows = path.join(dir, '.github/workflows');
  if (!isDirectory(workflows)) return [];
  return readdirSync(workflows)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(workflows, name));
}

/** Where the project watches its dependencies, looking from the manifest up to the repository root. */
function findMonitoring(root: string, manifest: string, manifestJson: Record<string, unknown> | null): Pick<DependencyChecks, 'monitoring' | 'notes'> {
  const monitoring: string[] = [];
  const notes: string[] = [];
  if (manifestJson && 'renovate' in manifestJson) monitoring.push(`renovate key in ${relative(root, manifest)}`);
  const scripts = manifestJson?.scripts;
  if (scripts && typeof scripts === 'object') {
    for (const [name, command] of Object.entries(scripts as Record<string, unknown>)) {
      const step = typeof command === 'string' ? auditStepIn(command) : null;
      if (step) monitoring.push(`${step} in the ${name} script of ${relative(root, manifest)}`);
    }
  }
  for (const dir of upToRepositoryRoot(path.dirname(manifest))) {
    for (const name of ['.github/dependabot.yml', '.github/dependabot.yaml']) {
      const text = readText(path.join(dir, name));
      if (text === null) continue;
      if (dependabotWatchesNpm(text)) monitoring.push(`${relative(root, path.join(dir, name))} (npm)`);
      else notes.push(`${relative(root, path.join(dir, name))} has no npm package-ecosystem, so it does not watch these dependencies`);
    }
    for (const name of RENOVATE_FILES) {
      const text = readText(path.join(dir, name));
      if (text === null) continue;
      if (renovateWatchesNpm(text)) monitoring.push(relative(root, path.join(dir, name)));
      else notes.push(`${relative(root, path.join(dir, name))} enables managers without npm`);
    }
    for (const file of [...workflowFiles(dir), ...CI_FILES.map((name) => path.join(dir, name))]) {
      const text = readText(file);
      const step = text === null ? null : auditStepIn(text);
      if (step) monitoring.push(`${step} in ${relative(root, file)}`);
    }
  }
  return { monitoring, notes };
}

/** The project checks, without running anything. */
export function checkDependencies(root: string): DependencyChecks {
  const manifest = findManifest(root);
  if (manifest === null) return { manifest: null, lockfile: null, manager: 'npm', monitoring: [], notes: [], dependabotDirectory: '/' };
  const manifestJson = readJson(manifest);
  const lock = findLockfile(path.dirname(manifest));
  const repositoryRoot = upToRepositoryRoot(path.dirname(manifest)).at(-1)!;
  const declared = typeof manifestJson?.packageManager === 'string' ? /^(npm|pnpm|yarn)@/.exec(manifestJson.packageManager)?.[1] : undefined;
  return {
    manifest: relative(root, manifest),
    lockfile: lock ? relative(root, lock.file) : null,
    manager: lock?.manager ?? (declared as PackageManager | undefined) ?? 'npm',
    ...findMonitoring(root, manifest, manifestJson),
    dependabotDirectory: `/${path.relative(repositoryRoot, path.dirname(manifest)).split(path.sep).join('/')}`,
  };
}

/** What to add when nothing watches the dependencies: the smallest dependabot.yml that does. */
export function dependabotConfig(directory: string): string {
  return ['version: 2', 'updates:', '  - package-ecosystem: npm', `    directory: "${directory}"`, '    schedule: { interval: weekly }'].join('\n');
}

function projectFindings(checks: DependencyChecks): DependencyFinding[] {
  if (checks.manifest === null) return [];
  const findings: DependencyFinding[] = [];
  if (checks.lockfile === null) {
    findings.push({
      kind: 'lockfile',
      file: checks.manifest,
      line: 1,
      message:
        `${checks.manifest} has no lockfile (package-lock.json, npm-shrinkwrap.json, yarn.lock or pnpm-lock.yaml): installs are not reproducible ` +
        'and advisories cannot be matched to the installed versions; run `npm install` (or your package manager\'s install) and commit the lockfile.',
    });
  }
  if (checks.monitoring.length === 0) {
    const notes = checks.notes.length > 0 ? ` (${checks.notes.join('; ')})` : '';
    findings.push({
      kind: 'monitoring',
      file: checks.manifest,
      line: 1,
      message:
        `Nothing watches the dependencies for known vulnerabilities: no Dependabot npm updates, no Renovate config and no audit step ` +
        `(npm audit, pnpm audit, yarn npm audit, osv-scanner, snyk test) in CI${notes}; add .github/dependabot.yml:\n${dependabotConfig(checks.dependabotDirectory)}`,
    });
  }
  return findings;
}

/** What the user asked of the dependency audit on the command line. */
export interface DependencyOptions {
  /** `--deps`: run the package manager's audit. */
  run: boolean;
  /** `--deps-report FILE`: read a saved `npm audit --json` instead (absolute path). */
  report: string | null;
  runCommand?: CommandRunner;
  timeoutMs?: number;
}

/** The whole section: the project checks, and the advisories when asked for. */
export async function dependencySection(root: string, options: DependencyOptions): Promise<DependencySection> {
  const checks = checkDependencies(root);
  let audit: DependencyAudit | null = null;
  if (options.report !== null) audit = readAuditReport(options.report, root, checks);
  else if (options.run && checks.manifest === null) audit = { kind: 'unavailable', command: 'npm audit', reason: 'there is no package.json to audit' };
  else if (options.run) audit = await runDependencyAudit(root, checks, options.runCommand, options.timeoutMs);
  const advisories = audit?.kind === 'advisories' ? audit.findings : [];
  return { checks, audit, findings: [...projectFindings(checks), ...advisories] };
}
