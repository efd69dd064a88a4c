import path from 'node:path';
import type { Node } from '../../analysis/engine/ast';
import { countStartingBefore } from '../../analysis/engine/ast';
import type { Instance } from '../../analysis/express';
import { providerIn } from '../../analysis/express';
import type { DefenseKind } from '../../analysis/engine/settings';
import type { ChainLink, ProjectFile, ProjectRoute, ProjectRouteMap } from './routes';
import { middlewareLabel } from './routes';

/** A lint finding, as the audit reports it. */
export interface Finding {
  ruleId: string;
  messageId: string | null;
  file: string;
  line: number;
  column: number;
  endLine: number | null;
  endColumn: number | null;
  message: string;
  /** Set when the whole project was needed to confirm it (a mount in another file, an `appliedElsewhere` claim). */
  projectLevel: boolean;
}

/** A per-file finding the project view shows to be covered, and by what. */
export interface ResolvedFinding {
  finding: Finding;
  reason: string;
}

export interface FindingReview {
  findings: Finding[];
  resolved: ResolvedFinding[];
}

/**
 * The rules whose findings a defense in another file can answer: the defense a claim of
 * `appliedElsewhere` names, the defenses whose providers explain a resolved finding, where the
 * rule reports, and what the defense is called.
 */
const ROUTE_DEFENSES: Readonly<Record<string, { kind: DefenseKind; turnsOn: readonly DefenseKind[]; at: 'registration' | 'handler'; label: string }>> = {
  'require-rate-limit': { kind: 'rateLimit', turnsOn: ['rateLimit'], at: 'registration', label: 'rate limiter' },
  'require-validation': { kind: 'validation', turnsOn: ['validation'], at: 'handler', label: 'validation middleware' },
  'no-auth-without-authz': { kind: 'authorization', turnsOn: ['authentication', 'authorization'], at: 'handler', label: 'authorization middleware' },
};

/** The defenses a rule's finding turns on (null for a rule no defense in another file answers). */
export function defensesOfRule(ruleId: string): readonly DefenseKind[] | null {
  return ROUTE_DEFENSES[ruleName(ruleId)]?.turnsOn ?? null;
}

function ruleName(ruleId: string): string {
  return ruleId.slice(ruleId.indexOf('/') + 1);
}

function startsAt(node: Node, finding: Finding): boolean {
  return node.loc.start.line === finding.line && node.loc.start.column + 1 === finding.column;
}

/** A finding's position, comparable with node positions: line first, then the 0-based column. */
function positionOf(line: number, column: number): number {
  return line * 1_000_000 + column;
}

/**
 * A file's route rows, looked up by where a finding is: the registration it starts at, or the
 * handlers around it. Built once per file, so a file of n routes and n findings costs about
 * n log n, not n² (a 20,000-route file took minutes).
 */
class RowLookup {
  private readonly byStart = new Map<number, ProjectRoute[]>();
  /** Handlers by start; `maxEnd[i]` is the furthest end of handlers 0..i, which bounds the walk back. */
  private readonly handlers: { start: number; end: number; rows: ProjectRoute[] }[] = [];
  private readonly maxEnd: number[] = [];
  private readonly order = new Map<ProjectRoute, number>();

  constructor(rows: readonly ProjectRoute[]) {
    const byHandler = new Map<Node, ProjectRoute[]>();
    rows.forEach((row, position) => {
      this.order.set(row, position);
      const start = positionOf(row.route.node.loc.start.line, row.route.node.loc.start.column);
      const registered = this.byStart.get(start);
      if (registered) registered.push(row);
      else this.byStart.set(start, [row]);
      const fn = row.route.handler?.fn;
      if (!fn) return;
      const shared = byHandler.get(fn);
      if (shared) shared.push(row);
      else byHandler.set(fn, [row]);
    });
    for (const [fn, handlerRows] of byHandler) {
      this.handlers.push({ start: positionOf(fn.loc.start.line, fn.loc.start.column), end: positionOf(fn.loc.end.line, fn.loc.end.column), rows: handlerRows });
    }
    this.handlers.sort((a, b) => a.start - b.start);
    let furthest = -1;
    for (const handler of this.handlers) {
      furthest = Math.max(furthest, handler.end);
      this.maxEnd.push(furthest);
    }
  }

  registeredAt(finding: Finding): ProjectRoute[] {
    return this.byStart.get(positionOf(finding.line, finding.column - 1)) ?? [];
  }

  handlersAround(finding: Finding): ProjectRoute[] {
    const at = positionOf(finding.line, finding.column - 1);
    // Offsets are whole numbers: the handlers that start at or before `at` start before `at + 1`.
    const startedBy = countStartingBefore(this.handlers, at + 1, (handler) => handler.start);
    const found: ProjectRoute[] = [];
    for (let i = startedBy - 1; i >= 0 && this.maxEnd[i]! >= at; i--) {
      const handler = this.handlers[i]!;
      if (handler.end >= at) found.push(...handler.rows);
    }
    return found.length > 1 ? found.sort((a, b) => this.order.get(a)! - this.order.get(b)!) : found;
  }
}

function describeLink(link: ChainLink, root: string): string {
  return `${middlewareLabel(link.middleware.node)} (${path.relative(root, link.file)}:${link.middleware.node.loc.start.line})`;
}

