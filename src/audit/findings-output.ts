import path from 'node:path';
import type { Finding, ResolvedFinding } from './project';

/** A file ESLint could not parse: the audit could not judge it. */
export interface ParseError {
  file: string;
  message: string;
  line: number;
  column: number;
}

/** What the findings outputs need besides the findings. */
export interface FindingsReport {
  root: string;
  findings: Finding[];
  resolved: ResolvedFinding[];
  /** Files linted, routes found, files that did not parse. */
  fileCount: number;
  routeCount: number;
  parseErrors: ParseError[];
  version: string;
  /** Rule id (without prefix) -> its description and doc URL. */
  ruleDocs: Readonly<Record<string, { description: string; url: string; cwe: readonly string[] }>>;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Items grouped by a key, in first-seen order, in one pass (no copying per item: audits of 20,000 routes). */
function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function byRule(findings: readonly Finding[]): Map<string, Finding[]> {
  return groupBy(
    [...findings].sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
    (finding) => finding.ruleId,
  );
}

/** The default output: findings grouped by rule, each with its location, then a summary. */
export function findingsText(report: FindingsReport): string {
  const lines: string[] = [];
  for (const [ruleId, findings] of byRule(report.findings)) {
    lines.push(`${ruleId} (${findings.length})`);
    for (const finding of findings) {
      const marker = finding.projectLevel ? ' [project-level]' : '';
      lines.push(`  ${relative(report.root, finding.file)}:${finding.line}:${finding.column}${marker}  ${finding.message}`);
    }
    lines.push('');
  }
  if (report.resolved.length > 0) {
    lines.push(`Resolved with the whole project in view (${report.resolved.length}):`);
    for (const { finding, reason } of report.resolved) {
      lines.push(`  ${relative(report.root, finding.file)}:${finding.line}:${finding.column}  ${finding.ruleId}: ${reason}`);
    }
    lines.push('');
  }
  const projectLevel = report.findings.filter((finding) => finding.projectLevel).length;
  const summary =
    report.findings.length === 0
      ? `No findings in ${report.fileCount} file(s), ${report.routeCount} route(s).`
      : `${report.findings.length} finding(s)${projectLevel ? ` (${projectLevel} project-level)` : ''} in ${report.fileCount} file(s), ${report.routeCount} route(s).`;
  lines.push(summary);
  if (report.parseErrors.length > 0) lines.push(parseErrorsSummary(report.parseErrors.length));
  return `${lines.join('\n')}\n`;
}

/** The line every format gives for files that could not be parsed. */
export function parseErrorsSummary(count: number): string {
  return `${count} file(s) could not be parsed, so they were not audited (exit status 3).`;
}

/** ESLint's LintResult shape, so `--format json|stylish` stay what ESLint users know. */
export interface LintResultLike {
  filePath: string;
  messages: {
    ruleId: string | null;
    messageId?: string;
    fatal?: true;
    severity: 2;
    message: string;
    line: number;
    column: number;
    endLine?: number;
    endColumn?: number;
    projectLevel?: true;
  }[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  suppressedMessages: [];
  usedDeprecatedRules: [];
  source?: string;
}

/** The findings as ESLint's results, with each file that did not parse as ESLint gives it: one fatal message. */
export function toLintResults(findings: readonly Finding[], parseErrors: readonly ParseError[] = []): LintResultLike[] {
  const results = [...groupBy(findings, (finding) => finding.file).entries()].map(([filePath, fileFindings]): LintResultLike => ({
    filePath,
    messages: fileFindings
      .sort((a, b) => a.line - b.line || a.column - b.column)
      .map((finding) => ({
        ruleId: finding.ruleId,
        ...(finding.messageId ? { messageId: finding.messageId } : {}),
        severity: 2 as const,
        message: finding.message,
        line: finding.line,
        column: finding.column,
        ...(finding.endLine !== null ? { endLine: finding.endLine } : {}),
        ...(finding.endColumn !== null ? { endColumn: finding.endColumn } : {}),
        ...(finding.projectLevel ? { projectLevel: true as const } : {}),
      })),
    errorCount: fileFindings.length,
    warningCount: 0,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    suppressedMessages: [],
    usedDeprecatedRules: [],
  }));
  for (const error of parseErrors) {
    results.push({
      filePath: error.file,
      messages: [{ ruleId: null, fatal: true, severity: 2, message: error.message, line: error.line, column: error.column }],
      errorCount: 1,
      warningCount: 0,
      fatalErrorCount: 1,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      suppressedMessages: [],
      usedDeprecatedRules: [],
    });
  }
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/** A rule's `help` and `fullDescription`, which GitHub code scanning shows beside an alert. */
function ruleHelp(ruleId: string, doc: FindingsReport['ruleDocs'][string]): object {
  const cwe = doc.cwe.length > 0 ? ` Weaknesses: ${doc.cwe.join(', ')}.` : '';
  return {
    shortDescription: { text: doc.description },
    fullDescription: { text: `${doc.description}.${cwe}` },
    helpUri: doc.url,
    help: {
      text: `${doc.description}.${cwe} How to fix it, with examples: ${doc.url}`,
      markdown: `**${ruleId}**: ${doc.description}.${cwe}\n\nHow to fix it, with examples: [${ruleId.slice(ruleId.indexOf('/') + 1)}](${doc.url})`,
    },
  };
}

function physicalLocation(report: FindingsReport, file: string, region: Record<string, number>): object {
  return { physicalLocation: { artifactLocation: { uri: relativeUri(report.root, file), uriBaseId: '%SRCROOT%' }, region } };
}

/** SARIF 2.1.0, written here (small) rather than through a formatter dependency. */
export function findingsSarif(report: FindingsReport): string {
  const ruleIds = [...new Set(report.findings.map((finding) => finding.ruleId))].sort();
  const rules = ruleIds.map((ruleId) => {
    const doc = report.ruleDocs[ruleId.slice(ruleId.indexOf('/') + 1)];
    return {
      id: ruleId,
      ...(doc ? ruleHelp(ruleId, doc) : {}),
      defaultConfiguration: { level: 'error' },
      // GitHub code scanning reads CWE ids, and whether an alert is a security one, from these tags.
      properties: { tags: ['security', ...(doc?.cwe ?? []).map((cwe) => `external/cwe/${cwe.toLowerCase()}`)] },
    };
  });
  const results = report.findings.map((finding) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIds.indexOf(finding.ruleId),
    level: 'error',
    message: { text: finding.message },
    locations: [
      physicalLocation(report, finding.file, {
        startLine: finding.line,
        startColumn: finding.column,
        ...(finding.endLine !== null ? { endLine: finding.endLine } : {}),
        ...(finding.endColumn !== null ? { endColumn: finding.endColumn } : {}),
      }),
    ],
    properties: { projectLevel: finding.projectLevel },
  }));
  // A file that did not parse was not audited: the run did not fully succeed, and says why.
  const invocation = {
    executionSuccessful: report.parseErrors.length === 0,
    toolExecutionNotifications: report.parseErrors.map((error) => ({
      level: 'error',
      message: { text: `could not parse: ${error.message}` },
      locations: [physicalLocation(report, error.file, { startLine: Math.max(1, error.line), startColumn: Math.max(1, error.column) })],
      descriptor: { id: 'parse-error' },
    })),
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'express-security audit',
            version: report.version,
            informationUri: 'https://github.com/express-security/eslint-plugin-express-security',
            rules,
          },
        },
        invocations: [invocation],
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToUri(report.root)}/` } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** A path as URI path segments, each percent-encoded (spaces, `#`, `?`, `%`, non-ASCII), as SARIF's uri-reference needs. */
function encodeSegments(posix: string): string {
  return posix.split('/').map(encodeURIComponent).join('/');
}

/** A file under the root as a relative URI reference. */
export function relativeUri(root: string, file: string): string {
  return encodeSegments(relative(root, file));
}

export function pathToUri(file: string): string {
  const posix = file.split(path.sep).join('/');
  // A Windows drive (`C:`) stays as it is; every other segment is encoded.
  const [first = '', ...rest] = (posix.startsWith('/') ? posix.slice(1) : posix).split('/');
  const head = /^[A-Z]:$/i.test(first) ? first : encodeURIComponent(first);
  return `file:///${[head, ...rest.map(encodeURIComponent)].join('/')}`;
}
