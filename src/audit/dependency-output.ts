// The "dependencies" section in each output of the audit: text, ESLint-shaped JSON and stylish
// results, SARIF (results of rules of their own, on the manifest or the lockfile) and the HTML page.
import path from 'node:path';
import type { DependencyFinding, DependencySection, FindingKind } from './dependencies';
import { AUDIT_COMMANDS, SEVERITIES } from './dependency-report';

const DOCS_URL = 'https://github.com/express-security/eslint-plugin-express-security/blob/main/docs/audit.md#dependencies';

/** The rule id each kind of finding carries in JSON and SARIF; the audit notice has its own. */
export const DEPENDENCY_RULE_IDS: Readonly<Record<FindingKind, string>> = {
  lockfile: 'dependencies/lockfile',
  monitoring: 'dependencies/monitoring',
  advisory: 'dependencies/advisory',
};
const AUDIT_NOTICE_ID = 'dependencies/audit-unavailable';

/** What SARIF says of each rule: the description, why it matters, and how to fix it. */
const RULE_TEXTS: Readonly<Record<FindingKind, { short: string; full: string; help: string; cwe: string }>> = {
  lockfile: {
    short: 'Require a committed lockfile',
    full: 'Without a lockfile (package-lock.json, npm-shrinkwrap.json, yarn.lock or pnpm-lock.yaml) every install may resolve other versions, so what runs in production is not what was tested, and advisories cannot be matched to the installed versions.',
    help: 'Run `npm install` (or `pnpm install`, `yarn install`) and commit the lockfile it writes; install in CI with `npm ci`.',
    cwe: 'CWE-1357',
  },
  monitoring: {
    short: 'Require monitoring of the dependencies for known vulnerabilities',
    full: 'Express apps depend on many packages; advisories for them are published every week. Without Dependabot, Renovate or an audit step in CI, nobody learns that a dependency has a known vulnerability, and it is not patched.',
    help: 'Add `.github/dependabot.yml`:\n\n```yaml\nversion: 2\nupdates:\n  - package-ecosystem: npm\n    directory: "/"\n    schedule: { interval: weekly }\n```\n\nor a Renovate config, or a CI step that runs `npm audit --omit=dev` (or `pnpm audit --prod`, `yarn npm audit`, `osv-scanner`, `snyk test`).',
    cwe: 'CWE-1395',
  },
  advisory: {
    short: 'Disallow production dependencies with known vulnerabilities',
    full: "A production dependency has a published advisory (from the package manager's audit: npm audit, pnpm audit or yarn npm audit).",
    help: 'Upgrade the package to the fixed version the result names (`npm audit fix`, or update the dependent package that pins it); where no fix exists, replace the package or confirm the vulnerable code is unreachable.',
    cwe: 'CWE-1395',
  },
};

