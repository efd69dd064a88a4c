import type { TSESTree } from '@typescript-eslint/utils';
import type { Node } from '../../analysis/engine/ast';
import { countStartingBefore, literalString, propertyName, unwrap } from '../../analysis/engine/ast';
import { initOf, isConstLike } from '../../analysis/engine/file-index';
import type { ChainLink, Escape, FileAnalysis, Instance, Route, RouteMethod, Use } from '../../analysis/express';
import { joinPaths } from '../../analysis/express';
import type { ChainContext, ChainEdge, ChainEntry } from '../../analysis/express/chains';
import { ChainComputer } from '../../analysis/express/chains';
import type { DefenseKind } from '../../analysis/engine/settings';
import { isValidationCall } from '../../analysis/libraries/validators';
import { DEFENSE_KINDS } from '../../analysis/engine/settings';
import path from 'node:path';
import { isRelativeSpecifier, resolveRelativeModule } from '../../analysis/engine/modules';

/** One linted file of the project and its Express model. */
export interface ProjectFile {
  /** Absolute path. */
  file: string;
  analysis: FileAnalysis;
}

export type { ChainLink };

/** How an instance is reached from another one: a mount or an app handed to a route module. */
export interface Edge extends ChainEdge<Instance, ChainLink> {
  parentFile: string;
  /** Whether the edge joins two files. */
  crossFile: boolean;
}

/** A route of the whole project, with its mounted path and the chain that really runs before it. */
export interface ProjectRoute {
  method: RouteMethod;
  /** The mounted path (from the outermost visible mount when `mounted` is false); null when a prefix or the path is not statically known. */
  path: string | null;
  /** The path as written at the registration. */
  localPath: string | null;
  file: string;
  line: number;
  column: number;
  /** Whether the route is reached from an app created in the project. */
  mounted: boolean;
  /** Whether a mount in another file leads to it. */
  crossFile: boolean;
  via: string[];
  chain: ChainLink[];
  route: Route;
  /** A validation call in the handler itself (`schema.safeParse(req.body)`), when there is one. */
  handlerValidation: TSESTree.CallExpression | null;
}

/** Projects with routers mounted in many places stay bounded. */
const MAX_CONTEXTS = 16;

function key(file: string, instance: Instance): string {
  return `${file}#${instance.node.range[0]}`;
}

/** The whole project's routes: mounts across files resolved, chains carried through them. */
export class ProjectRouteMap {
  private readonly byFile = new Map<string, ProjectFile>();
  private readonly edgesInto = new Map<string, Edge[]>();
  /** Middleware nodes that are really cross-file router mounts, so no chain counts them. */
  private readonly mountNodes = new Set<Node>();
  private readonly knownFiles: ReadonlySet<string>;
  /** Apps handed to project modules, by the app: the module's parameter that receives it. */
  private readonly receiverEdges = new Map<string, { edge: Edge; file: string; instance: Instance }[]>();
  /** The file each instance is in. */
  private readonly fileOf = new Map<Instance, string>();
  private readonly chains: ChainComputer<Instance, ChainLink, Edge>;

  constructor(files: readonly ProjectFile[]) {
    for (const file of files) this.byFile.set(file.file, file);
    this.knownFiles = new Set(this.byFile.keys());
    for (const file of files) {
      for (const instance of file.analysis.model.instances) this.fileOf.set(instance, file.file);
    }
    for (const file of files) this.collectEdges(file);
    this.chains = new ChainComputer({
      edgesInto: (instance) => this.edgesInto.get(key(this.fileOf.get(instance)!, instance)) ?? [],
      entriesOf: (instance) => this.entriesOf(this.fileOf.get(instance)!, instance),
      isRoot: (instance) => instance.kind === 'app' && instance.origin === 'created',
      maxContexts: MAX_CONTEXTS,
    });
  }

  /** Every route, in a stable order: by full path, then method, then file and line. */
  routes(): ProjectRoute[] {
    const routes: ProjectRoute[] = [];
    for (const { file, analysis } of this.byFile.values()) {
      for (const instance of analysis.model.instances) {
        for (const route of instance.routes) routes.push(...distinctRows(this.rowsOf(file, instance, route)));
      }
    }
    return routes.sort(compareRoutes);
  }

