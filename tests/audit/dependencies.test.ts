// The "dependencies" section of the audit: lockfile and monitoring checks on fixture projects,
// recorded `npm audit --json` outputs of npm 9, 10 and 11 (and pnpm, Yarn 1 and 2+), the audit
// run through an injected command runner or a fake npm on PATH (never the network), and the
// section in the text, json, stylish and sarif outputs and on the HTML page.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/audit/args';
import { runAudit } from '../../src/audit/audit';
import { checkDependencies } from '../../src/audit/dependencies';
import type { CommandRunner } from '../../src/audit/dependency-report';
import { parseAuditOutput, patchedVersions, runCommand } from '../../src/audit/dependency-report';
import { ROOT } from './run';

const PROJECTS = path.join(ROOT, 'tests/fixtures/dependencies');
const REPORTS = path.join(ROOT, 'tests/fixtures/npm-audit');

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A fixture project copied to its own repository (a `.git` folder), so nothing above it counts. */
function repository(fixture: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'express-security-deps-'));
  temporary.push(dir);
  cpSync(path.join(PROJECTS, fixture), dir, { recursive: true });
  mkdirSync(path.join(dir, '.git'));
  return dir;
}

function report(name: string): string {
  return readFileSync(path.join(REPORTS, name), 'utf8');
}

/** `express-security audit ...args` in-process, with a command runner of the test's own. */
async function audit(args: string[], runner?: CommandRunner): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runAudit(['audit', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stderrIsTTY: false,
    cwd: ROOT,
    ...(runner ? { runCommand: runner } : {}),
  });
  return { status, stdout, stderr };
}

/** A runner that answers with a recorded output, and remembers what it was asked to run. */
function recorded(output: string, status = 1): { runner: CommandRunner; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    runner: (command, args, { cwd }) => {
      calls.push(`${path.basename(cwd)}: ${command} ${args.join(' ')}`);
      return Promise.resolve({ status, stdout: output, stderr: '' });
    },
  };
}

function section(stdout: string): string {
  return stdout.slice(stdout.indexOf('Dependencies ('));
}

describe('the project checks', () => {
  it.each([
    ['no-lockfile', null, 'npm', []],
    ['npm-project', 'package-lock.json', 'npm', ['.github/dependabot.yml (npm)']],
    ['dependabot-actions-only', 'npm-shrinkwrap.json', 'npm', []],
    ['renovate', 'pnpm-lock.yaml', 'pnpm', ['renovate.json']],
    ['renovate-key', 'yarn.lock', 'yarn', ['renovate key in package.json']],
    ['ci-workflow', 'package-lock.json', 'npm', ['npm audit in .github/workflows/ci.yml']],
    ['ci-signatures-only', 'package-lock.json', 'npm', []],
    ['gitlab', 'yarn.lock', 'yarn-classic', ['yarn audit in .gitlab-ci.yml']],
    ['scripts', 'package-lock.json', 'npm', ['osv-scanner in the audit:deps script of package.json']],
  ])('%s: lockfile %s (%s), monitoring %j', (fixture, lockfile, manager, monitoring) => {
    const checks = checkDependencies(repository(fixture));
    expect(checks).toMatchObject({ manifest: 'package.json', lockfile, manager, monitoring });
  });

  it('says why a dependabot.yml without an npm ecosystem does not count (a commented-out entry is no entry)', () => {
    expect(checkDependencies(repository('dependabot-actions-only')).notes).toEqual([
      '.github/dependabot.yml has no npm package-ecosystem, so it does not watch these dependencies',
    ]);
  });

  it('finds the lockfile and dependabot.yml of a workspace at its root, and names the folder in the dependabot.yml it suggests', async () => {
    const root = repository('monorepo');
    expect(checkDependencies(path.join(root, 'packages/api'))).toMatchObject({
      manifest: 'package.json',
      lockfile: '../../package-lock.json',
      monitoring: ['../../.github/dependabot.yml (npm)'],
      dependabotDirectory: '/packages/api',
    });
    rmSync(path.join(root, '.github'), { recursive: true });
    const { stdout } = await audit([path.join(root, 'packages/api')]);
    expect(stdout).toContain('    - package-ecosystem: npm\n          directory: "/packages/api"\n');
  });

  it('checks nothing where there is no package.json (no npm project), and adds no section', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'express-security-deps-'));
    temporary.push(dir);
    writeFileSync(path.join(dir, 'index.js'), 'module.exports = 1;\n');
    const { status, stdout } = await audit([dir]);
    expect(status).toBe(0);
    expect(stdout).toBe('No findings in 1 file(s), 0 route(s).\n');
  });
});

