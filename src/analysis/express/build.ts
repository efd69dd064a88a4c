import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { getStaticValue } from '../engine/static-value';
import type { FunctionLike, Node, Variable } from '../engine/ast';
import { isFunctionLike, literalString, propertyName, unwrap } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { getFileIndex, initOf, isConstLike } from '../engine/file-index';
import type { ExpressSecuritySettings } from '../engine/settings';
import { classifyMiddleware, handlerArgumentIndex } from './classify';
import { handlerOf, looksLikeHandler, resolveFunction } from './functions';
import type { RowSubstitution } from './tables';
import { tableRowsOf } from './tables';
import { wrappedArgument } from './wrappers';
import type { Escape, ExpressModel, Handler, Instance, Middleware, Route, RouteMethod, Use } from './model';
import { ROUTE_METHODS } from './model';
import type { ChainEdge } from './chains';
import { ChainComputer, joinPaths } from './chains';
import type { FileProjectChains } from './project-chains';
import { projectStandIn } from './project-chains';
import type { ExpressInstanceType } from './types';
import { expressInstanceTypes, expressParamTypes } from './types';

const ROUTE_METHOD_SET = new Set<string>(ROUTE_METHODS);
export const RECEIVER_NAME = /^(?:app|application|server|api|router|routes|.+Router|.+App)$/;
const ROUTER_NAME = /router|routes/i;
/** Without types, a parameter's property is taken as an app or router only under one of these names. */
const PROPERTY_RECEIVER_NAME = /^(?:app|application|expressApp|router|.+Router)$/;
const EXPRESS_INSTANCE_TYPES = /^(?:Router|Express|Application|IRouter|express\.Router|express\.Express|express\.Application|core\.Express)$/;

/** The parts of a file the model is built from. */
interface BuildInput {
  sourceCode: Readonly<TSESLint.SourceCode>;
  settings: ExpressSecuritySettings;
  /** What the project's chains add to the file's routes (the audit's); null when the file is judged alone. */
  projectChains?: FileProjectChains | null;
}

export function buildExpressModel({ sourceCode, settings, projectChains = null }: BuildInput): { model: ExpressModel; index: FileIndex } {
  const index = getFileIndex(sourceCode);
  const builder = new ModelBuilder(index, settings, projectChains);
  return { model: builder.build(), index };
}

class ModelBuilder {
  private readonly instances: Instance[] = [];
  /** Every expression known to evaluate to an instance. */
  private readonly instanceOfNode = new Map<Node, Instance>();
  private readonly routes: Route[] = [];
  private readonly routed = new Set<FunctionLike>();
  private importsExpress = false;

  constructor(
    private readonly index: FileIndex,
    private readonly settings: ExpressSecuritySettings,
    private readonly projectChains: FileProjectChains | null,
  ) {}

  build(): ExpressModel {
    this.findCreatedInstances();
    this.findReceivedInstances();
    for (const instance of this.instances) {
      instance.uses.sort(bySource);
      instance.routes.sort(bySource);
    }
    this.computeChains();
    this.routes.sort(bySource);
    // Found on first use: only the strict options and a file with outbound requests read them,
    // and judging every function of every file was a quarter of building the model.
    let unroutedHandlers: Handler[] | null = null;
    const findUnrouted = () => this.unroutedHandlers();
    return {
      instances: this.instances,
      routes: this.routes,
      get unroutedHandlers() {
        unroutedHandlers ??= findUnrouted();
        return unroutedHandlers;
      },
      importsExpress: this.importsExpress,
    };
  }

  // ---- discovery -------------------------------------------------------------------------

  private findCreatedInstances(): void {
    if (!this.index.mayImport(['express'])) return;
    for (const call of this.index.calls) {
      const origin = this.index.originOf(call.callee);
      if (origin?.module !== 'express' || origin.called) continue;
      this.importsExpress = true;
      const [first, ...rest] = origin.path;
      let kind: Instance['kind'] | null = null;
      if (first === undefined && call.type === AST_NODE_TYPES.CallExpression) kind = 'app';
      else if (first === 'Router' && rest.length === 0) kind = 'router';
      if (!kind) continue;
      this.addInstance(kind, call, 'created');
    }
    // Every instance exists before any is followed, so a mount can name a router declared later.
    for (const instance of [...this.instances]) this.trackValue(instance, instance.node);
    if (!this.importsExpress) this.importsExpress = this.fileImportsExpress();
  }

