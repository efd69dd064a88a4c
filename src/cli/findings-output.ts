import path from 'node:path';
import type { Finding, ResolvedFinding } from '../analysis/project';

/** What the findings outputs need besides the findings. */
export interface FindingsReport {
  root: string;
  findings: Finding[];
  resolved: ResolvedFinding[];
  /** Files linted, routes found, files that did not parse. */
  fileCount: number;
  routeCount: number;
  parseErrors: { file: string; message: string }[];
  version: string;
  /** Rule id (without prefix) -> its description and doc URL. */
  ruleDocs: Readonly<Record<string, { description: string; url: string; cwe: readonly string[] }>>;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function byRule(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of [...findings].sort((a, b) => a.ruleId.localeCompare(b.ruleId))) {
    groups.set(finding.ruleId, [...(groups.get(finding.ruleId) ?? []), finding]);
  }
  return groups;
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
  return `${lines.join('\n')}\n`;
}

/** ESLint's LintResult shape, so `--format json|stylish` stay what ESLint users know. */
export interface LintResultLike {
  filePath: string;
  messages: {
    ruleId: string;
    messageId?: string;
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

export function toLintResults(findings: readonly Finding[]): LintResultLike[] {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  return [...byFile.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([filePath, fileFindings]) => ({
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
}

/** SARIF 2.1.0, written here (small) rather than through a formatter dependency. */
export function findingsSarif(report: FindingsReport): string {
  const ruleIds = [...new Set(report.findings.map((finding) => finding.ruleId))].sort();
  const rules = ruleIds.map((ruleId) => {
    const doc = report.ruleDocs[ruleId.slice(ruleId.indexOf('/') + 1)];
    return {
      id: ruleId,
      ...(doc ? { shortDescription: { text: doc.description }, helpUri: doc.url } : {}),
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
      {
        physicalLocation: {
          artifactLocation: { uri: relative(report.root, finding.file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            ...(finding.endLine !== null ? { endLine: finding.endLine } : {}),
            ...(finding.endColumn !== null ? { endColumn: finding.endColumn } : {}),
          },
        },
      },
    ],
    properties: { projectLevel: finding.projectLevel },
  }));
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
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToUri(report.root)}/` } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function pathToUri(file: string): string {
  const posix = file.split(path.sep).join('/');
  return `file://${posix.startsWith('/') ? '' : '/'}${encodeURI(posix)}`;
}
