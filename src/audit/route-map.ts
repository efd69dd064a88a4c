import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrap } from '../analysis/engine/ast';
import { unauthorizedAccesses } from '../rules/no-auth-without-authz';
import { isSensitivePath, isSubmittingMethod } from '../analysis/rate-limit/credentials';
import { dataAccessesIn } from '../analysis/authorization/data-access';
import type { ProjectFile, ProjectRoute } from './project';
import { defensesOf, middlewareLabel } from './project';
import type { DefenseKind } from '../analysis/engine/settings';
import { DEFENSE_KINDS } from '../analysis/engine/settings';
import { PROTECTIONS } from '../analysis/libraries/headers';

/** One middleware that provides a defense, where it is registered, and why it counts. */
export interface DefenseEntry {
  name: string;
  file: string;
  line: number;
  /** Protections its options switch off (`contentSecurityPolicy: false`): present, but not whole. */
  weakened?: string[];
  /** Why it counts: `calls jwt.verify, lib/insecurity.ts:40`, `module helmet`, `by name`, `by settings`. */
  reason: string;
}

/** Why a defense does not apply to a route, as every output says it. */
export const NOT_APPLICABLE_REASONS = {
  credentials: 'a sign-in, sign-up or recovery route: the client is not signed in yet',
  public: 'a public route (no authentication in its chain): there is no signed-in user to authorize',
} as const;

/** A route of the map as the JSON output and the HTML page carry it. */
export interface RouteRow {
  method: string;
  /** The full mounted path; `…/x` when the router's mount is not visible, `(dynamic)` when unknown. */
  path: string;
  file: string;
  line: number;
  mounted: boolean;
  defenses: Record<DefenseKind, DefenseEntry[]>;
  /** Defenses that do not apply to this route, and why (not counted as missing). */
  notApplicable: Partial<Record<DefenseKind, string>>;
}

export interface RouteMap {
  root: string;
  routes: RouteRow[];
  /** How many routes miss each defense (where it applies). */
  missing: Record<DefenseKind, number>;
  /** Files that could not be parsed (relative to the root): their routes are not in the map. */
  unparsed: string[];
}

export const DEFENSE_TITLES: Readonly<Record<DefenseKind, string>> = {
  headers: 'Headers',
  authentication: 'Authentication',
  authorization: 'Authorization',
  validation: 'Validation',
  rateLimit: 'Rate limit',
};

/** The column order of every output: the order a request meets the defenses. */
export const DEFENSE_COLUMNS: readonly DefenseKind[] = ['headers', 'authentication', 'authorization', 'validation', 'rateLimit'];

/** The mark for a missing defense in the terminal table. */
export const MISSING = '✗';
/** The mark for a defense that does not apply to the route. */
export const NOT_APPLICABLE = 'n/a';

/**
 * Which defenses do not apply, by the model's own lines: a route that takes credentials (login,
 * signup, reset, as require-rate-limit knows them) needs no authentication and no authorization;
 * a mounted route with no authentication has no user whose access no-auth-without-authz could judge.
 */
function notApplicableOf(route: ProjectRoute, defenses: Record<DefenseKind, DefenseEntry[]>): Partial<Record<DefenseKind, string>> {
  const result: Partial<Record<DefenseKind, string>> = {};
  const credentials = isSubmittingMethod(route.method) && isSensitivePath(route.path ?? route.localPath);
  if (credentials && defenses.authentication.length === 0) result.authentication = NOT_APPLICABLE_REASONS.credentials;
  if (defenses.authorization.length === 0) {
    if (credentials) result.authorization = NOT_APPLICABLE_REASONS.credentials;
    // Only where the whole chain is in view: a router whose mount the audit cannot see may get authentication there.
    else if (defenses.authentication.length === 0 && route.mounted) result.authorization = NOT_APPLICABLE_REASONS.public;
  }
  return result;
}