describe('findings of the project checks', () => {
  it('reports a missing lockfile and missing monitoring, with the dependabot.yml to add, and exits 1', async () => {
    const { status, stdout } = await audit([repository('no-lockfile')]);
    expect(status).toBe(1);
    expect(section(stdout)).toBe(
      [
        'Dependencies (package.json)',
        '  lockfile    none',
        '  monitoring  none',
        '  advisories  not checked (--deps runs npm audit --json --omit=dev)',
        '',
        "  package.json:1  [lockfile] package.json has no lockfile (package-lock.json, npm-shrinkwrap.json, yarn.lock or pnpm-lock.yaml): installs are not reproducible and advisories cannot be matched to the installed versions; run `npm install` (or your package manager's install) and commit the lockfile.",
        '  package.json:1  [monitoring] Nothing watches the dependencies for known vulnerabilities: no Dependabot npm updates, no Renovate config and no audit step (npm audit, pnpm audit, yarn npm audit, osv-scanner, snyk test) in CI; add .github/dependabot.yml:',
        '      version: 2',
        '      updates:',
        '        - package-ecosystem: npm',
        '          directory: "/"',
        '          schedule: { interval: weekly }',
        '',
        'No findings in 0 file(s), 0 route(s); 2 dependency finding(s).',
        '',
      ].join('\n'),
    );
  });

  it('is clean with a lockfile and monitoring, and exits 0 when the code is clean too', async () => {
    const { status, stdout } = await audit([repository('ci-workflow')]);
    expect(status).toBe(0);
    expect(section(stdout)).toContain('  monitoring  npm audit in .github/workflows/ci.yml\n');
    expect(stdout).toContain('\n  No dependency findings.\n\nNo findings in 0 file(s), 0 route(s).\n');
  });
});