  /** The edges that lead into an instance (mounts, handed-over apps). */
  edgesOf(file: string, instance: Instance): readonly Edge[] {
    return this.edgesInto.get(key(file, instance)) ?? [];
  }

  /** The parameters of project modules that receive `instance` (`require('./security')(app)`). */
  receiversOf(file: string, instance: Instance): { file: string; instance: Instance }[] {
    return (this.receiverEdges.get(key(file, instance)) ?? []).map(({ file: receiverFile, instance: receiver }) => ({ file: receiverFile, instance: receiver }));
  }

  private rowsOf(file: string, instance: Instance, route: Route): ProjectRoute[] {
    const contexts: ChainContext<ChainLink, Edge>[] = this.chains.chainBefore(instance, route.node, route.path);
    const own = route.ownMiddleware.map((middleware) => ({ middleware, file }));
    const handlerValidation = this.handlerValidation(file, route);
    return contexts.map((context) => ({
      method: route.method,
      path: context.prefix !== null && route.path !== null ? joinPaths(context.prefix, route.path) : null,
      localPath: route.path,
      file,
      line: route.node.loc.start.line,
      column: route.node.loc.start.column + 1,
      mounted: context.mounted,
      crossFile: context.edges.some((edge) => edge.crossFile),
      via: context.edges.map((edge) => `${edge.parentFile}:${edge.node.loc.start.line}`),
      chain: [...context.chain, ...own],
      route,
      handlerValidation,
    }));
  }

  private handlerValidation(file: string, route: Route): TSESTree.CallExpression | null {
    const fn = route.handler?.fn;
    const index = this.byFile.get(file)?.analysis.index;
    if (!fn || !index) return null;
    const [start, end] = fn.range;
    // The index holds calls in source order: the handler's calls are one run of it, found by bisection,
    // so a file of n routes costs n searches, not n scans of all its calls.
    const calls = index.calls;
    for (let i = countStartingBefore(calls, start, (call) => call.range[0]); i < calls.length && calls[i]!.range[0] < end; i++) {
      const call = calls[i]!;
      if (call.type === 'CallExpression' && call.range[1] <= end && isValidationCall(call, index)) return call;
    }
    return null;
  }

  // ---- edges -------------------------------------------------------------------------------

  private collectEdges({ file, analysis }: ProjectFile): void {
    for (const instance of analysis.model.instances) {
      for (const mount of instance.mounts) {
        const dynamic = dynamicPathOf(mount.use);
        this.addEdge(file, instance, {
          parentFile: file,
          parent: mount.parent,
          node: mount.use.node,
          path: mount.use.path,
          pathKnown: mount.use.pathKnown && !dynamic,
          before: mount.before.filter((middleware) => middleware.node !== dynamic).map((middleware) => ({ middleware, file })),
          crossFile: false,
        });
      }
      for (const use of instance.uses) this.collectCrossFileMounts(file, instance, use, analysis);
      for (const escape of instance.escapes) {
        if (escape.type !== 'call') continue;
        // `require('./routes/' + file)(app)` in a loop over a folder: every module of the folder gets the app.
        const targets =
          escape.calleeModule !== null
            ? [this.targetFile(file, escape.calleeModule)]
            : escape.node.type === 'CallExpression'
              ? this.autoloadedFiles(file, escape.node.callee, analysis)
              : [];
        for (const target of targets) {
          if (target) this.bindReceivers(file, instance, escape, target);
        }
      }
    }
  }

  /** The parameters of `target` that receive `instance` when the escape hands it over. */
  private bindReceivers(file: string, instance: Instance, escape: Escape, target: ProjectFile): void {
    const parameters = target.analysis.model.instances.filter((receiver) => receiver.origin === 'parameter');
    // `server.applyGraphQL(app)`: the parameter of the function of that name, when there is one.
    const named = parameters.filter((receiver) => escape.calleeName !== null && functionNameOf(receiver.node) === escape.calleeName);
    for (const receiver of named.length > 0 ? named : parameters) {
      const edge: Edge = { parentFile: file, parent: instance, node: escape.node, path: null, pathKnown: true, before: [], crossFile: true };
      this.addEdge(target.file, receiver, edge);
      const parentKey = key(file, instance);
      this.receiverEdges.set(parentKey, [...(this.receiverEdges.get(parentKey) ?? []), { edge, file: target.file, instance: receiver }]);
    }
  }