/** helmet options written as `false` in the call itself: `helmet({ contentSecurityPolicy: false })`. */
function switchedOff(node: TSESTree.Node): string[] {
  const call = unwrap(node);
  if (call.type !== 'CallExpression') return [];
  const options = call.arguments[0] ? unwrap(call.arguments[0]) : null;
  if (options?.type !== 'ObjectExpression') return [];
  const off: string[] = [];
  for (const property of options.properties) {
    if (property.type !== 'Property') continue;
    const name = propertyName(property);
    const value = unwrap(property.value);
    if (name !== null && name in PROTECTIONS && value.type === 'Literal' && value.value === false) off.push(`${name}: false`);
  }
  return off;
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function displayPath(route: ProjectRoute): string {
  const known = route.path ?? (route.localPath === null ? '(dynamic)' : `(dynamic)${route.localPath}`);
  return route.mounted ? known : `…${known}`;
}

/**
 * An authenticated route with no authorization middleware whose own handler (in the route's file)
 * loads or changes records, each of them filtered by the signed-in user or checked against it:
 * what no-auth-without-authz accepts as authorization in the handler. The first such access.
 */
function handlerAuthorization(route: ProjectRoute, files: ReadonlyMap<string, ProjectFile>): TSESTree.CallExpression | null {
  const handler = route.route.handler;
  const index = files.get(route.file)?.analysis.index;
  if (!handler || !index) return null;
  const accesses = dataAccessesIn(handler.fn.body, index);
  if (accesses.length === 0) return null;
  const chain = route.chain.map((link) => link.middleware);
  return unauthorizedAccesses(handler, chain, index).length === 0 ? accesses[0]!.call : null;
}

export function buildRouteMap(
  routes: readonly ProjectRoute[],
  root: string,
  unparsed: readonly string[] = [],
  projectFiles: readonly ProjectFile[] = [],
): RouteMap {
  const files = new Map(projectFiles.map((file) => [file.file, file]));
  const missing = {} as Record<DefenseKind, number>;
  for (const kind of DEFENSE_KINDS) missing[kind] = 0;
  const rows = routes.map((route): RouteRow => {
    const defenses = {} as Record<DefenseKind, DefenseEntry[]>;
    for (const [kind, links] of Object.entries(defensesOf(route.chain)) as [DefenseKind, typeof route.chain][]) {
      defenses[kind] = links.map((link) => {
        const weakened = kind === 'headers' ? switchedOff(link.middleware.node) : [];
        return {
          name: middlewareLabel(link.middleware.node),
          file: relative(root, link.file),
          line: link.middleware.node.loc.start.line,
          reason: reasonText(link, kind, root),
          ...(weakened.length > 0 ? { weakened } : {}),
        };
      });
      if (kind === 'authorization' && defenses.authorization.length === 0 && defensesOf(route.chain).authentication.length > 0) {
        const scoped = handlerAuthorization(route, files);
        if (scoped) {
          const place = `${relative(root, route.file)}:${scoped.loc.start.line}`;
          defenses.authorization.push({ name: 'scoped to the user in handler', file: relative(root, route.file), line: scoped.loc.start.line, reason: `the handler filters what it loads by the signed-in user, ${place}` });
        }
      }
      if (kind === 'validation' && defenses.validation.length === 0 && route.handlerValidation) {
        defenses.validation.push({
          name: `${middlewareLabel(route.handlerValidation)} in handler`,
          file: relative(root, route.file),
          line: route.handlerValidation.loc.start.line,
          reason: `calls ${middlewareLabel(route.handlerValidation.callee)}, ${relative(root, route.file)}:${route.handlerValidation.loc.start.line}`,
        });
      }
    }
    const notApplicable = notApplicableOf(route, defenses);
    for (const kind of DEFENSE_KINDS) if (defenses[kind].length === 0 && !(kind in notApplicable)) missing[kind]++;
    return {
      method: route.method.toUpperCase(),
      path: displayPath(route),
      file: relative(root, route.file),
      line: route.line,
      mounted: route.mounted,
      defenses,
      notApplicable,
    };
  });
  return { root, routes: rows, missing, unparsed: unparsed.map((file) => relative(root, file)).sort() };
}

/** Why a middleware of a chain provides `kind`: what its definition does and where, its module, a setting, or its name. */
function reasonText(link: ProjectRoute['chain'][number], kind: DefenseKind, root: string): string {
  const { middleware } = link;
  const reason = middleware.reasons?.get(kind);
  if (reason && middleware.via === 'module') return reason.text;
  if (reason) return `${reason.text}, ${relative(root, reason.file ?? link.file)}:${reason.node.loc.start.line}`;
  if (middleware.via === 'settings') return 'by settings';
  if (middleware.via === 'definition') return 'by name; its definition checks first that someone is signed in';
  return 'by name';
}

/** Every middleware that provides a defense somewhere in the map, once: `isAuthorized: authentication (calls expressJwt, lib/insecurity.ts:40)`. */
export function classifiedMiddleware(map: RouteMap): string[] {
  const lines = new Map<string, string>();
  for (const row of map.routes) {
    for (const kind of DEFENSE_COLUMNS) {
      for (const entry of row.defenses[kind]) {
        const key = `${entry.name}\0${kind}\0${entry.reason}`;
        if (!lines.has(key)) lines.set(key, `${entry.name}: ${kind} (${entry.reason})`);
      }
    }
  }
  return [...new Set(lines.values())].sort();
}

export function routeMapJson(map: RouteMap): string {
  const routes = map.routes.map((row) => ({
    method: row.method,
    path: row.path,
    location: `${row.file}:${row.line}`,
    mounted: row.mounted,
    defenses: row.defenses,
    ...(Object.keys(row.notApplicable).length > 0 ? { notApplicable: row.notApplicable } : {}),
  }));
  return `${JSON.stringify({ routes, summary: { routes: map.routes.length, missing: map.missing, ...(map.unparsed.length > 0 ? { unparsed: map.unparsed } : {}) } }, null, 2)}\n`;
}

const MAX_CELL = 40;

function cell(entries: readonly DefenseEntry[], notApplicable: boolean): string {
  if (entries.length === 0) return notApplicable ? NOT_APPLICABLE : MISSING;
  const text = [...new Set(entries.map((entry) => (entry.weakened ? `${entry.name} (${entry.weakened.map((off) => off.replace(': false', ' off')).join(', ')})` : entry.name)))].join(', ');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** The route map as an aligned terminal table, with a summary line of what is missing. */
export function routeMapTable(map: RouteMap): string {
  const unparsedNote = map.unparsed.length > 0 ? `${unparsedLine(map)}\n` : '';
  if (map.routes.length === 0) return `No Express routes found.\n${unparsedNote}`;
  const header = ['METHOD', 'PATH', 'LOCATION', ...DEFENSE_COLUMNS.map((kind) => DEFENSE_TITLES[kind].toUpperCase())];
  const lines = map.routes.map((row) => [
    row.method,
    row.path,
    `${row.file}:${row.line}`,
    ...DEFENSE_COLUMNS.map((kind) => cell(row.defenses[kind], kind in row.notApplicable)),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => [...line[column]!].length)));
  const format = (line: string[]): string =>
    line
      .map((text, column) => (column === line.length - 1 ? text : text + ' '.repeat(widths[column]! - [...text].length)))
      .join('  ');
  const missing = DEFENSE_COLUMNS.map((kind) => `${DEFENSE_TITLES[kind].toLowerCase()} ${map.missing[kind]}`).join(', ');
  const unmounted = map.routes.filter((row) => !row.mounted).length;
  const notes = [`${map.routes.length} route(s); missing: ${missing}.`];
  if (unmounted > 0) notes.push(`${unmounted} route(s) on a router or app whose mount the audit cannot see (path shown from there on).`);
  const symbols = map.routes.some((row) => Object.keys(row.notApplicable).length > 0) ? `${MISSING} = missing, ${NOT_APPLICABLE} = does not apply.` : `${MISSING} = missing.`;
  const classified = classifiedMiddleware(map);
  const legend = classified.length > 0 ? `\nWhy each middleware counts:\n${classified.map((line) => `  ${line}`).join('\n')}\n` : '';
  return `${[format(header), ...lines.map(format)].join('\n')}\n\n${symbols} ${notes.join(' ')}\n${legend}${unparsedNote}`;
}

/** What every route-map output says about files that did not parse. */
export function unparsedLine(map: RouteMap): string {
  return `${map.unparsed.length} file(s) could not be parsed, so their routes are not shown: ${map.unparsed.join(', ')}.`;
}