describe('recorded npm audit --json outputs', () => {
  it('npm 10 (--omit=dev): every vulnerable package, highest severity first, direct ones first, each with its fix', async () => {
    const { status, stdout } = await audit(['examples/vulnerable', '--deps-report', 'tests/fixtures/npm-audit/npm10-vulnerabilities.json']);
    expect(status).toBe(1);
    const lines = section(stdout)
      .split('\n')
      .filter((line) => /^ {2}package(?:-lock)?\.json:\d+ {2}\[(?:critical|high|moderate|low)\]/.test(line))
      .map((line) => line.replace(/: .*; fix: /, ' … fix: '));
    expect(lines).toEqual([
      '  package.json:8  [high] direct dependency express <=4.21.1 || 5.0.0-alpha.1 - 5.0.0 (high) … fix: update to express@4.21.2.',
      '  package.json:10  [high] direct dependency jsonwebtoken <=8.5.1 (high) … fix: update to jsonwebtoken@9.0.2 (semver-major: npm audit fix --force).',
      '  package-lock.json:79  [high] dependency body-parser <=1.20.2 (high) … fix: upgrade to >=1.20.3 (npm audit fix).',
      '  package-lock.json:868  [high] dependency path-to-regexp <=0.1.11 (high) … fix: upgrade to >=0.1.12 (npm audit fix).',
      '  package-lock.json:894  [high] dependency qs 6.7.0 - 6.7.2 (high) … fix: upgrade to >=6.7.3 (npm audit fix).',
      '  package.json:9  [low] direct dependency express-session 1.2.0 - 1.18.0 (low) … fix: update to express-session@1.18.1.',
      '  package-lock.json:163  [low] dependency cookie <0.7.0 (low) … fix: upgrade to >=0.7.0 (npm audit fix).',
      '  package-lock.json:997  [low] dependency send <0.19.0 (low) … fix: upgrade to >=0.19.0 (npm audit fix).',
      '  package-lock.json:1025  [low] dependency serve-static <=1.16.0 (low) … fix: upgrade to >=1.16.0 (npm audit fix).',
    ]);
    expect(stdout).toContain('  advisories  9 in production dependencies (5 high, 4 low), from report npm10-vulnerabilities.json\n');
    expect(stdout).toContain(
      '[low] direct dependency express-session 1.2.0 - 1.18.0 (low): vulnerable through cookie; fix: update to express-session@1.18.1.',
    );
    expect(stdout).toContain('(high): body-parser vulnerable to denial of service when url encoding is enabled (https://github.com/advisories/GHSA-qwcr-r2fm-qrc7); fix:');
  });

  it('npm 9 (dev included): leaves out what the lockfile marks as development only, and says how many', async () => {
    const { stdout } = await audit([repository('npm-project'), '--deps-report', path.join(REPORTS, 'npm9-vulnerabilities.json')]);
    expect(stdout).toContain('  advisories  2 in production dependencies (1 critical, 1 high), from report npm9-vulnerabilities.json; 2 only in development dependencies, not listed\n');
    expect(stdout).toContain('  package-lock.json:44  [critical] dependency minimist >=1.0.0 <1.2.6 (critical): Prototype Pollution in minimist');
    expect(stdout).not.toMatch(/braces|micromatch/);
  });

  it('npm 11 (--omit=dev): the same advisories, critical before high', async () => {
    const { stdout } = await audit([repository('npm-project'), '--deps-report', path.join(REPORTS, 'npm11-vulnerabilities.json')]);
    const listed = section(stdout).match(/\[(?:critical|high)\] \S+ \S+ \S+/g);
    expect(listed).toEqual(['[critical] dependency minimist >=1.0.0', '[high] direct dependency jsonwebtoken']);
  });

  it.each(['npm9-clean.json', 'npm10-clean.json', 'npm11-clean.json'])('%s: no advisories, with the number of packages checked', async (name) => {
    const { status, stdout } = await audit([repository('ci-workflow'), '--deps-report', path.join(REPORTS, name)]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/ {2}advisories {2}none in production dependencies \(\d+ packages\), from report npm\d+-clean\.json\n/);
  });

  it.each([
    ['npm9-enolock.json', 'ENOLOCK: This command requires an existing lockfile.: Try creating one first with: npm i --package-lock-only'],
    ['npm10-enoaudit.json', 'ENOAUDIT: Your configured registry (https://npm.internal.example/) does not support audit requests.'],
    ['npm10-offline.json', 'request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org'],
    ['npm11-endpoint-405.json', '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk'],
  ])('%s: says plainly that no check was made, and exits as without --deps (never as clean)', async (name, reason) => {
    const dir = repository('ci-workflow');
    const { status, stdout } = await audit([dir, '--deps-report', path.join(REPORTS, name)]);
    expect(status).toBe(0);
    expect(stdout).toContain(`  advisories  not checked: report ${name} could not run (${reason}`);
    expect(stdout).toContain('no advisory check was made, which is not a clean result');
    expect(stdout).not.toContain('none in production dependencies');
    const failing = await audit([repository('no-lockfile'), '--deps-report', path.join(REPORTS, name)]);
    expect(failing.status).toBe(1);
  });

  it('a report that cannot be read is no clean result either', async () => {
    const { status, stdout } = await audit([repository('ci-workflow'), '--deps-report', 'no-such-report.json']);
    expect(status).toBe(0);
    expect(stdout).toContain('  advisories  not checked: report no-such-report.json could not run (cannot read ');
  });
});

