import type { Node } from '../engine/ast';
import { countStartingBefore } from '../engine/ast';
import type { Middleware, Route, Use } from './model';

/**
 * The middleware chain that runs before a point of an app or router: the chain of the mount that
 * leads to it, then the earlier `use`s of the instance whose path covers the request's. One
 * algorithm for the file's model (links are middleware, edges are the file's mounts) and for the
 * audit's project (links carry their file, edges cross files and reach handed-over apps).
 *
 * The chain before each point is shared: routes with the same earlier `use`s on the same way in
 * get the same array, and each array is built once, so a file of n routes and m middleware costs
 * about n + m chains, not n × m. Judges that walk chains can remember their verdict per array.
 */

/** A way into an instance: a mount, or an app handed to a module that registers on it. */
export interface ChainEdge<Instance, Link> {
  parent: Instance;
  /** The registration (the mount's `use(...)`, the call the app is handed to): what runs on the parent before it. */
  node: Node;
  /** The mount path (`null` for every path or an unknown one). */
  path: string | null;
  pathKnown: boolean;
  /** Links of the mount call itself that run before the child. */
  before: readonly Link[];
}

/** A registration on an instance that adds links for the requests its path covers. */
export interface ChainEntry<Link> {
  /** Where it is registered: only points after it run its links. */
  position: number;
  use: Pick<Use, 'path' | 'pathKnown'>;
  links: readonly Link[];
}

/** What the algorithm needs to know of a graph of instances. */
export interface ChainGraph<Instance, Link, Edge extends ChainEdge<Instance, Link>> {
  /** The ways into an instance; none for one nobody mounts. */
  edgesInto(instance: Instance): readonly Edge[];
  /** The registrations of an instance that add links, in source order. */
  entriesOf(instance: Instance): readonly ChainEntry<Link>[];
  /** Whether a chain that starts at this instance starts at an app of the project (or file). */
  isRoot(instance: Instance): boolean;
  /** How many ways of reaching one point are followed, at most. */
  maxContexts: number;
}

/** One way of reaching a point, and what runs before it on that way. */
export interface ChainContext<Link, Edge> {
  /** The mount prefix in front of paths of the instance; null when one is not known. */
  prefix: string | null;
  /** What runs before the point, outermost first; shared between points with the same chain. */
  chain: readonly Link[];
  /** Whether the way starts at a root (an app). */
  mounted: boolean;
  /** The edges on the way, outermost first. */
  edges: readonly Edge[];
}

/** `'/api' + '/users/'` -> `'/api/users/'`; an empty or `/` side leaves the other. */
export function joinPaths(prefix: string, path: string): string {
  if (prefix === '' || prefix === '/') return path === '' ? '/' : path;
  if (path === '/' || path === '') return prefix;
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === '/') end--;
  let start = 0;
  while (start < path.length && path[start] === '/') start++;
  return `${prefix.slice(0, end)}/${path.slice(start)}`;
}

/**
 * Whether a `use` runs for requests to `routePath` (relative to its app or router): its path
 * covers the route's, or it has none. A `use` under a path computed at run time
 * (`app.use(loginPath('x'), limiter)`) is credited only to routes whose path is not known either:
 * it is not the limiter of `/signup`.
 */
export function useCovers(use: Pick<Use, 'path' | 'pathKnown'>, routePath: string | null): boolean {
  if (!use.pathKnown) return routePath === null;
  return pathCovers(use.path, routePath);
}

/** Whether a `use` scoped to `usePath` runs for requests to `routePath` (unknown paths count as covered). */
export function pathCovers(usePath: string | null, routePath: string | null): boolean {
  if (coversEveryPath(usePath)) return true;
  if (routePath === null) return true;
  const prefix = trimTrailingSlashes(usePath!);
  return routePath === prefix || routePath.startsWith(`${prefix}/`);
}