  /** `app.use('/api', auth, require('./routes/api'))`, or the router imported under a name. */
  private collectCrossFileMounts(file: string, parent: Instance, use: Use, analysis: FileAnalysis): void {
    const before: ChainLink[] = [];
    const dynamic = dynamicPathOf(use);
    for (const middleware of use.middleware) {
      if (middleware.node === dynamic) continue;
      const children = this.exportedInstances(file, middleware.node, analysis);
      if (children.length === 0) {
        before.push({ middleware, file });
        continue;
      }
      this.mountNodes.add(middleware.node);
      for (const child of children) {
        this.addEdge(child.file, child.instance, {
          parentFile: file,
          parent,
          node: use.node,
          path: use.path,
          pathKnown: use.pathKnown && !dynamic,
          before: [...before],
          crossFile: true,
        });
      }
    }
  }

  private addEdge(childFile: string, child: Instance, edge: Edge): void {
    const childKey = key(childFile, child);
    const edges = this.edgesInto.get(childKey) ?? [];
    edges.push(edge);
    this.edgesInto.set(childKey, edges);
  }

  private targetFile(file: string, specifier: string): ProjectFile | null {
    if (!isRelativeSpecifier(specifier)) return null;
    const resolved = resolveRelativeModule(file, specifier, this.knownFiles);
    return resolved ? this.byFile.get(resolved) ?? null : null;
  }

  /**
   * The project files a `require` with a computed name loads from one folder: `require('./routes/' + file)`,
   * `` require(`${__dirname}/controllers/${name}`) ``, `require(path.join(__dirname, 'routes', file))`,
   * also through a `const` that holds it. Every code file of that folder but `file` itself.
   */
  private autoloadedFiles(file: string, node: Node, analysis: FileAnalysis): ProjectFile[] {
    let inner = unwrap(node);
    if (inner.type === 'Identifier') {
      const init = initOf(analysis.index.variableOf(inner));
      if (!init) return [];
      inner = unwrap(init);
    }
    if (inner.type !== 'CallExpression' || !analysis.index.isGlobal(inner.callee, 'require') || inner.arguments.length !== 1) return [];
    if (literalString(inner.arguments[0]) !== null) return [];
    const prefix = staticPrefix(inner.arguments[0]!, file, analysis, 0);
    if (prefix === null || !prefix.includes('/')) return [];
    const folderText = prefix.slice(0, prefix.lastIndexOf('/'));
    if (folderText === '') return [];
    const folder = path.isAbsolute(folderText) ? path.normalize(folderText) : isRelativeSpecifier(folderText) ? path.resolve(path.dirname(file), folderText) : null;
    if (folder === null) return [];
    const files: ProjectFile[] = [];
    for (const candidate of this.byFile.values()) {
      if (candidate.file !== file && path.dirname(candidate.file) === folder) files.push(candidate);
    }
    return files.length <= MAX_AUTOLOADED ? files : [];
  }

  /** The app or router a project module exports, when `node` evaluates to it. */
  private exportedInstances(file: string, node: Node, analysis: FileAnalysis): { file: string; instance: Instance }[] {
    const origin = analysis.index.originOf(node);
    if (!origin) return this.autoloadedFiles(file, node, analysis).flatMap((target) => this.exportedBy(target, null));
    const target = this.targetFile(file, origin.module);
    if (!target || target.file === file) return [];
    return this.exportedBy(target, origin.path.length === 1 ? origin.path[0]! : null);
  }