function countsBySeverity(severities: readonly string[]): string {
  return SEVERITIES.map((severity) => [severity, severities.filter((item) => item === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ');
}

/** One line on what the package manager's audit found, or why it did not run. */
export function auditSummary(section: DependencySection): string {
  const { audit, checks } = section;
  if (audit === null) return `not checked (--deps runs ${AUDIT_COMMANDS[checks.manager].join(' ')})`;
  if (audit.kind === 'unavailable') {
    return `not checked: ${audit.command} could not run (${audit.reason}); no advisory check was made, which is not a clean result`;
  }
  const dev = audit.devOnly > 0 ? `; ${audit.devOnly} only in development dependencies, not listed` : '';
  if (audit.kind === 'clean') return `none in production dependencies${audit.packages === null ? '' : ` (${audit.packages} packages)`}, from ${audit.command}${dev}`;
  const severities = countsBySeverity(audit.advisories.map((advisory) => advisory.severity));
  return `${audit.advisories.length} in production dependencies (${severities}), from ${audit.command}${dev}`;
}

/** The plain notice that the audit was asked for and did not run (stderr and the machine formats carry it). */
export function auditUnavailableNotice(section: DependencySection): string | null {
  const { audit } = section;
  if (audit?.kind !== 'unavailable') return null;
  return `${audit.command} could not run (${audit.reason}); no advisory check was made, and the exit status is as if --deps had not been given`;
}

function location(finding: DependencyFinding): string {
  return `${finding.file}:${finding.line}`;
}

/**
 * The findings text with the section before its summary line, which then counts the
 * dependency findings too. A tree with no package.json (no npm project) gets no section.
 */
export function withDependencyText(findingsText: string, section: DependencySection): string {
  if (section.checks.manifest === null) return findingsText;
  const cut = findingsText.lastIndexOf('\n', findingsText.length - 2) + 1;
  const summary = findingsText.slice(cut).replace(/\.\n$/, '');
  const count = section.findings.length === 0 ? '' : `; ${section.findings.length} dependency finding(s)`;
  return `${findingsText.slice(0, cut)}${dependencyText(section)}\n${summary}${count}.\n`;
}

/** The section in the text output. */
export function dependencyText(section: DependencySection): string {
  const { checks } = section;
  if (checks.manifest === null) return '';
  const lines = [
    `Dependencies (${checks.manifest})`,
    `  lockfile    ${checks.lockfile ?? 'none'}`,
    `  monitoring  ${checks.monitoring.length > 0 ? checks.monitoring.join('; ') : 'none'}`,
    `  advisories  ${auditSummary(section)}`,
  ];
  if (section.findings.length > 0) lines.push('');
  for (const finding of section.findings) {
    const [first, ...rest] = finding.message.split('\n');
    const label = finding.kind === 'advisory' ? finding.severity! : finding.kind;
    lines.push(`  ${location(finding)}  [${label}] ${first}`, ...rest.map((line) => `      ${line}`));
  }
  if (section.findings.length === 0) lines.push('  No dependency findings.');
  return `${lines.join('\n')}\n`;
}

/** An ESLint `LintResult` message for a dependency finding, with what the finding carries beyond it. */
interface DependencyMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: 1;
  dependency: { kind: FindingKind | 'audit'; severity?: string };
}

/** The section as ESLint `LintResult`s (for `--format json` and `stylish`): findings on the manifest or the lockfile, the notice as a warning. */
export function dependencyLintResults(section: DependencySection, root: string): Record<string, unknown>[] {
  const byFile = new Map<string, DependencyMessage[]>();
  const add = (file: string, message: DependencyMessage): void => {
    byFile.set(file, [...(byFile.get(file) ?? []), message]);
  };
  for (const finding of section.findings) {
    add(finding.file, {
      ruleId: DEPENDENCY_RULE_IDS[finding.kind],
      severity: 2,
      message: finding.message,
      line: finding.line,
      column: 1,
      dependency: { kind: finding.kind, ...(finding.severity ? { severity: finding.severity } : {}) },
    });
  }
  const notice = auditUnavailableNotice(section);
  if (notice !== null && section.checks.manifest !== null) {
    add(section.checks.manifest, { ruleId: AUDIT_NOTICE_ID, severity: 1, message: notice, line: 1, column: 1, dependency: { kind: 'audit' } });
  }
  return [...byFile.entries()].map(([file, messages]) => ({
    filePath: path.resolve(root, file),
    messages: messages.sort((a, b) => a.line - b.line),
    errorCount: messages.filter((message) => message.severity === 2).length,
    warningCount: messages.filter((message) => message.severity === 1).length,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    suppressedMessages: [],
    usedDeprecatedRules: [],
  }));
}

function sarifLevel(finding: DependencyFinding): 'error' | 'warning' | 'note' {
  if (finding.kind !== 'advisory') return 'error';
  if (finding.severity === 'critical' || finding.severity === 'high') return 'error';
  return finding.severity === 'moderate' ? 'warning' : 'note';
}

interface SarifRun {
  tool: { driver: { rules?: Record<string, unknown>[] } };
  results?: Record<string, unknown>[];
  invocations?: { toolExecutionNotifications?: Record<string, unknown>[] }[];
}

/**
 * The SARIF log with the section added to its run: a rule per kind of finding (descriptions,
 * help, CWE tags), results on the manifest or the lockfile, and an audit that did not run as a
 * tool execution notification (it is no finding, and no clean result).
 */
export function addDependenciesToSarif(sarifText: string, section: DependencySection): string {
  const log = JSON.parse(sarifText) as { runs: SarifRun[] };
  const run = log.runs[0]!;
  const rules = (run.tool.driver.rules ??= []);
  const results = (run.results ??= []);
  const kinds = [...new Set(section.findings.map((finding) => finding.kind))].sort();
  for (const kind of kinds) {
    const text = RULE_TEXTS[kind];
    rules.push({
      id: DEPENDENCY_RULE_IDS[kind],
      shortDescription: { text: text.short },
      fullDescription: { text: text.full },
      help: { text: text.help.replace(/```\w*\n?/g, ''), markdown: text.help },
      helpUri: DOCS_URL,
      defaultConfiguration: { level: kind === 'advisory' ? 'warning' : 'error' },
      properties: { tags: ['security', 'dependencies', `external/cwe/${text.cwe.toLowerCase()}`] },
    });
  }
  for (const finding of section.findings) {
    const ruleId = DEPENDENCY_RULE_IDS[finding.kind];
    results.push({
      ruleId,
      ruleIndex: rules.findIndex((rule) => rule.id === ruleId),
      level: sarifLevel(finding),
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
            region: { startLine: finding.line, startColumn: 1 },
          },
        },
      ],
      properties: { projectLevel: true, ...(finding.severity ? { severity: finding.severity } : {}) },
    });
  }
  const notice = auditUnavailableNotice(section);
  if (notice !== null) {
    const invocations = (run.invocations ??= [{ executionSuccessful: true } as never]);
    (invocations[0]!.toolExecutionNotifications ??= []).push({ level: 'warning', message: { text: notice }, descriptor: { id: AUDIT_NOTICE_ID } });
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The section on the HTML page: static markup, readable without its script. */
export function dependencyHtml(section: DependencySection): string {
  const { checks } = section;
  if (checks.manifest === null) return '<section id="dependencies"><h2>Dependencies</h2><p>No package.json in the audited directory; nothing to check.</p></section>\n';
  const row = (term: string, value: string, ok: boolean): string =>
    `<tr><th scope="row">${term}</th><td class="${ok ? 'present' : 'missing'}">${escapeHtml(value)}</td></tr>`;
  const audit = section.audit;
  const summary = [
    row('Lockfile', checks.lockfile ?? 'none', checks.lockfile !== null),
    row('Monitoring', checks.monitoring.length > 0 ? checks.monitoring.join('; ') : 'none', checks.monitoring.length > 0),
    row('Advisories', auditSummary(section), audit?.kind === 'clean'),
  ].join('');
  const findings = section.findings
    .map(
      (finding) =>
        `<tr class="finding" data-kind="${finding.kind}"><td>${escapeHtml(finding.kind === 'advisory' ? finding.severity! : finding.kind)}</td>` +
        `<td class="location">${escapeHtml(location(finding))}</td><td><pre>${escapeHtml(finding.message)}</pre></td></tr>`,
    )
    .join('\n');
  return `<section id="dependencies">
<h2>Dependencies (${escapeHtml(checks.manifest)})</h2>
<table class="dependencies"><tbody>${summary}</tbody></table>
${findings ? `<table class="dependency-findings"><thead><tr><th>Kind</th><th>Location</th><th>Finding</th></tr></thead><tbody>\n${findings}\n</tbody></table>` : '<p>No dependency findings.</p>'}
</section>
`;
}