describe('pnpm and Yarn outputs', () => {
  it.each([
    ['pnpm-vulnerabilities.json', 'pnpm'],
    ['yarn-classic-vulnerabilities.ndjson', 'yarn-classic'],
    ['yarn-berry-vulnerabilities.ndjson', 'yarn'],
  ] as const)('%s: production advisories with their fixed versions', (name, manager) => {
    const parsed = parseAuditOutput(report(name), manager);
    if ('error' in parsed) throw new Error(parsed.error);
    const production = parsed.entries.filter((entry) => !entry.devOnly);
    // pnpm and Yarn 1 name the patched versions; Yarn 2+ only the vulnerable ones, read as their complement.
    const jsonwebtoken = manager === 'pnpm' ? ['jsonwebtoken high >=9.0.0'] : manager === 'yarn' ? ['jsonwebtoken high >8.5.1'] : [];
    expect(production.map((entry) => `${entry.name} ${entry.severity} ${entry.fixVersion}`).sort()).toEqual([...jsonwebtoken, 'minimist critical >=1.2.6']);
  });

  it('a Yarn 1 error line is no report', () => {
    expect(parseAuditOutput('{"type":"error","data":"Error: connect ECONNREFUSED"}\n', 'yarn-classic')).toEqual({ error: 'Error: connect ECONNREFUSED' });
  });

  it('reads the first version outside a vulnerable range', () => {
    expect(patchedVersions('<1.2.6')).toBe('>=1.2.6');
    expect(patchedVersions('>=1.0.0 <1.2.6')).toBe('>=1.2.6');
    expect(patchedVersions('<0.2.4 || >=1.0.0 <1.2.6')).toBe('>=1.2.6');
    expect(patchedVersions('<=8.5.1')).toBe('>8.5.1');
    expect(patchedVersions('>=2.0.0')).toBeNull();
  });
});