function relativeVia(row: ProjectRoute, root: string): string {
  const last = row.via[row.via.length - 1];
  if (!last) return '';
  const separator = last.lastIndexOf(':');
  return `${path.relative(root, last.slice(0, separator))}:${last.slice(separator + 1)}`;
}

/**
 * Re-checks the per-file findings with the whole project in view: a finding on a route whose
 * mounted chain (through other files) has the defense is resolved; one that stays missing
 * through a mount in another file, or against an `appliedElsewhere` claim, is marked project-level.
 */
export function reviewFindings(
  findings: readonly Finding[],
  map: ProjectRouteMap,
  routes: readonly ProjectRoute[],
  files: readonly ProjectFile[],
  claimed: ReadonlySet<DefenseKind>,
  root: string,
): FindingReview {
  const review: FindingReview = { findings: [], resolved: [] };
  const routesByFile = new Map<string, ProjectRoute[]>();
  for (const row of routes) {
    const rows = routesByFile.get(row.file);
    if (rows) rows.push(row);
    else routesByFile.set(row.file, [row]);
  }
  const lookups = new Map<string, RowLookup>();
  const lookupOf = (file: string) => {
    let lookup = lookups.get(file);
    if (!lookup) {
      lookup = new RowLookup(routesByFile.get(file) ?? []);
      lookups.set(file, lookup);
    }
    return lookup;
  };
  const filesByName = new Map(files.map((file) => [file.file, file]));
  for (const finding of findings) {
    const name = ruleName(finding.ruleId);
    const defense = ROUTE_DEFENSES[name];
    if (defense) {
      const lookup = lookupOf(finding.file);
      const rows = defense.at === 'registration' ? lookup.registeredAt(finding) : lookup.handlersAround(finding);
      reviewRouteFinding(review, finding, rows, defense, claimed, root);
    } else if (name === 'require-helmet' && finding.messageId === 'missingHelmet') {
      const instance = filesByName.get(finding.file)?.analysis.model.instances.find((candidate) => startsAt(candidate.node, finding));
      reviewHelmetFinding(review, finding, instance ?? null, map, routesByFile.get(finding.file) ?? [], claimed, root);
    } else {
      review.findings.push(finding);
    }
  }
  return review;
}

function reviewRouteFinding(
  review: FindingReview,
  finding: Finding,
  rows: readonly ProjectRoute[],
  defense: (typeof ROUTE_DEFENSES)[string],
  claimed: ReadonlySet<DefenseKind>,
  root: string,
): void {
  if (rows.length === 0) {
    review.findings.push(finding);
    return;
  }
  const providers = rows.map((row) => providerIn(row.chain, defense.kind));
  if (providers.every(Boolean)) {
    review.resolved.push({ finding, reason: `covered by ${describeLink(providers[0]!, root)} on the mounted path ${rows[0]!.path ?? '(dynamic)'}` });
    return;
  }
  const uncovered = rows.find((_row, index) => !providers[index])!;
  if (!claimed.has(defense.kind)) {
    review.findings.push(finding);
  } else if (!uncovered.mounted) {
    // The per-file rules trust the claim; without a visible mount the audit cannot refute it.
    review.resolved.push({ finding, reason: `the settings say ${defense.kind} is applied elsewhere and no mount of this route is visible` });
  } else {
    const where = `${uncovered.method.toUpperCase()} ${uncovered.path ?? uncovered.localPath ?? '(dynamic)'}`;
    const mount = uncovered.crossFile ? `, mounted at ${relativeVia(uncovered, root)},` : '';
    review.findings.push({
      ...finding,
      projectLevel: true,
      message: `${finding.message} [project: the settings say ${defense.kind} is applied elsewhere, but ${where}${mount} has no ${defense.label} in its whole chain]`,
    });
  }
}

function reviewHelmetFinding(
  review: FindingReview,
  finding: Finding,
  instance: Instance | null,
  map: ProjectRouteMap,
  rows: readonly ProjectRoute[],
  claimed: ReadonlySet<DefenseKind>,
  root: string,
): void {
  if (!instance) {
    review.findings.push(finding);
    return;
  }
  const receivers = map.receiversOf(finding.file, instance);
  for (const receiver of receivers) {
    const headers = providerIn(
      receiver.instance.uses.flatMap((use) => use.middleware.map((middleware) => ({ middleware, file: receiver.file }))),
      'headers',
    );
    if (headers) {
      review.resolved.push({ finding, reason: `security headers added by ${describeLink(headers, root)}, which receives the app` });
      return;
    }
  }
  const ownRows = rows.filter((row) => row.route.owner === instance);
  if (ownRows.length > 0 && ownRows.every((row) => providerIn(row.chain, 'headers') !== null)) {
    review.resolved.push({ finding, reason: 'every route of this app is mounted behind security-header middleware in another file' });
    return;
  }
  if (receivers.length > 0) {
    const modules = [...new Set(receivers.map((receiver) => path.relative(root, receiver.file)))].join(', ');
    review.findings.push({ ...finding, projectLevel: true, message: `${finding.message} [project: ${modules} receives the app and adds no security headers either]` });
  } else if (claimed.has('headers')) {
    review.findings.push({ ...finding, projectLevel: true, message: `${finding.message} [project: the settings say headers are applied elsewhere, but no file of the project adds them to this app]` });
  } else {
    review.findings.push(finding);
  }
}