  private fileImportsExpress(): boolean {
    for (const statement of this.index.sourceCode.ast.body) {
      if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.source.value === 'express') return true;
    }
    return this.index.calls.some((call) => this.index.requiredModule(call) === 'express');
  }

  /**
   * Apps and routers that reach this file as parameters or imports and are used with `use`,
   * `route` or route methods. With typed linting the checker decides: a receiver whose type is
   * express's app or router counts whatever its name, also a property (`deps.router`,
   * `this.server`), and one whose type is something else does not.
   */
  private findReceivedInstances(): void {
    const typeOf = expressInstanceTypes(this.index.sourceCode);
    const candidates = new Map<Variable, TSESTree.CallExpression[]>();
    const properties = new PropertyReceivers(this.index);
    const parameterProperties = new Map<string, { variable: Variable; name: string; first: TSESTree.MemberExpression }>();
    for (const call of this.index.calls) {
      if (call.type !== AST_NODE_TYPES.CallExpression) continue;
      const object = routerCallReceiver(call);
      if (!object || this.instanceOfNode.has(object)) continue;
      if (object.type === AST_NODE_TYPES.MemberExpression) {
        if (typeOf) properties.add(object);
        else this.noteParameterProperty(object, parameterProperties);
        continue;
      }
      if (object.type !== AST_NODE_TYPES.Identifier) continue;
      const variable = this.index.variableOf(object);
      if (!variable) continue;
      if (!isReceivedBinding(variable) && !(typeOf && isTypedReceiverBinding(variable, this.instanceOfNode))) continue;
      const calls = candidates.get(variable) ?? [];
      calls.push(call);
      candidates.set(variable, calls);
    }
    for (const [variable, calls] of candidates) {
      // `route.use(userRouter)` with a router made here: only an app or router mounts one.
      const mountsOwn = calls.some((call) => routerCallMethod(call) === 'use' && call.arguments.some((argument) => this.routerOf(argument) !== null));
      const kind = receivedKind(variable, calls, typeOf, mountsOwn);
      if (!kind) continue;
      const def = variable.defs[0]!;
      const origin = def.type === 'Parameter' ? 'parameter' : 'imported';
      const instance = this.addInstance(kind, def.name, origin);
      for (const reference of variable.references) {
        if (reference.isRead()) this.trackReference(instance, reference.identifier);
      }
    }
    for (const { variable, name, first } of parameterProperties.values()) {
      // `module.exports = (args) => { args.app.get(...) }`: the app the module is handed, as a parameter.
      const instance = this.addInstance(ROUTER_NAME.test(name) ? 'router' : 'app', first, 'parameter');
      for (const read of propertyReads(variable, name)) this.trackReference(instance, read);
    }
    if (!typeOf) return;
    for (const receiver of properties.list()) {
      const kind = typeOf(receiver.first);
      if (kind !== 'app' && kind !== 'router') continue;
      // Another file made it; the model has no origin for properties, and `parameter` would let the
      // audit bind `configure(app)` calls to it.
      const instance = this.addInstance(kind, receiver.first, 'imported');
      if (receiver.classBody) this.trackMembersOfThis(instance, receiver.classBody, receiver.name);
      else for (const read of receiver.reads) this.trackReference(instance, read);
    }
  }

  private noteParameterProperty(
    member: TSESTree.MemberExpression,
    found: Map<string, { variable: Variable; name: string; first: TSESTree.MemberExpression }>,
  ): void {
    const property = parameterProperty(member, this.index);
    if (!property) return;
    const id = `${property.variable.defs[0]!.name.range[0]}.${property.name}`;
    const known = found.get(id);
    if (!known || member.range[0] < known.first.range[0]) found.set(id, { ...property, first: member });
  }

  private addInstance(kind: Instance['kind'], node: Node, origin: Instance['origin']): Instance {
    const instance: Instance = { kind, node, origin, uses: [], routes: [], escapes: [], mounts: [] };
    this.instances.push(instance);
    return instance;
  }

  /** Follows a created instance into the binding that holds it. */
  private trackValue(instance: Instance, value: Node): void {
    this.trackReference(instance, value);
    let holder: Node = value;
    while (holder.parent && isTransparent(holder.parent)) holder = holder.parent;
    const parent = holder.parent;
    if (!parent) return;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === holder && parent.id.type === AST_NODE_TYPES.Identifier) {
      this.trackBinding(instance, parent.id);
    } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === holder) {
      const target = parent.left;
      if (target.type === AST_NODE_TYPES.Identifier) this.trackBinding(instance, target);
      else if (target.type === AST_NODE_TYPES.MemberExpression) this.trackThisMember(instance, target);
    } else if (parent.type === AST_NODE_TYPES.PropertyDefinition && parent.value === holder) {
      const name = propertyName(parent);
      const classBody = parent.parent;
      if (name !== null && classBody.type === AST_NODE_TYPES.ClassBody) this.trackMembersOfThis(instance, classBody, name);
    }
  }

  private trackBinding(instance: Instance, identifier: TSESTree.Identifier): void {
    const variable = this.index.sourceCode.scopeManager
      ?.getDeclaredVariables(identifier.parent)
      .find((candidate) => candidate.name === identifier.name) ?? this.index.variableOf(identifier);
    if (!variable) return;
    for (const reference of variable.references) {
      if (reference.isRead()) this.trackReference(instance, reference.identifier);
    }
  }

  /** `this.app = express()` in a class: every `this.app` of that class is the instance. */
  private trackThisMember(instance: Instance, target: TSESTree.MemberExpression): void {
    const name = propertyName(target);
    if (target.object.type !== AST_NODE_TYPES.ThisExpression || name === null) return;
    for (let current: Node | undefined = target.parent; current; current = current.parent) {
      if (current.type === AST_NODE_TYPES.ClassBody) {
        this.trackMembersOfThis(instance, current, name);
        return;
      }
    }
  }

  private trackMembersOfThis(instance: Instance, classBody: TSESTree.ClassBody, name: string): void {
    for (const call of this.index.calls) {
      if (call.range[0] < classBody.range[0] || call.range[1] > classBody.range[1]) continue;
      const callee = unwrap(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
      const object = unwrap(callee.object);
      if (
        object.type === AST_NODE_TYPES.MemberExpression &&
        object.object.type === AST_NODE_TYPES.ThisExpression &&
        propertyName(object) === name
      ) {
        this.trackReference(instance, object);
      }
    }
    for (const call of this.index.calls) {
      if (call.range[0] < classBody.range[0] || call.range[1] > classBody.range[1]) continue;
      for (const argument of call.arguments) {
        const inner = unwrap(argument);
        if (
          inner.type === AST_NODE_TYPES.MemberExpression &&
          inner.object.type === AST_NODE_TYPES.ThisExpression &&
          propertyName(inner) === name
        ) {
          this.trackReference(instance, inner);
        }
      }
    }
  }

  /** One expression that evaluates to the instance: what is done with it there. */
  private trackReference(instance: Instance, node: Node): void {
    if (this.instanceOfNode.has(node)) return;
    this.instanceOfNode.set(node, instance);
    let expression: Node = node;
    while (expression.parent && isTransparent(expression.parent)) expression = expression.parent;
    const parent = expression.parent;
    if (!parent) return;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === expression) {
      this.trackMethodCall(instance, parent);
      return;
    }
    const escape = escapeOf(expression, parent, this.index);
    if (escape) instance.escapes.push(escape);
  }

  private trackMethodCall(instance: Instance, member: TSESTree.MemberExpression): void {
    const call = member.parent;
    const method = propertyName(member);
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || method === null) return;
    if (method === 'use') {
      this.addUse(instance, call);
      this.trackReference(instance, call);
    } else if (method === 'route') {
      this.trackRouteChain(instance, call, pathOf(call.arguments[0], this.index));
    } else if (ROUTE_METHOD_SET.has(method) && call.arguments.length >= 2) {
      const [pathArgument, ...rest] = call.arguments;
      this.addRoute(instance, method as RouteMethod, call, pathOf(pathArgument, this.index), rest);
      this.trackReference(instance, call);
    }
  }

  /** `app.route('/x').get(h).post(h)`: every verb of the chain registers on the route's path. */
  private trackRouteChain(instance: Instance, routeCall: TSESTree.CallExpression, path: string | null): void {
    let current: Node = routeCall;
    for (;;) {
      const member: Node | undefined = current.parent;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) return;
      const call: Node | undefined = member.parent;
      const method = propertyName(member);
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || method === null) return;
      if (ROUTE_METHOD_SET.has(method) && call.arguments.length >= 1) {
        this.addRoute(instance, method as RouteMethod, call, path, call.arguments);
      } else if (method !== 'use') {
        return;
      }
      current = call;
    }
  }

  /** A `use`; inside a loop over a literal route table, one for each row. */
  private addUse(instance: Instance, call: TSESTree.CallExpression): void {
    const rows = tableRowsOf(call, this.index);
    if (!rows) this.addUseOf(instance, call, call.arguments, null);
    else for (const row of rows) this.addUseOf(instance, call, call.arguments.map(row), row);
  }

  private addUseOf(instance: Instance, call: TSESTree.CallExpression, written: readonly Node[], row: RowSubstitution | null): void {
    const [first, ...rest] = written;
    if (!first) return;
    const hasPath = isPathLike(first) || (written.length >= 2 && isDynamicPath(first, this.index));
    const args = hasPath ? rest : written;
    const path = hasPath ? pathOf(first, this.index, 0, row) : null;
    const use: Use = { owner: instance, node: call, path, pathKnown: !hasPath || path !== null, middleware: [] };
    for (const argument of args) {
      const mounted = this.routerOf(argument);
      if (mounted && mounted !== instance) {
        mounted.mounts.push({ parent: instance, use, before: [...use.middleware] });
        continue;
      }
      use.middleware.push(...this.middlewareOf(argument));
    }
    instance.uses.push(use);
  }

  private routerOf(argument: Node): Instance | null {
    const inner = unwrap(argument);
    const known = this.instanceOfNode.get(inner);
    if (known) return known.kind === 'router' ? known : null;
    // `require('express').Router().get(...)` written in the mount: a chain of calls on a router made there.
    const created = this.createdAt(inner);
    if (created) return created.kind === 'router' ? created : null;
    if (inner.type !== AST_NODE_TYPES.Identifier) return null;
    // The router's references may not have been walked yet when it is declared further down.
    for (const instance of this.instances) {
      if (instance.kind !== 'router' || instance.origin !== 'created') continue;
      const holder = instance.node.parent;
      if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
        const variable = this.index.variableOf(inner);
        if (variable && variable.defs[0]?.name === holder.id) return instance;
      }
    }
    return null;
  }

  /** The instance created by `node` or by the call a chain of method calls on `node` starts from. */
  private createdAt(node: Node): Instance | null {
    let current = node;
    for (let depth = 0; depth < 64; depth++) {
      const found = this.instances.find((instance) => instance.origin === 'created' && instance.node === current);
      if (found) return found;
      if (current.type !== AST_NODE_TYPES.CallExpression) return null;
      const callee = unwrap(current.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
      current = unwrap(callee.object);
    }
    return null;
  }

  private addRoute(
    owner: Instance,
    method: RouteMethod,
    node: TSESTree.CallExpression,
    path: string | null,
    args: readonly TSESTree.CallExpressionArgument[],
  ): void {
    // The last argument that behaves as a handler: middleware calls after it are not the handler.
    const handlerAt = handlerArgumentIndex(args, this.index);
    const last = args[handlerAt];
    // `wrap(users.update)`: the wrapped function is the handler, here or in another file.
    const handlerArgument = last ? ((wrappedArgument(last, this.index) as TSESTree.CallExpressionArgument | null) ?? last) : undefined;
    const ownMiddleware = args.slice(0, handlerAt).flatMap((argument) => this.middlewareOf(argument));
    const fn = handlerArgument ? resolveFunction(handlerArgument, this.index) : null;
    if (fn) this.routed.add(fn);
    const handler: Handler | null = fn ? handlerOf(fn, this.index) : null;
    const route: Route = {
      owner,
      method,
      path,
      fullPath: null,
      node,
      chain: [],
      chainBefore: [],
      ownMiddleware,
      handler,
      handlerNode: handlerArgument ?? null,
      chainComplete: false,
      project: null,
    };
    owner.routes.push(route);
    this.routes.push(route);
  }

  /** A middleware argument, arrays (also `const` ones) flattened. */
  private middlewareOf(argument: Node, depth = 0): Middleware[] {
    const inner = unwrap(argument);
    if (depth < 4) {
      if (inner.type === AST_NODE_TYPES.ArrayExpression) {
        return inner.elements.flatMap((element) => (element ? this.middlewareOf(element, depth + 1) : []));
      }
      if (inner.type === AST_NODE_TYPES.SpreadElement) return this.middlewareOf(inner.argument, depth + 1);
      if (inner.type === AST_NODE_TYPES.Identifier) {
        const init = initOf(this.index.variableOf(inner));
        if (init?.type === AST_NODE_TYPES.ArrayExpression) return this.middlewareOf(init, depth + 1);
      }
    }
    const wrapped = depth < 4 ? wrappedArgument(inner, this.index) : null;
    if (wrapped) return this.middlewareOf(wrapped, depth + 1);
    const { kinds, via, reasons } = classifyMiddleware(inner, this.index, this.settings);
    const fn = resolveFunction(inner, this.index);
    if (fn) this.routed.add(fn);
    return [{ node: inner, kinds, via, fn, ...(reasons ? { reasons } : {}) }];
  }

  // ---- chains ------------------------------------------------------------------------------

  /**
   * Every route's chain, from one computation per instance (see chains.ts): the first mount that
   * leads to the router, then its earlier `use`s. What the project adds (the audit's chains
   * through other files) goes in front, as one middleware that stands for them.
   */
  private computeChains(): void {
    const chains = new ChainComputer<Instance, Middleware, ChainEdge<Instance, Middleware>>({
      // A router mounted in several places of the file: the first mount is its chain here.
      edgesInto: (instance) =>
        instance.mounts.slice(0, 1).map((mount) => ({ parent: mount.parent, node: mount.use.node, path: mount.use.path, pathKnown: mount.use.pathKnown, before: mount.before })),
      entriesOf: (instance) => instance.uses.map((use) => ({ position: use.node.range[0], use, links: use.middleware })),
      isRoot: (instance) => instance.kind === 'app' && instance.origin === 'created',
      maxContexts: 1,
    });
    for (const route of this.routes) {
      const [context] = chains.chainBefore(route.owner, route.node, route.path);
      const project = this.projectChains?.get(route.node.range[0]) ?? null;
      const before = project && project.kinds.size > 0 ? [projectStandIn(route.node, project), ...context!.chain] : context!.chain;
      route.chainBefore = before;
      route.chain = chains.concat(before, route.ownMiddleware);
      route.project = project;
      route.chainComplete = context!.mounted || (project?.mounted ?? false);
      const fullPath = context!.prefix !== null && route.path !== null ? joinPaths(context!.prefix, route.path) : null;
      route.fullPath = project?.fullPath ?? fullPath;
    }
  }

  private unroutedHandlers(): Handler[] {
    const typeOf = expressParamTypes(this.index.sourceCode);
    return this.index.functions
      .filter((fn) => !this.routed.has(fn) && looksLikeHandler(fn, typeOf))
      .map((fn) => handlerOf(fn, this.index));
  }
}