describe('--deps: the package manager audit, run without the network', () => {
  it('runs npm audit for production dependencies where the lockfile is, and lists what it reports', async () => {
    const { runner, calls } = recorded(report('npm11-vulnerabilities.json'));
    const dir = repository('npm-project');
    const { status, stdout } = await audit([dir, '--deps'], runner);
    expect(calls).toEqual([`${path.basename(dir)}: npm audit --json --omit=dev`]);
    expect(status).toBe(1);
    expect(stdout).toContain('  advisories  2 in production dependencies (1 critical, 1 high), from npm audit --json --omit=dev\n');
  });

  it.each([
    ['renovate', 'pnpm audit --json --prod'],
    ['renovate-key', 'yarn npm audit --json --environment production --recursive'],
    ['gitlab', 'yarn audit --json --groups dependencies'],
  ])('%s: chooses the audit by lockfile: %s', async (fixture, command) => {
    const { runner, calls } = recorded('', 0);
    await audit([repository(fixture), '--deps'], runner);
    expect(calls.map((call) => call.slice(call.indexOf(': ') + 2))).toEqual([command]);
  });

  it('an offline audit (the recorded error object) is reported as not run, on stderr too in the machine formats', async () => {
    const { runner } = recorded(report('npm10-offline.json'));
    const { status, stdout, stderr } = await audit([repository('ci-workflow'), '--deps', '--format', 'json'], runner);
    expect(status).toBe(0);
    expect(stderr).toContain('express-security: npm audit --json --omit=dev could not run (request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed');
    expect(stderr).toContain('no advisory check was made, and the exit status is as if --deps had not been given');
    const messages = (JSON.parse(stdout) as { messages: { ruleId: string; severity: number }[] }[]).flatMap((result) => result.messages);
    expect(messages.map((message) => `${message.ruleId} ${message.severity}`)).toEqual(['dependencies/audit-unavailable 1']);
  });

  it('a timeout, a missing npm and a project without a lockfile are no clean result', async () => {
    const timeout: CommandRunner = () => Promise.resolve({ status: null, stdout: '', stderr: '', failure: 'timeout' });
    expect((await audit([repository('ci-workflow'), '--deps'], timeout)).stdout).toContain('could not run (no answer within 60 s)');
    const missing: CommandRunner = () => Promise.resolve({ status: null, stdout: '', stderr: '', failure: 'not-found' });
    expect((await audit([repository('ci-workflow'), '--deps'], missing)).stdout).toContain('could not run (npm is not installed (or not on PATH))');
    const { runner, calls } = recorded(report('npm10-clean.json'));
    expect((await audit([repository('no-lockfile'), '--deps'], runner)).stdout).toContain('could not run (npm audit needs a lockfile, and the project has none)');
    expect(calls).toEqual([]);
  });

  it('Yarn 2+ writing nothing is clean only when it exits 0', async () => {
    const failed: CommandRunner = () => Promise.resolve({ status: 1, stdout: '', stderr: 'Internal Error: network\n' });
    expect((await audit([repository('renovate-key'), '--deps'], failed)).stdout).toContain('could not run (Internal Error: network)');
    const clean: CommandRunner = () => Promise.resolve({ status: 0, stdout: '', stderr: '' });
    expect((await audit([repository('renovate-key'), '--deps'], clean)).stdout).toContain('  advisories  none in production dependencies, from yarn npm audit');
  });

  it.skipIf(process.platform === 'win32')('the real runner: a fake npm on PATH that prints the ENOAUDIT object and exits 1, and one that never answers', async () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'express-security-fake-npm-'));
    temporary.push(bin);
    const npm = path.join(bin, 'npm');
    writeFileSync(npm, `#!/bin/sh\ncat '${path.join(REPORTS, 'npm10-enoaudit.json')}'\nexit 1\n`);
    chmodSync(npm, 0o755);
    const original = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${original}`;
    try {
      const result = await runCommand('npm', ['audit', '--json', '--omit=dev'], { cwd: bin, timeoutMs: 10_000 });
      expect(result.status).toBe(1);
      expect(parseAuditOutput(result.stdout, 'npm')).toEqual({
        error: 'ENOAUDIT: Your configured registry (https://npm.internal.example/) does not support audit requests.: The registry answered 404 Not Found to POST /-/npm/v1/security/advisories/bulk.',
      });
      writeFileSync(npm, '#!/bin/sh\nexec sleep 30\n');
      expect(await runCommand('npm', ['audit'], { cwd: bin, timeoutMs: 300 })).toMatchObject({ status: null, failure: 'timeout' });
      expect(await runCommand('no-such-package-manager', [], { cwd: bin, timeoutMs: 1000 })).toMatchObject({ failure: 'not-found' });
    } finally {
      process.env.PATH = original;
    }
  });
});

describe('the section in every format', () => {
  const args = ['examples/vulnerable', '--deps-report', 'tests/fixtures/npm-audit/npm10-vulnerabilities.json'];

  it('json and stylish: ESLint results on the manifest and the lockfile, with rule ids of their own', async () => {
    const { stdout } = await audit([...args, '--format', 'json']);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; dependency?: { severity?: string } }[] }[];
    const dependencyResults = results.filter((result) => /package(?:-lock)?\.json$/.test(result.filePath));
    expect(dependencyResults.map((result) => path.relative(ROOT, result.filePath))).toEqual(['examples/vulnerable/package-lock.json', 'examples/vulnerable/package.json']);
    expect(dependencyResults[1]!.messages.map((message) => `${message.line} ${message.ruleId} ${message.dependency?.severity ?? ''}`)).toEqual([
      '1 dependencies/monitoring ',
      '8 dependencies/advisory high',
      '9 dependencies/advisory low',
      '10 dependencies/advisory high',
    ]);
    const stylish = await audit([...args, '--format', 'stylish']);
    expect(stylish.stdout).toMatch(/examples\/vulnerable\/package-lock\.json\n\s+79:1\s+error\s+dependency body-parser <=1\.20\.2 \(high\)/);
  });

  it('sarif: rules with descriptions and help, results on the manifest or the lockfile, levels by severity', async () => {
    const { stdout } = await audit([...args, '--format', 'sarif']);
    const run = (
      JSON.parse(stdout) as {
        runs: {
          tool: { driver: { rules: { id: string; fullDescription?: { text: string }; help?: { text: string; markdown: string }; helpUri?: string; properties: { tags: string[] } }[] } };
          results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
        }[];
      }
    ).runs[0]!;
    const rules = run.tool.driver.rules.filter((rule) => rule.id.startsWith('dependencies/'));
    expect(rules.map((rule) => rule.id)).toEqual(['dependencies/advisory', 'dependencies/monitoring']);
    for (const rule of rules) {
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.markdown).toBeTruthy();
      expect(rule.helpUri).toMatch(/docs\/audit\.md#dependencies$/);
      expect(rule.properties.tags).toEqual(['security', 'dependencies', 'external/cwe/cwe-1395']);
    }
    const monitoring = rules.find((rule) => rule.id === 'dependencies/monitoring')!;
    expect(monitoring.help!.markdown).toContain('```yaml\nversion: 2\nupdates:\n  - package-ecosystem: npm\n');
    const results = run.results.filter((result) => result.ruleId.startsWith('dependencies/'));
    expect(results).toHaveLength(10);
    for (const result of results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(
      results.slice(0, 4).map((result) => `${result.ruleId} ${result.level} ${result.locations[0]!.physicalLocation.artifactLocation.uri}:${result.locations[0]!.physicalLocation.region.startLine}`),
    ).toEqual([
      'dependencies/monitoring error package.json:1',
      'dependencies/advisory error package.json:8',
      'dependencies/advisory error package.json:10',
      'dependencies/advisory error package-lock.json:79',
    ]);
    expect(results.at(-1)!.level).toBe('note');
  });

  it('sarif: an audit that could not run is a tool execution notification, not a result', async () => {
    const { stdout } = await audit([repository('ci-workflow'), '--deps-report', path.join(REPORTS, 'npm11-endpoint-405.json'), '--format', 'sarif']);
    const run = (JSON.parse(stdout) as { runs: { results: unknown[]; invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] }).runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.invocations[0]!.toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'warning', message: { text: expect.stringContaining('405 Method Not Allowed') as string } }),
    ]);
  });

  it('html: the page carries the section as static markup', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'express-security-deps-html-'));
    temporary.push(dir);
    const page = path.join(dir, 'routes.html');
    await audit([...args, '--html', page]);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('<section id="dependencies">\n<h2>Dependencies (package.json)</h2>');
    expect(html).toContain('<th scope="row">Lockfile</th><td class="present">package-lock.json</td>');
    expect(html).toContain('<th scope="row">Monitoring</th><td class="missing">none</td>');
    expect(html.match(/<tr class="finding" data-kind="advisory">/g)).toHaveLength(9);
  });

  it('parses --deps and --deps-report', () => {
    expect(parseArgs(['audit', '--deps'])).toMatchObject({ deps: true, depsReport: null });
    expect(parseArgs(['audit', '--deps-report=audit.json'])).toMatchObject({ deps: false, depsReport: 'audit.json' });
    expect(parseArgs(['audit', '--routes', '--html', 'map.html', '--deps']).deps).toBe(true);
  });

  it('--deps goes with the findings or --html, not with the route map alone', async () => {
    const { status, stderr } = await audit(['examples/vulnerable', '--routes', '--deps']);
    expect(status).toBe(2);
    expect(stderr).toBe('express-security: --deps goes with the findings or --html, not the route map (see --help)\n');
  });
});
