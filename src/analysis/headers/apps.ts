import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { propertyName, unwrap } from '../engine/ast';
import type { FileAnalysis, Instance, Route, Use } from '../express';
import { SERVER_WRAPPERS } from '../libraries/http';

/** Functions and modules whose name says they set up security for the app they are given. */
const CONFIGURES_SECURITY = /secur|helmet|harden|header|protect|defen[cs]e/i;
/** A `use` that mounts routes: a same-file router, or a middleware named like one. */
const ROUTER_NAME = /router$|routes?$/i;

/** The app's first `use` of header middleware (helmet or an equivalent), if any. */
export function headerUseOf(instance: Instance): Use | undefined {
  return instance.uses.find((use) => use.middleware.some((middleware) => middleware.kinds.has('headers')));
}

/**
 * Whether the file shows the app serving anything: routes, middleware, mounts, or being handed to
 * code that may add them. An app that is only wrapped in an HTTP server or exported serves
 * nothing this file can see (Express's own 404 page already sends a strict policy).
 */
export function servesContent(instance: Instance): boolean {
  if (instance.routes.length > 0 || instance.uses.length > 0) return true;
  return instance.escapes.some((escape) => escape.type === 'call' && !SERVER_WRAPPERS.has(escape.calleeName ?? ''));
}

/** The app is handed to a function or module whose name says it configures security (`secureApp(app)`). */
export function handedToSecuritySetup(instance: Instance): boolean {
  return instance.escapes.some(
    (escape) =>
      escape.type === 'call' &&
      (CONFIGURES_SECURITY.test(escape.calleeName ?? '') || CONFIGURES_SECURITY.test(escape.calleeModule ?? '')),
  );
}

/** How the code names the app: `app`, `this.app`, `server.app`; null when it holds it in no name. */
export function appName(instance: Instance, sourceCode: Readonly<TSESLint.SourceCode>): string | null {
  let holder: Node = instance.node;
  while (holder.parent && holder.parent.type === AST_NODE_TYPES.TSAsExpression) holder = holder.parent;
  const parent = holder.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression) return sourceCode.getText(parent.left);
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition && propertyName(parent)) return `this.${propertyName(parent)}`;
  return null;
}

/** What serves requests on an app: a route, a `use` that mounts routes, or a same-file router mounted on it. */
export type Routing =
  | { kind: 'route'; node: Node; route: Route }
  | { kind: 'routeMount'; node: Node; use: Use }
  | { kind: 'routerMount'; node: Node; use: Use };

/** The first routing registered on the app before `position` (a route, a mount, a same-file router), if any. */
export function firstRoutingBefore(analysis: FileAnalysis, instance: Instance, position: number): Routing | null {
  const firstRoute = instance.routes.find((route) => route.node.range[0] < position);
  const firstMount = instance.uses.find((use) => use.node.range[0] < position && isRouteMount(use));
  const mountedRouter = routerMountBefore(analysis, instance, position);
  const candidates: Routing[] = [];
  if (firstRoute) candidates.push({ kind: 'route', node: firstRoute.node, route: firstRoute });
  if (firstMount) candidates.push({ kind: 'routeMount', node: firstMount.node, use: firstMount });
  if (mountedRouter) candidates.push({ kind: 'routerMount', node: mountedRouter.node, use: mountedRouter });
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => a.node.range[0] - b.node.range[0]);
  return candidates[0]!;
}

/** `app.use('/api', apiRouter)` with a router from another file: named like one. */
function isRouteMount(use: Use): boolean {
  if (use.path === null) return false;
  return use.middleware.some((middleware) => {
    const inner = unwrap(middleware.node);
    return inner.type === AST_NODE_TYPES.Identifier && ROUTER_NAME.test(inner.name);
  });
}

/** The `use` that mounts a same-file router on the app before `position`. */
function routerMountBefore(analysis: FileAnalysis, app: Instance, position: number): Use | null {
  for (const instance of analysis.model.instances) {
    const mount = instance.mounts.find((candidate) => candidate.parent === app && candidate.use.node.range[0] < position);
    if (mount) return mount.use;
  }
  return null;
}