// ---- small helpers ---------------------------------------------------------------------------

function bySource(a: { node: Node }, b: { node: Node }): number {
  return a.node.range[0] - b.node.range[0];
}

/** Nodes that pass a value through unchanged, so the value's use is one level up. */
function isTransparent(node: Node): boolean {
  return (
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    node.type === AST_NODE_TYPES.TSTypeAssertion
  );
}

function isReceivedBinding(variable: Variable): boolean {
  if (variable.defs.length !== 1) return false;
  const def = variable.defs[0]!;
  if (def.type === 'Parameter') {
    return def.name.type === AST_NODE_TYPES.Identifier && (def.name.parent === def.node || isDirectParam(def.name) || isDestructuredParam(def.name, def.node));
  }
  if (def.type === 'ImportBinding') {
    const declaration = def.node.parent;
    return declaration?.type === AST_NODE_TYPES.ImportDeclaration && declaration.source.value !== 'express';
  }
  if (def.type === 'Variable') {
    const init = def.node.init;
    // `const { app, Queues } = Arena(config)`, `const { app } = require('./server')`: an app a module hands back.
    if (def.node.id.type === AST_NODE_TYPES.ObjectPattern && def.name.parent?.type === AST_NODE_TYPES.Property && def.name.parent.parent === def.node.id) {
      const value = init ? unwrap(init) : null;
      return (value?.type === AST_NODE_TYPES.CallExpression || value?.type === AST_NODE_TYPES.AwaitExpression) && RECEIVER_NAME.test(variable.name) && isConstLike(variable);
    }
    if (def.node.id !== def.name) return false;
    if (init !== null && isRequireOfOtherModule(init)) return true;
    // `var adminApp; … adminApp = apiUtil.createExpressApp(settings)`: every value it is given is made by a factory.
    const writes = variable.references.filter((reference) => reference.isWrite());
    if (init !== null && !isFactoryCall(init)) return false;
    return writes.length > 0 && writes.every((reference) => reference.writeExpr != null && (isFactoryCall(reference.writeExpr as TSESTree.Expression) || isNullish(reference.writeExpr as TSESTree.Expression)));
  }
  return false;
}

