export type AuditVerdict =
  | { kind: 'clean'; packages: number | null }
  | { kind: 'advisories'; total: number; advisories: { name: string; severity: string; range: string }[] }
  | { kind: 'unavailable'; reason: string };

/** What `npm audit --omit=dev --json` said (its parsed output, or null). */
export function auditVerdict(report: unknown): AuditVerdict;