  /** The instance a module exports (the one named `name` when there are several). */
  private exportedBy(target: ProjectFile, name: string | null): { file: string; instance: Instance }[] {
    const instances = target.analysis.model.instances;
    const exported = instances.filter(
      // A factory's app (`const app = createExpressApp(); … return app`) is exported as well as one made by express().
      (instance) => instance.origin !== 'parameter' && instance.escapes.some((escape) => escape.type === 'export'),
    );
    const named = name !== null ? exported.filter((instance) => bindingName(instance) === name) : [];
    let chosen = named.length > 0 ? named : exported;
    if (chosen.length === 0) {
      // `export const router = Router()`: a router the module creates and never mounts itself.
      chosen = instances.filter((instance) => instance.kind === 'router' && instance.origin === 'created' && instance.mounts.length === 0);
      if (chosen.length > 1) chosen = [];
    }
    return chosen.slice(0, 1).map((instance) => ({ file: target.file, instance }));
  }

  // ---- chains ------------------------------------------------------------------------------

  /**
   * The registrations on `instance` that add middleware, by position: its own `use` calls and
   * the `use`s of the modules it is handed to (`require('./security')(app)`), at the call.
   */
  private entriesOf(file: string, instance: Instance): ChainEntry<ChainLink>[] {
    const entries: ChainEntry<ChainLink>[] = instance.uses.map((use) => ({ position: use.node.range[0], use, links: this.linksOf(use, file) }));
    for (const { edge, file: receiverFile, instance: receiver } of this.receiverEdges.get(key(file, instance)) ?? []) {
      for (const use of receiver.uses) entries.push({ position: edge.node.range[0], use, links: this.linksOf(use, receiverFile) });
    }
    // Stable: at one position, the instance's own `use`s, then each receiver's in order.
    return entries.sort((a, b) => a.position - b.position);
  }

  private linksOf(use: Use, file: string): ChainLink[] {
    return use.middleware.filter((middleware) => !this.mountNodes.has(middleware.node)).map((middleware) => ({ middleware, file }));
  }
}

/** A folder loaded module by module with more files than this is not taken as one of routes. */
const MAX_AUTOLOADED = 200;

/**
 * The start of a module name computed at run time, up to its first part not known here:
 * `'./routes/' + file` -> `./routes/`, `` `${__dirname}/api/${f}` `` -> `<dir>/api/`,
 * `path.join(__dirname, 'routes', file)` -> `<dir>/routes/`.
 */
function staticPrefix(node: Node, file: string, analysis: FileAnalysis, depth: number): string | null {
  if (depth > 6) return null;
  const inner = unwrap(node);
  const literal = literalString(inner);
  if (literal !== null) return literal;
  if (analysis.index.isGlobal(inner, '__dirname')) return path.dirname(file);
  switch (inner.type) {
    case 'BinaryExpression': {
      if (inner.operator !== '+') return null;
      const left = staticPrefix(inner.left as Node, file, analysis, depth + 1);
      if (left === null) return null;
      return left + (staticPrefix(inner.right, file, analysis, depth + 1) ?? '\0');
    }
    case 'TemplateLiteral': {
      let text = inner.quasis[0]!.value.cooked ?? '';
      for (let i = 0; i < inner.expressions.length; i++) {
        const part = staticPrefix(inner.expressions[i]!, file, analysis, depth + 1);
        if (part === null) return `${text}\0`;
        text += part + (inner.quasis[i + 1]!.value.cooked ?? '');
      }
      return text;
    }
    case 'CallExpression': {
      const callee = unwrap(inner.callee);
      const method = callee.type === 'MemberExpression' ? propertyName(callee) : null;
      if ((method !== 'join' && method !== 'resolve') || analysis.index.originOf(callee)?.module !== 'path') return null;
      const parts: string[] = [];
      for (const argument of inner.arguments) {
        const part = staticPrefix(argument, file, analysis, depth + 1);
        if (part === null || part.includes('\0')) return parts.length === 0 ? null : `${path.join(...parts)}/\0`;
        parts.push(part);
      }
      return path.join(...parts);
    }
    case 'Identifier': {
      const variable = analysis.index.variableOf(inner);
      const init = variable && isConstLike(variable) ? initOf(variable) : null;
      return init ? staticPrefix(init, file, analysis, depth + 1) : null;
    }
    default:
      return null;
  }
}