function isDirectParam(name: TSESTree.Identifier): boolean {
  const parent = name.parent;
  return parent?.type === AST_NODE_TYPES.AssignmentPattern && parent.left === name;
}

/** `function ({ app }) {…}`, `({ app, db } = {}) => …`: a property of an object the function receives. */
function isDestructuredParam(name: TSESTree.Identifier, fn: Node): boolean {
  const property = name.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== name) return false;
  const pattern = property.parent;
  if (pattern?.type !== AST_NODE_TYPES.ObjectPattern) return false;
  return pattern.parent === fn || (pattern.parent?.type === AST_NODE_TYPES.AssignmentPattern && pattern.parent.left === pattern && pattern.parent.parent === fn);
}

/** `args.app`, `deps.router`: a property named like an app or router, read from a plain parameter. */
function parameterProperty(member: TSESTree.MemberExpression, index: FileIndex): { variable: Variable; name: string } | null {
  const object = unwrap(member.object);
  const name = propertyName(member);
  if (object.type !== AST_NODE_TYPES.Identifier || name === null || member.computed || !PROPERTY_RECEIVER_NAME.test(name)) return null;
  const variable = index.variableOf(object);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (!variable || def?.type !== 'Parameter' || def.name.type !== AST_NODE_TYPES.Identifier) return null;
  return def.name.parent === def.node || isDirectParam(def.name) ? { variable, name } : null;
}