function coversEveryPath(usePath: string | null): boolean {
  return usePath === null || usePath === '/' || usePath === '' || usePath === '*' || /[:*(?]/.test(usePath);
}

/** `'/api//'` -> `'/api'`, without a regular expression that backtracks on long runs of slashes. */
function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

/** An instance's registrations, ready for lookups by position and path. */
interface InstanceEntries<Link> {
  entries: readonly ChainEntry<Link>[];
  /** The positions of the entries whose path does not cover every request. */
  scoped: number[];
  isScoped: boolean[];
  /** The links before a point, by the number of entries before it and which scoped ones cover its path. */
  linksBefore: Map<string, readonly Link[]>;
  /** The ways in, by the path asked for. */
  contexts: Map<string | null, readonly ChainContext<Link, unknown>[]>;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * How each shared chain was made: a shorter shared chain, then the links added to it. A judge
 * that can extend its verdict (`judgedPerChain`'s `extend`) judges only the added links.
 */
const extensions = new WeakMap<readonly unknown[], { base: readonly unknown[]; added: readonly unknown[] }>();

/** The chains of one graph, each computed once. */
export class ChainComputer<Instance extends object, Link, Edge extends ChainEdge<Instance, Link>> {
  private readonly byInstance = new Map<Instance, InstanceEntries<Link>>();
  private readonly concatenated = new Map<readonly Link[], Map<readonly Link[], readonly Link[]>>();
  private readonly visiting = new Set<Instance>();
  /** How many mount cycles were cut so far: contexts computed while one was cut are not kept. */
  private cyclesCut = 0;

  constructor(private readonly graph: ChainGraph<Instance, Link, Edge>) {}

  /** The ways in which `node` on `instance` runs for `path` (relative to the instance), each with its chain. */
  chainBefore(instance: Instance, node: Node, path: string | null): ChainContext<Link, Edge>[] {
    const earlier = this.linksBefore(instance, node.range[0], path);
    return this.contextsOf(instance, path).map((context) => ({ ...context, chain: this.concat(context.chain, earlier) }));
  }

  /** `a` then `b`, as one array shared by every caller that joins the same two. */
  concat(a: readonly Link[], b: readonly Link[]): readonly Link[] {
    if (b.length === 0) return a;
    if (a.length === 0) return b;
    let byB = this.concatenated.get(a);
    if (!byB) {
      byB = new Map();
      this.concatenated.set(a, byB);
    }
    let joined = byB.get(b);
    if (!joined) {
      joined = [...a, ...b];
      byB.set(b, joined);
      extensions.set(joined, { base: a, added: b });
    }
    return joined;
  }

  private entriesOf(instance: Instance): InstanceEntries<Link> {
    let known = this.byInstance.get(instance);
    if (!known) {
      const entries = this.graph.entriesOf(instance);
      const isScoped = entries.map((entry) => !entry.use.pathKnown || !coversEveryPath(entry.use.path));
      const scoped = isScoped.flatMap((scopedHere, position) => (scopedHere ? [position] : []));
      known = { entries, scoped, isScoped, linksBefore: new Map(), contexts: new Map() };
      this.byInstance.set(instance, known);
    }
    return known;
  }

  /**
   * The links of the registrations before `position` whose path covers `path`: the longest
   * such list already built, then the links of the registrations after it, so that points in
   * source order each add only what was registered since the one before.
   */
  private linksBefore(instance: Instance, position: number, path: string | null): readonly Link[] {
    const known = this.entriesOf(instance);
    const { entries, scoped, isScoped } = known;
    const count = countStartingBefore(entries, position, (entry) => entry.position);
    const covering = new Set<number>();
    for (const at of scoped) {
      if (at >= count) break;
      if (useCovers(entries[at]!.use, path)) covering.add(at);
    }
    // The key of the links before the first `n` registrations, for this path.
    const keyOf = (n: number) => {
      let key = `${n}`;
      for (const at of covering) if (at < n) key += `,${at}`;
      return key;
    };
    let from = count;
    let links: readonly Link[] | undefined;
    while (from > 0 && (links = known.linksBefore.get(keyOf(from))) === undefined) from--;
    const added: Link[] = [];
    for (let at = from; at < count; at++) {
      if (!isScoped[at] || covering.has(at)) for (const link of entries[at]!.links) added.push(link);
    }
    links = this.concat(links ?? NONE, added);
    known.linksBefore.set(keyOf(count), links);
    return links;
  }

  private contextsOf(instance: Instance, path: string | null): readonly ChainContext<Link, Edge>[] {
    const known = this.entriesOf(instance);
    const cached = known.contexts.get(path) as readonly ChainContext<Link, Edge>[] | undefined;
    if (cached) return cached;
    // A mount cycle (a router mounted under itself) stops where it closes: that instance starts the chain.
    const closesCycle = this.visiting.has(instance);
    if (closesCycle) this.cyclesCut++;
    const cutBefore = this.cyclesCut;
    const edges = closesCycle ? NONE : this.graph.edgesInto(instance);
    let contexts: ChainContext<Link, Edge>[];
    if (edges.length === 0) {
      contexts = [{ prefix: '', chain: NONE, mounted: this.graph.isRoot(instance), edges: NONE }];
    } else {
      this.visiting.add(instance);
      contexts = [];
      try {
        for (const edge of edges) {
          if (this.addContextsThrough(edge, path, contexts)) break;
        }
      } finally {
        this.visiting.delete(instance);
      }
    }
    if (!closesCycle && this.cyclesCut === cutBefore) known.contexts.set(path, contexts);
    return contexts;
  }

  /** The contexts through one edge; true when the limit is reached. */
  private addContextsThrough(edge: Edge, path: string | null, contexts: ChainContext<Link, Edge>[]): boolean {
    const parentPath = path === null || !edge.pathKnown ? null : joinPaths(edge.path ?? '', path);
    for (const parent of this.chainBefore(edge.parent, edge.node, parentPath)) {
      contexts.push({
        prefix: parent.prefix !== null && edge.pathKnown ? joinPaths(parent.prefix, edge.path ?? '') : null,
        chain: this.concat(parent.chain, edge.before),
        mounted: parent.mounted,
        edges: [...parent.edges, edge],
      });
      if (contexts.length >= this.graph.maxContexts) return true;
    }
    return false;
  }
}

/** A chain as a route holds it: the part before the registration, shared between routes, then the route's own middleware. */
export type ChainParts = Pick<Route, 'chainBefore' | 'ownMiddleware'>;

/** A chain given whole (`[...]`) or as a route's parts, as its parts. */
export function chainParts(chain: readonly Middleware[] | ChainParts): ChainParts {
  return isMiddlewareList(chain) ? { chainBefore: chain, ownMiddleware: [] } : chain;
}

function isMiddlewareList(chain: readonly Middleware[] | ChainParts): chain is readonly Middleware[] {
  return Array.isArray(chain);
}

/**
 * A judgement of a chain, remembered per chain array. Routes with the same chain before them
 * share one array (`Route.chainBefore`), so a judge of every route's chain walks each shared
 * prefix once; given a route's parts, the judgement of its part before the registration is
 * extended by its own middleware, a few at most, which are judged apart. A chain array belongs to
 * one file's model, so the file index a judge is given is the same for every call with that array.
 */
export function judgedPerChain<Extra extends unknown[], Result>(
  judge: (chain: readonly Middleware[], ...extra: Extra) => Result,
  /** The verdict on a chain given the verdict on its first part and the middleware added to it. */
  extend: (verdict: Result, added: readonly Middleware[], ...extra: Extra) => Result,
): (chain: readonly Middleware[] | ChainParts, ...extra: Extra) => Result {
  const verdicts = new WeakMap<readonly Middleware[], Result>();
  const judgedArray = (chain: readonly Middleware[], extra: Extra): Result => {
    if (verdicts.has(chain)) return verdicts.get(chain) as Result;
    // Back to the longest first part already judged (or one not made by extending), then forward.
    const steps: { chain: readonly Middleware[]; added: readonly Middleware[] }[] = [];
    let first = chain;
    for (let made = extensions.get(first); made && !verdicts.has(first); made = extensions.get(first)) {
      steps.push({ chain: first, added: made.added as readonly Middleware[] });
      first = made.base as readonly Middleware[];
    }
    let verdict = verdicts.has(first) ? (verdicts.get(first) as Result) : judge(first, ...extra);
    verdicts.set(first, verdict);
    for (let at = steps.length - 1; at >= 0; at--) {
      verdict = extend(verdict, steps[at]!.added, ...extra);
      verdicts.set(steps[at]!.chain, verdict);
    }
    return verdict;
  };
  return (chain, ...extra) => {
    if (isMiddlewareList(chain)) return judgedArray(chain, extra);
    const before = judgedArray(chain.chainBefore, extra);
    return chain.ownMiddleware.length === 0 ? before : extend(before, chain.ownMiddleware, ...extra);
  };
}
