import type { TSESTree } from '@typescript-eslint/utils';
import type { DefenseKind } from '../engine/settings';
import type { Classification, Reason } from './classify';
import type { FunctionLike, Node, Variable } from '../engine/ast';
import type { ProjectRouteChain } from './project-chains';

export const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/** An app or router: created in this file, or received from elsewhere and used with route methods. */
export interface Instance {
  kind: 'app' | 'router';
  /** The `express()` / `Router()` call, or the parameter or import that brings it in. */
  node: Node;
  origin: 'created' | 'parameter' | 'imported';
  /** Its `.use(...)` calls, in source order. */
  uses: Use[];
  /** Its route registrations, in source order. */
  routes: Route[];
  /** Calls it is handed to (`configure(app)`, `app.listen()` is not one); exports of it. */
  escapes: Escape[];
  /** Where a router is mounted in this file: `app.use('/api', auth, router)`. */
  mounts: Mount[];
}

export interface Escape {
  node: Node;
  /** `call` when passed to a function, `export` when exported. */
  type: 'call' | 'export';
  /** The callee's name and, for `require('./x')(app)` or an imported function, its module. */
  calleeName: string | null;
  calleeModule: string | null;
}

export interface Middleware {
  node: TSESTree.Node;
  kinds: ReadonlySet<DefenseKind>;
  /** How the kinds were found; `project` for the one that stands for the defenses of the project chain (audit). */
  via: Classification['via'] | 'project';
  /** For each kind, why it counts: what its definition does or the module it comes from. */
  reasons?: ReadonlyMap<DefenseKind, Reason>;
  /** The function behind it, when it is defined in this file. */
  fn: FunctionLike | null;
}

export interface Use {
  owner: Instance;
  node: TSESTree.CallExpression;
  /** The path the middleware is scoped to; `null` for every path or an unknown one. */
  path: string | null;
  pathKnown: boolean;
  middleware: Middleware[];
}

export interface Mount {
  parent: Instance;
  use: Use;
  /** Middleware of the mount call that runs before the router. */
  before: Middleware[];
}

export interface Handler {
  fn: FunctionLike;
  /** The request parameter (first parameter when it is a plain identifier). */
  req: Variable | null;
  res: Variable | null;
  /** The first parameter's node; an object pattern (`({ body }, res)`) destructures the request. */
  reqParam: TSESTree.Parameter | null;
}

export interface Route {
  owner: Instance;
  method: RouteMethod;
  /** The path as written, when statically known. */
  path: string | null;
  /** The path with the in-file mount prefixes in front, when all are known. */
  fullPath: string | null;
  /** The registration call: where route-level rules report. */
  node: TSESTree.CallExpression;
  /** Everything that runs before the handler, in order: `chainBefore`, then `ownMiddleware`. */
  chain: readonly Middleware[];
  /**
   * What runs before the registration: the project's defenses (audit), the mount's chain, then
   * the earlier `use`s. Routes with the same one share the array, so a judge of chains can
   * judge it once (see `judgedPerChain`).
   */
  chainBefore: readonly Middleware[];
  /** The route's own middleware arguments (part of `chain`). */
  ownMiddleware: Middleware[];
  handler: Handler | null;
  /** The argument Express runs as the handler (the last one), whether or not this file defines it. */
  handlerNode: TSESTree.CallExpressionArgument | null;
  /** Whether the chain starts at an app this file can see, or the project shows (false for a router never mounted here). */
  chainComplete: boolean;
  /** What the project's chains add to the route, when the audit passed them to the build; null otherwise. */
  project: ProjectRouteChain | null;
}

export interface ExpressModel {
  instances: Instance[];
  /** All routes in source order. */
  routes: Route[];
  /** Functions shaped like handlers (`(req, res)`) that no route of this file registers; found on first read. */
  readonly unroutedHandlers: Handler[];
  /** Whether the file imports or requires express at all. */
  importsExpress: boolean;
}