/** Project factories named for what they make: `apiUtil.createExpressApp(settings)`, `await makeRouter(deps)`. */
const FACTORY_NAME = /^(?:create|make|build|new|get|init|setup)\w*(?:App|Application|Router)$/;

function isNullish(node: TSESTree.Expression): boolean {
  const inner = unwrap(node);
  return (inner.type === AST_NODE_TYPES.Literal && inner.value === null) || (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined');
}

function isFactoryCall(init: TSESTree.Expression): boolean {
  let inner = unwrap(init);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrap(inner.argument);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(inner.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
  return name !== null && FACTORY_NAME.test(name);
}

function isRequireOfOtherModule(init: TSESTree.Expression): boolean {
  const inner = unwrap(init);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = inner.callee;
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require') return false;
  const module = literalString(inner.arguments[0]);
  return module !== null && module !== 'express';
}

function annotationName(name: Node): string | null {
  if (name.type !== AST_NODE_TYPES.Identifier) return null;
  const annotation = name.typeAnnotation?.typeAnnotation;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return null;
  const typeName = annotation.typeName;
  if (typeName.type === AST_NODE_TYPES.Identifier) return typeName.name;
  if (typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.left.type === AST_NODE_TYPES.Identifier) {
    return `${typeName.left.name}.${typeName.right.name}`;
  }
  return null;
}

/** `x.get('/path', ..., fn)`: a path first and a function among the rest. */
function isRouteShaped(call: TSESTree.CallExpression): boolean {
  const [first, ...rest] = call.arguments;
  if (!first || rest.length === 0 || !isPathLike(first)) return false;
  const path = pathOf(first);
  if (path !== null && !path.startsWith('/') && path !== '*') return false;
  // `$.get(`${base}${id}`, cb)` in a browser script: a template is evidence of a path only when it starts with one.
  const inner = unwrap(first);
  if (path === null && inner.type === AST_NODE_TYPES.TemplateLiteral && !(inner.quasis[0]!.value.cooked ?? '').startsWith('/')) return false;
  return rest.some((argument) => {
    const inner = unwrap(argument);
    return (
      inner.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      inner.type === AST_NODE_TYPES.FunctionExpression ||
      inner.type === AST_NODE_TYPES.Identifier ||
      inner.type === AST_NODE_TYPES.MemberExpression ||
      inner.type === AST_NODE_TYPES.CallExpression
    );
  });
}

function isPathLike(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal) return typeof inner.value === 'string' || 'regex' in inner;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) return true;
  if (inner.type === AST_NODE_TYPES.ArrayExpression) return inner.elements.some((element) => element !== null && isPathLike(element));
  return false;
}

