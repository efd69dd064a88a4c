import type { TSESTree } from '@typescript-eslint/utils';
import type { ProjectRouteChain } from '../../analysis/express';
import { providerIn } from '../../analysis/express';
import type { DefenseKind } from '../../analysis/engine/settings';
import type { ChainLink, ProjectRoute } from './routes';

/** What the project adds to one route of a file, and where the route is (to match findings to it). */
export interface RouteAugment extends ProjectRouteChain {
  /** Where the registration (with its handler) is. */
  loc: SourceLocation;
}

type SourceLocation = TSESTree.SourceLocation;

/** File -> the registration call's start offset -> what the project adds to that route. */
export type ProjectChains = Map<string, Map<number, RouteAugment>>;

/**
 * For each route reached through another file, the defenses its whole chain has that its own
 * file does not show. A defense counts only when every mount of the route provides it.
 */
export function projectChains(routes: readonly ProjectRoute[]): ProjectChains {
  const rowsByRoute = new Map<ProjectRoute['route'], ProjectRoute[]>();
  for (const row of routes) {
    if (row.crossFile) rowsByRoute.set(row.route, [...(rowsByRoute.get(row.route) ?? []), row]);
  }
  const chains: ProjectChains = new Map();
  for (const [route, rows] of rowsByRoute) {
    const local = new Set(route.chain.flatMap((middleware) => [...middleware.kinds]));
    const kinds = new Set<DefenseKind>();
    const providers: ChainLink[] = [];
    for (const link of rows[0]!.chain) {
      for (const kind of link.middleware.kinds) {
        if (local.has(kind) || kinds.has(kind)) continue;
        if (!rows.every((row) => providerIn(row.chain, kind) !== null)) continue;
        kinds.add(kind);
        providers.push(link);
      }
    }
    const paths = new Set(rows.map((row) => row.path));
    const mounted = rows.every((row) => row.mounted);
    const augment: RouteAugment = {
      kinds,
      providers,
      fullPath: paths.size === 1 && mounted ? rows[0]!.path : null,
      mounted,
      loc: route.node.loc,
    };
    const file = rows[0]!.file;
    const byStart = chains.get(file) ?? new Map<number, RouteAugment>();
    byStart.set(route.node.range[0], augment);
    chains.set(file, byStart);
  }
  return chains;
}
