import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { propertyName, unwrap } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { getFileIndex } from '../engine/file-index';
import type { ExpressSecuritySettings } from '../engine/settings';
import { settingsOf } from '../engine/settings';
import { pluginStats } from '../engine/stats';
import { fileSlot, storeOf } from '../engine/store';
import { buildExpressModel, RECEIVER_NAME } from './build';
import { projectChainsOf } from './project-chains';
import { hasHandlerShapedFunction } from './functions';
import type { ExpressModel } from './model';
import { ROUTE_METHODS } from './model';

export * from './model';
export { classifyMiddleware, DEFENSE_MODULES, middlewareNames } from './classify';
export { resolveFunction, handlerOf, looksLikeHandler } from './functions';
export { joinPaths, pathCovers, useCovers } from './chains';
export type { ChainLink, FileProjectChains, ProjectRouteChain } from './project-chains';
export { registerProjectChains } from './project-chains';
export type { Coverage, CoverageTarget } from './coverage';
export { coverage, providerIn } from './coverage';
export type { ChainParts } from './chains';
export { chainParts, judgedPerChain } from './chains';

/** What every rule reads for a file: the Express model, the file index under it, the settings. */
export interface FileAnalysis {
  model: ExpressModel;
  index: FileIndex;
  settings: ExpressSecuritySettings;
  /** False when the cheap first check found nothing Express in the file: the model is empty, not built. */
  modelBuilt: boolean;
}

const analysisSlot = fileSlot<FileAnalysis>('file analysis');

const ROUTER_METHODS = new Set<string>([...ROUTE_METHODS, 'use', 'route']);
/** Most method names are longer than every router method: they are turned away without a lookup. */
const LONGEST_ROUTER_METHOD = Math.max(...[...ROUTER_METHODS].map((method) => method.length));

/**
 * The cheap first check, before any model work: whether the file can hold anything the Express
 * model finds. The model finds (1) apps and routers created from `express`, which needs the file
 * to import it; (2) apps and routers received as a parameter or an import and used with a route
 * method, `use` or `route`, which needs such a call on a plain identifier (on a property, only
 * typed linting finds one) that either is `use`/`route`, has a path and a handler (two arguments
 * or more), is made on a name like `app` or `router`, or whose binding may be annotated with
 * express's types; `cache.get(key)` and `Promise.all(list)` are none of these; (3) functions
 * shaped like handlers, routed or not. A file with none of the three (most files of a project:
 * services, database code, utilities) has an empty model, so it gets one without building it.
 * With type information the checker decides what is an app or a handler, whatever the syntax
 * says, so such a file is always analysed.
 */
export function mayHoldExpress(index: FileIndex): boolean {
  if (index.mayImport(['express'])) return true;
  const services = index.sourceCode.parserServices;
  if (services?.program && services.esTreeNodeToTSNodeMap) return true;
  const calls = index.calls;
  // A one-argument route method on another name (`cache.get(key)`): a received app only if its binding is annotated as one.
  let otherReceiver = false;
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    if (call.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee : unwrap(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    // `x.name(...)`, the usual shape, without propertyName's other cases.
    const property = callee.property;
    const name = !callee.computed && property.type === AST_NODE_TYPES.Identifier ? property.name : propertyName(callee);
    if (name === null || name.length > LONGEST_ROUTER_METHOD || !ROUTER_METHODS.has(name)) continue;
    const receiver = unwrap(callee.object);
    if (receiver.type !== AST_NODE_TYPES.Identifier) continue;
    if (name === 'use' || name === 'route' || call.arguments.length >= 2 || RECEIVER_NAME.test(receiver.name)) return true;
    otherReceiver = true;
  }
  if (hasHandlerShapedFunction(index)) return true;
  return otherReceiver && mayAnnotateTypes(index.sourceCode) && mayNameExpressType(index.sourceCode.text);
}

/**
 * Whether the parser's trees can hold a TypeScript type annotation, the only annotation the model
 * reads: espree's visitor keys have no type nodes, so a plain JavaScript file needs no scan of its
 * whole text (a visible cost on a large compiled file).
 */
function mayAnnotateTypes(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const keys = sourceCode.visitorKeys as Readonly<Record<string, unknown>> | undefined;
  return keys === undefined || AST_NODE_TYPES.TSTypeReference in keys;
}

/** Whether a file's text holds a word that every type name of an express app or router holds (`Router`, `core.Express`, `Application`). */
function mayNameExpressType(text: string): boolean {
  return text.includes('Router') || text.includes('Express') || text.includes('Application');
}

/** The model of a file that holds no app, router or handler: what building it would give. */
function emptyModel(): ExpressModel {
  return { instances: [], routes: [], unroutedHandlers: [], importsExpress: false };
}

/** The file's analysis, built on first use and shared by every rule that lints the file. */
export function getFileAnalysis(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileAnalysis {
  const sourceCode = context.sourceCode;
  const store = storeOf(sourceCode);
  const cached = store.get(analysisSlot);
  if (cached) return cached;
  const settings = settingsOf(context.settings);
  let analysis: FileAnalysis;
  const index = getFileIndex(sourceCode);
  if (mayHoldExpress(index)) {
    pluginStats.files.analysed++;
    analysis = { ...buildExpressModel({ sourceCode, settings, projectChains: projectChainsOf(sourceCode.ast) }), settings, modelBuilt: true };
  } else {
    pluginStats.files.skipped++;
    analysis = { model: emptyModel(), index, settings, modelBuilt: false };
  }
  return store.set(analysisSlot, analysis);
}