/**
 * A path written as a string, a template or concatenation of known parts, a constant of this
 * file, or the first of an array. Null when any part is not known here (`loginPath('x')`).
 */
function pathOf(node: Node | undefined, index?: FileIndex, depth = 0, row: RowSubstitution | null = null): string | null {
  if (!node || depth > 8) return null;
  const inner = unwrap(row ? row(node) : node);
  const literal = literalString(inner);
  if (literal !== null) return literal;
  switch (inner.type) {
    case AST_NODE_TYPES.ArrayExpression: {
      const first = inner.elements[0];
      return first && first.type !== AST_NODE_TYPES.SpreadElement ? pathOf(first, index, depth + 1, row) : null;
    }
    case AST_NODE_TYPES.TemplateLiteral: {
      let text = inner.quasis[0]!.value.cooked ?? '';
      for (let i = 0; i < inner.expressions.length; i++) {
        const part = pathOf(inner.expressions[i], index, depth + 1, row);
        if (part === null) return null;
        text += part + (inner.quasis[i + 1]!.value.cooked ?? '');
      }
      return text;
    }
    case AST_NODE_TYPES.ConditionalExpression: {
      const consequent = pathOf(inner.consequent, index, depth + 1, row);
      return consequent !== null && consequent === pathOf(inner.alternate, index, depth + 1, row) ? consequent : null;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (inner.operator !== '+') return null;
      const left = pathOf(inner.left, index, depth + 1, row);
      const right = left === null ? null : pathOf(inner.right, index, depth + 1, row);
      return left === null || right === null ? null : left + right;
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = index?.variableOf(inner) ?? null;
      if (variable && isConstLike(variable)) {
        const init = initOf(variable);
        if (init) return pathOf(init, index, depth + 1);
      }
      const value = getStaticValue(inner);
      return typeof value?.value === 'string' ? value.value : null;
    }
    default:
      return null;
  }
}

