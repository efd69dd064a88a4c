// What `npm audit --omit=dev --json` said, as a verdict: `clean`, `advisories` (with the list) or
// `unavailable` (the registry did not answer the audit request, so nothing was checked).

/** @param {unknown} report the parsed JSON output of `npm audit --json`, or null */
export function auditVerdict(report) {
  const vulnerabilities = report?.metadata?.vulnerabilities;
  if (!vulnerabilities) {
    return { kind: 'unavailable', reason: report?.message ?? 'npm audit gave no report' };
  }
  const total = Object.values(vulnerabilities).reduce((sum, count) => sum + count, 0);
  const packages = report.metadata.dependencies?.prod ?? report.metadata.dependencies?.total ?? null;
  if (total === 0) return { kind: 'clean', packages };
  const advisories = Object.entries(report.vulnerabilities ?? {}).map(([name, entry]) => ({
    name,
    severity: entry.severity,
    range: entry.range,
  }));
  return { kind: 'advisories', total, advisories };
}
