import type { DefenseKind, ExpressSecuritySettings } from '../engine/settings';
import { judgedPerChain } from './chains';
import type { Handler, Instance, Middleware, Route } from './model';
import type { ChainLink } from './project-chains';

/**
 * Why a defense covers a route, an app or a handler:
 * - `chain`: a middleware of the file's own chain provides it (for an app: one of its `use`s);
 * - `project`: the project's chain provides it through another file (the audit computes the
 *   project's chains and passes them to the build);
 * - `claim`: the settings say the project applies it in another file (`appliedElsewhere`). A
 *   claim covers every route, app and handler of the linted file for that defense; the audit,
 *   which sees the whole project, checks the claim against the project's real chains.
 */
export type Coverage =
  | { by: 'chain'; middleware: Middleware }
  | { by: 'project'; provider: ChainLink | null }
  | { by: 'claim' };

/** What a defense is checked on: a route, an app (its `use`s), or a handler no route of the file registers. */
export type CoverageTarget = Route | Instance | Handler;

/**
 * Whether `kind` covers `target`, and why: what the chain shows first, then what the project's
 * chain adds, then what the settings claim. Null when nothing covers it. The one reader of
 * `appliedElsewhere`: every rule asks it, none reads the setting itself.
 */
export function coverage(target: CoverageTarget, kind: DefenseKind, settings: Pick<ExpressSecuritySettings, 'appliedElsewhere'>): Coverage | null {
  const shown = shownBy(target, kind);
  if (shown) return { by: 'chain', middleware: shown };
  if (isRoute(target) && target.project?.kinds.has(kind)) {
    return { by: 'project', provider: providerIn(target.project.providers, kind) };
  }
  if (settings.appliedElsewhere.has(kind)) return { by: 'claim' };
  return null;
}

function isRoute(target: CoverageTarget): target is Route {
  return 'chainBefore' in target;
}

function isInstance(target: CoverageTarget): target is Instance {
  return 'mounts' in target;
}

/** The first middleware the file shows providing `kind` before the target. */
function shownBy(target: CoverageTarget, kind: DefenseKind): Middleware | null {
  if (isRoute(target)) return providersOf(target)[kind] ?? null;
  if (isInstance(target)) {
    for (const use of target.uses) {
      const found = use.middleware.find((middleware) => middleware.kinds.has(kind));
      if (found) return found;
    }
  }
  return null;
}

/** The first link of a chain (middleware, or the audit's links that carry their file) whose middleware provides `kind`. */
export function providerIn<Link extends { middleware: Middleware }>(chain: readonly Link[], kind: DefenseKind): Link | null {
  return chain.find((link) => link.middleware.kinds.has(kind)) ?? null;
}

/** For each defense, the first middleware of a chain that provides it (the project's stand-in aside). */
const providersOf = judgedPerChain(
  (chain: readonly Middleware[]) => withProviders({}, chain),
  (providers, added) => withProviders(providers, added),
);

type Providers = Partial<Record<DefenseKind, Middleware>>;

/** `providers`, with the kinds it lacks that `added` provides (a new object only when there are some). */
function withProviders(providers: Providers, added: readonly Middleware[]): Providers {
  let result = providers;
  for (const middleware of added) {
    if (middleware.via === 'project' || middleware.kinds.size === 0) continue;
    for (const kind of middleware.kinds) {
      if (result[kind]) continue;
      if (result === providers) result = { ...providers };
      result[kind] = middleware;
    }
  }
  return result;
}