/** Names that hold a mount path rather than a middleware: `app.use(options.mountPath, api)`, `app.use(r.path, r.router)`. */
const PATH_NAME = /(?:path|prefix|url|mount|mountpoint|base)$/i;
/** Calls that compute a path: `loginPath('admin')`, `path.join(base, 'x')`, `url.resolve(...)`. */
const PATH_CALLEE = /(?:path|url|prefix)$/i;

/**
 * A first argument of `use` that is a path computed at run time: a concatenation, a call that
 * builds a path, or a value named like a path (`config.basePath`, a parameter `prefix`). A
 * value imported or defined as a function is middleware whatever its name.
 */
function isDynamicPath(node: Node, index: FileIndex): boolean {
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.BinaryExpression:
      return inner.operator === '+';
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression: {
      // `basePath ? basePath : '/'`, `opts.basePath || '/'`: a path when one side is.
      const sides = inner.type === AST_NODE_TYPES.ConditionalExpression ? [inner.consequent, inner.alternate] : [inner.left, inner.right];
      return sides.some((side) => isPathLike(side) || isDynamicPath(side, index));
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrap(inner.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) return PATH_CALLEE.test(callee.name);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const object = unwrap(callee.object);
      return (object.type === AST_NODE_TYPES.Identifier && /^(?:path|url|posix)$/.test(object.name)) || PATH_CALLEE.test(propertyName(callee) ?? '');
    }
    case AST_NODE_TYPES.MemberExpression:
      return !inner.computed && PATH_NAME.test(propertyName(inner) ?? '');
    case AST_NODE_TYPES.Identifier: {
      if (!PATH_NAME.test(inner.name)) return pathOf(inner, index) !== null;
      const def = index.variableOf(inner)?.defs[0];
      if (!def) return false;
      if (def.type === 'Parameter') return true;
      if (def.type !== 'Variable') return false;
      const init = def.node.init ? unwrap(def.node.init) : null;
      return init === null || !(isFunctionLike(init) || init.type === AST_NODE_TYPES.CallExpression && index.requiredModule(init) !== null);
    }
    default:
      return false;
  }
}

const EXPORT_PARENTS = new Set<string>([
  AST_NODE_TYPES.ExportDefaultDeclaration,
  AST_NODE_TYPES.ExportSpecifier,
  AST_NODE_TYPES.ReturnStatement,
]);

/** An instance handed to a function (`configure(app)`, `require('./x')(app)`) or exported. */
function escapeOf(expression: Node, parent: Node, index: FileIndex): Escape | null {
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(expression as TSESTree.CallExpressionArgument)) {
    return { node: parent, type: 'call', calleeName: calleeText(parent.callee), calleeModule: index.originOf(parent.callee)?.module ?? null };
  }
  if (parent.type === AST_NODE_TYPES.NewExpression && parent.arguments.includes(expression as TSESTree.CallExpressionArgument)) {
    return { node: parent, type: 'call', calleeName: calleeText(parent.callee), calleeModule: index.originOf(parent.callee)?.module ?? null };
  }
  // `register({ app, db })`: an app handed on inside an object literal is handed on all the same.
  if (parent.type === AST_NODE_TYPES.Property && parent.value === expression && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    const object = parent.parent;
    const call = object.parent;
    if ((call?.type === AST_NODE_TYPES.CallExpression || call?.type === AST_NODE_TYPES.NewExpression) && call.arguments.includes(object)) {
      return escapeOf(object, call, index);
    }
  }
  if (EXPORT_PARENTS.has(parent.type) || isModuleExportsAssignment(parent)) {
    return { node: parent, type: 'export', calleeName: null, calleeModule: null };
  }
  return null;
}

function calleeText(callee: Node): string | null {
  const inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) return propertyName(inner);
  return null;
}

function isModuleExportsAssignment(node: Node): boolean {
  if (node.type === AST_NODE_TYPES.Property) return node.parent ? isModuleExportsAssignment(node.parent) : false;
  if (node.type === AST_NODE_TYPES.ObjectExpression) return node.parent ? isModuleExportsAssignment(node.parent) : false;
  if (node.type !== AST_NODE_TYPES.AssignmentExpression) return false;
  const target = node.left;
  if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = target.object;
  if (object.type === AST_NODE_TYPES.Identifier) return object.name === 'module' || object.name === 'exports';
  return object.type === AST_NODE_TYPES.MemberExpression && object.object.type === AST_NODE_TYPES.Identifier && object.object.name === 'module';
}