/** Names that hold a mount path rather than a middleware: `app.use(options.mountPath, api)`. */
const PATH_NAME = /(?:path|prefix|route|url|mount|base)$/i;

/** The first argument of a `use` when it is a path held in a variable, which the model reads as a middleware. */
function dynamicPathOf(use: Use): Node | null {
  if (use.path !== null || use.node.arguments.length < 2) return null;
  const first = unwrap(use.node.arguments[0]!);
  const name = first.type === 'Identifier' ? first.name : first.type === 'MemberExpression' ? propertyName(first) : null;
  if (first.type === 'TemplateLiteral' || (name !== null && PATH_NAME.test(name))) {
    return use.middleware.find((middleware) => middleware.node === first)?.node ?? first;
  }
  return null;
}

/** The name of the function a parameter belongs to: declaration, method, property or `const` binding. */
function functionNameOf(parameter: Node): string | null {
  let fn: Node | undefined = parameter.parent;
  while (fn && fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') fn = fn.parent;
  if (!fn) return null;
  if (fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') {
    if (fn.id) return fn.id.name;
  }
  const holder = fn.parent;
  if (holder?.type === 'MethodDefinition' || holder?.type === 'Property' || holder?.type === 'PropertyDefinition') return propertyName(holder);
  if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') return holder.id.name;
  // `exports.register = ({ app }) => {…}`
  if (holder?.type === 'AssignmentExpression' && holder.right === fn && holder.left.type === 'MemberExpression') return propertyName(holder.left);
  return null;
}

function bindingName(instance: Instance): string | null {
  const parent = instance.node.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return null;
}

/** Two ways to reach a route that give the same path and the same defenses are one row. */
function distinctRows(rows: ProjectRoute[]): ProjectRoute[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const kinds = row.chain.map((link) => [...link.middleware.kinds].sort().join('+')).join(',');
    const signature = `${row.path}|${row.mounted}|${kinds}|${row.chain.map((link) => link.middleware.node.range[0]).join(',')}`;
    if (seen.has(signature)) return false;
    seen.add(signature);
    return true;
  });
}

const METHOD_ORDER = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'all'];

function compareRoutes(a: ProjectRoute, b: ProjectRoute): number {
  const pathA = a.path ?? `\uffff${a.localPath ?? ''}`;
  const pathB = b.path ?? `\uffff${b.localPath ?? ''}`;
  if (pathA !== pathB) return pathA < pathB ? -1 : 1;
  const method = METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method);
  if (method !== 0) return method;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line;
}

/** A middleware as a reader knows it: `helmet()`, `rateLimit(…)`, `body(…).isEmail()`, `auth.requireRole(…)`. */
export function middlewareLabel(node: TSESTree.Node, depth = 0): string {
  const inner = unwrap(node);
  if (depth > 6) return '…';
  switch (inner.type) {
    case 'Identifier':
      return inner.name;
    case 'ThisExpression':
      return 'this';
    case 'MemberExpression': {
      const name = propertyName(inner);
      const object = middlewareLabel(inner.object, depth + 1);
      return inner.computed ? `${object}[${name === null ? '…' : JSON.stringify(name)}]` : `${object}.${name}`;
    }
    case 'CallExpression':
    case 'NewExpression': {
      const prefix = inner.type === 'NewExpression' ? 'new ' : '';
      return `${prefix}${middlewareLabel(inner.callee, depth + 1)}(${inner.arguments.length === 0 ? '' : '…'})`;
    }
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return inner.type === 'FunctionExpression' && inner.id ? `function ${inner.id.name}` : '(inline function)';
    default:
      return '(expression)';
  }
}

/** For each defense, the middleware of the chain that provides it (empty when missing). */
export function defensesOf(chain: readonly ChainLink[]): Record<DefenseKind, ChainLink[]> {
  const defenses = {} as Record<DefenseKind, ChainLink[]>;
  for (const kind of DEFENSE_KINDS) defenses[kind] = chain.filter((link) => link.middleware.kinds.has(kind));
  return defenses;
}
