import path from 'node:path';
import type { ProjectRoute } from '../analysis/project';
import { defensesOf, middlewareLabel } from '../analysis/project';
import type { DefenseKind } from '../analysis/settings';
import { DEFENSE_KINDS } from '../analysis/settings';

/** One middleware that provides a defense, where it is registered. */
export interface DefenseEntry {
  name: string;
  file: string;
  line: number;
  /** Why it provides the defense: `module helmet`, `its name`, `named in the settings`, `validation call in the handler`. */
  why: string;
}

/** A route of the map as the JSON output and the HTML page carry it. */
export interface RouteRow {
  method: string;
  /** The full mounted path; `…/x` when the router's mount is not visible, `(dynamic)` when unknown. */
  path: string;
  file: string;
  line: number;
  mounted: boolean;
  defenses: Record<DefenseKind, DefenseEntry[]>;
}

export interface RouteMap {
  root: string;
  routes: RouteRow[];
  /** How many routes miss each defense. */
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

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function displayPath(route: ProjectRoute): string {
  const known = route.path ?? (route.localPath === null ? '(dynamic)' : `(dynamic)${route.localPath}`);
  return route.mounted ? known : `…${known}`;
}

export function buildRouteMap(
  routes: readonly ProjectRoute[],
  root: string,
  unparsed: readonly string[] = [],
  reasonOf: (link: ProjectRoute['chain'][number]) => string = (link) => `its ${link.middleware.via}`,
): RouteMap {
  const missing = {} as Record<DefenseKind, number>;
  for (const kind of DEFENSE_KINDS) missing[kind] = 0;
  const rows = routes.map((route): RouteRow => {
    const defenses = {} as Record<DefenseKind, DefenseEntry[]>;
    for (const [kind, links] of Object.entries(defensesOf(route.chain)) as [DefenseKind, typeof route.chain][]) {
      defenses[kind] = links.map((link) => ({
        name: middlewareLabel(link.middleware.node),
        file: relative(root, link.file),
        line: link.middleware.node.loc.start.line,
        why: reasonOf(link),
      }));
      if (kind === 'validation' && defenses.validation.length === 0 && route.handlerValidation) {
        defenses.validation.push({
          name: `${middlewareLabel(route.handlerValidation)} in handler`,
          file: relative(root, route.file),
          line: route.handlerValidation.loc.start.line,
          why: 'validation call in the handler',
        });
      }
      if (defenses[kind].length === 0) missing[kind]++;
    }
    return {
      method: route.method.toUpperCase(),
      path: displayPath(route),
      file: relative(root, route.file),
      line: route.line,
      mounted: route.mounted,
      defenses,
    };
  });
  return { root, routes: rows, missing, unparsed: unparsed.map((file) => relative(root, file)).sort() };
}

export function routeMapJson(map: RouteMap): string {
  const routes = map.routes.map((row) => ({
    method: row.method,
    path: row.path,
    location: `${row.file}:${row.line}`,
    mounted: row.mounted,
    defenses: row.defenses,
  }));
  return `${JSON.stringify({ routes, summary: { routes: map.routes.length, missing: map.missing, ...(map.unparsed.length > 0 ? { unparsed: map.unparsed } : {}) } }, null, 2)}\n`;
}

const MAX_CELL = 40;

function cell(entries: readonly DefenseEntry[]): string {
  if (entries.length === 0) return MISSING;
  const text = [...new Set(entries.map((entry) => entry.name))].join(', ');
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
    ...DEFENSE_COLUMNS.map((kind) => cell(row.defenses[kind])),
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
  return `${[format(header), ...lines.map(format)].join('\n')}\n\n${MISSING} = missing. ${notes.join(' ')}\n${unparsedNote}`;
}

/** What every route-map output says about files that did not parse. */
export function unparsedLine(map: RouteMap): string {
  return `${map.unparsed.length} file(s) could not be parsed, so their routes are not shown: ${map.unparsed.join(', ')}.`;
}