// ---- received instances ----------------------------------------------------------------------

function routerCallMethod(call: TSESTree.CallExpression): string | null {
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
}

/** The receiver of `x.get(...)`, `x.use(...)` or `x.route(...)`: what may be an app or router. */
function routerCallReceiver(call: TSESTree.CallExpression): Node | null {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = propertyName(callee);
  if (method === null || (!ROUTE_METHOD_SET.has(method) && method !== 'use' && method !== 'route')) return null;
  return unwrap(callee.object);
}

/**
 * Bindings the syntax model does not take as received but whose type may say they are: any
 * parameter (`{ router }: Deps` too) and variable (`const api = deps.router`). A variable that
 * only renames an instance of this file (`const server = app`) is not another one.
 */
function isTypedReceiverBinding(variable: Variable, known: ReadonlyMap<Node, Instance>): boolean {
  if (variable.defs.length !== 1) return false;
  const def = variable.defs[0]!;
  if (def.type === 'Parameter') return true;
  if (def.type !== 'Variable') return false;
  const init = def.node.init;
  return init === null || !known.has(unwrap(init));
}

/**
 * What a received binding is: what the checker says when it knows the type; otherwise (and always
 * without type information) its annotation, its name and the shape of its calls decide.
 */
function receivedKind(
  variable: Variable,
  calls: readonly TSESTree.CallExpression[],
  typeOf: ((node: Node) => ExpressInstanceType) | null,
  mountsOwn = false,
): Instance['kind'] | null {
  const receiver = routerCallReceiver(calls[0]!);
  const typed = typeOf && receiver ? typeOf(receiver) : null;
  if (typed === 'app' || typed === 'router') return typed;
  if (typed === 'other' || !isReceivedBinding(variable)) return null;
  const annotated = annotationName(variable.defs[0]!.name) ?? '';
  if (!EXPRESS_INSTANCE_TYPES.test(annotated) && !RECEIVER_NAME.test(variable.name) && !mountsOwn && !calls.some(isRouteShaped)) return null;
  return ROUTER_NAME.test(variable.name) || /Router/.test(annotated) ? 'router' : 'app';
}

/** A property that may hold an app or router: `this.<name>` in a class, or `<variable>.<name>`. */
interface PropertyReceiver {
  name: string;
  /** The class for `this.<name>`; its body is walked for every use. */
  classBody: TSESTree.ClassBody | null;
  /** Every read of `<variable>.<name>`; empty for `this.<name>`. */
  reads: TSESTree.MemberExpression[];
  /** The earliest receiver seen: where the instance is placed, and whose type decides. */
  first: TSESTree.MemberExpression;
}

/** The property receivers of route-method calls, one per holder (class or variable) and name. */
class PropertyReceivers {
  private readonly byHolder = new Map<TSESTree.ClassBody | Variable, Map<string, PropertyReceiver>>();

  constructor(private readonly index: FileIndex) {}

  add(member: TSESTree.MemberExpression): void {
    const name = propertyName(member);
    const object = unwrap(member.object);
    if (name === null) return;
    const classBody = object.type === AST_NODE_TYPES.ThisExpression ? enclosingClassBody(object) : null;
    const variable = object.type === AST_NODE_TYPES.Identifier ? this.index.variableOf(object) : null;
    const holder = classBody ?? variable;
    if (!holder) return;
    const byName = this.byHolder.get(holder) ?? new Map<string, PropertyReceiver>();
    this.byHolder.set(holder, byName);
    const known = byName.get(name);
    if (!known) {
      byName.set(name, { name, classBody, reads: variable ? propertyReads(variable, name) : [], first: member });
    } else if (member.range[0] < known.first.range[0]) {
      known.first = member;
    }
  }

  list(): PropertyReceiver[] {
    return [...this.byHolder.values()].flatMap((byName) => [...byName.values()]);
  }
}

function enclosingClassBody(node: Node): TSESTree.ClassBody | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  }
  return null;
}

/** `deps.router` wherever `deps` is read, except where the property is assigned. */
function propertyReads(variable: Variable, name: string): TSESTree.MemberExpression[] {
  const reads: TSESTree.MemberExpression[] = [];
  for (const reference of variable.references) {
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    if (propertyName(member) !== name || isAssignmentTarget(member)) continue;
    reads.push(member);
  }
  return reads;
}

function isAssignmentTarget(node: Node): boolean {
  return node.parent?.type === AST_NODE_TYPES.AssignmentExpression && node.parent.left === node;
}
