import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node, Variable } from '../engine/ast';
import { isFunctionLike, propertyName, returnedExpressions, unwrap, walk } from '../engine/ast';
import { nodeMemo } from '../engine/store';
import type { FileIndex } from '../engine/file-index';
import type { Handler, Middleware } from '../express/model';
import type { RequestRead, RequestSource, Taint } from '../request/request-data';
import { fieldAssignmentOf, getRequestData } from '../request/request-data';
import { resolveProjectFunction } from '../cross-file/exports';
import type { GuardSettings } from '../outbound/outbound';
import { urlControl } from '../outbound/outbound';
import type { SensitiveUse, UseSite } from './uses';
import { useSitesIn } from './uses';

/** Request data that reaches a use needing validation with nothing checking it on the way. */
export interface UnvalidatedUse {
  /** The first read of the value, where the finding goes. */
  read: RequestRead;
  /** The value as the user wrote it: `req.body.email`. */
  value: string;
  use: SensitiveUse;
  via: string | null;
}

/** Sources whose fields middleware may set: `req.body.UserId = token.id`. */
const WRITABLE_SOURCES = new Set(['body', 'query', 'params']);
const MAX_LEAF_DEPTH = 4;

/**
 * The parts of a value that are judged one by one: the fields of an object literal and the
 * elements of an array literal (`{ username, password }`: a checked username does not vouch
 * for the password), down to what is not a literal.
 */
function leavesOf(value: Node, index: FileIndex, depth = 0): Node[] {
  const inner = unwrap(value);
  if (depth >= MAX_LEAF_DEPTH) return [inner];
  if (inner.type === AST_NODE_TYPES.ObjectExpression) {
    return inner.properties.flatMap((property) => leavesOf(property.type === AST_NODE_TYPES.Property ? property.value : property.argument, index, depth + 1));
  }
  if (inner.type === AST_NODE_TYPES.ArrayExpression) {
    return inner.elements.flatMap((element) => (element ? leavesOf(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element, index, depth + 1) : []));
  }
  const literals = inner.type === AST_NODE_TYPES.Identifier ? objectLiteralsOf(inner, index) : null;
  return literals ? literals.flatMap((literal) => leavesOf(literal, index, depth + 1)) : [inner];
}

/** The object literals a variable is only ever given (`let cart = null; … cart = { mail: … }`), or null. */
function objectLiterals(variable: Variable): TSESTree.ObjectExpression[] | null {
  const literals: TSESTree.ObjectExpression[] = [];
  for (const reference of variable.references) {
    if (!reference.isWrite()) continue;
    const written = reference.writeExpr ? unwrap(reference.writeExpr) : null;
    if (written?.type === AST_NODE_TYPES.ObjectExpression) literals.push(written);
    else if (!(written?.type === AST_NODE_TYPES.Literal && written.value === null)) return null;
  }
  return literals.length > 0 ? literals : null;
}

function objectLiteralsOf(identifier: TSESTree.Identifier, index: FileIndex): TSESTree.ObjectExpression[] | null {
  const variable = index.variableOf(identifier);
  // Fields written one by one (`cart.mail = …`) are not in the literal: the whole value is judged then.
  if (!variable || variable.references.some((reference) => fieldAssignmentOf(reference.identifier) !== null)) return null;
  return objectLiterals(variable);
}

/** For a log line or raw HTML: text built from the value, or one field of it, not a whole parsed source. */
function carriesText(leaf: Node, taint: Taint): boolean {
  if (leaf.type === AST_NODE_TYPES.TemplateLiteral || leaf.type === AST_NODE_TYPES.BinaryExpression) return true;
  return !/^req\.(?:body|query|params|cookies|headers|signedCookies)$/.test(taint.description);
}

/** `res.redirect(req.get('Referrer') || '/')`: back to the page the user came from is no open redirect. */
function isReferrer(taint: Taint): boolean {
  return taint.sources.size === 1 && taint.sources.has('headers') && /refer+er/i.test(taint.description);
}

/** The function a chain member runs: one defined in the project, or what a project factory returns. */
function middlewareFunctions(middleware: Pick<Middleware, 'node' | 'fn'>, index: FileIndex): { fn: FunctionLike; index: FileIndex }[] {
  const node = unwrap(middleware.node);
  if (node.type !== AST_NODE_TYPES.CallExpression) {
    const defined = middleware.fn ? { fn: middleware.fn, index } : resolveProjectFunction(node, index);
    return defined ? [defined] : [];
  }
  const factory = resolveProjectFunction(node.callee, index);
  if (!factory) return [];
  return returnedExpressions(factory.fn, factory.index.sourceCode.visitorKeys)
    .map((returned) => unwrap(returned))
    .filter(isFunctionLike)
    .map((fn) => ({ fn, index: factory.index }));
}

/** The request field an assignment sets to a server value (`req.body.UserId = req.user.id`), or null. */
function requestFieldSet(node: Node | null, name: string, index: FileIndex): string | null {
  if (node?.type !== AST_NODE_TYPES.AssignmentExpression || node.left.type !== AST_NODE_TYPES.MemberExpression) return null;
  const path = requestPath(node.left, name);
  return path && !readsClientData(node.right, name, index) ? path : null;
}

/** `req.body.UserId = …` in a middleware: the field the handler reads is the server's, not the client's. */
function fieldsSetBy(fn: FunctionLike, index: FileIndex): string[] {
  const request = fn.params[0];
  if (request?.type !== AST_NODE_TYPES.Identifier) return [];
  const fields: string[] = [];
  walk(fn.body, index.sourceCode.visitorKeys, (node) => {
    const path = requestFieldSet(node, request.name, index);
    if (path) fields.push(path);
  });
  return fields;
}

/**
 * The same, in the handler itself: only assignments every run makes (statements of the body
 * itself), since `if (!req.body.id) req.body.id = 0` leaves the client's value in place.
 */
function fieldsSetUpFront(fn: FunctionLike, index: FileIndex): string[] {
  const request = fn.params[0];
  if (request?.type !== AST_NODE_TYPES.Identifier || fn.body.type !== AST_NODE_TYPES.BlockStatement) return [];
  const fields: string[] = [];
  for (const statement of fn.body.body) {
    const path = requestFieldSet(statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : null, request.name, index);
    if (path) fields.push(path);
  }
  return fields;
}

const CLIENT_FIELDS = new Set(['body', 'query', 'params', 'headers', 'cookies', 'signedCookies', 'get', 'header']);

/** Whether an expression reads what the client sent (`req.body.name.trim()`), not what the server set (`req.user.id`). */
function readsClientData(root: Node, name: string, index: FileIndex): boolean {
  let found = false;
  walk(root, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const object = unwrap(node.object);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === name && CLIENT_FIELDS.has(propertyName(node) ?? '')) found = true;
    return undefined;
  });
  return found;
}

/** `req.body.UserId` for a member chain on the request variable named `name`, as `req.body.UserId`. */
function requestPath(member: TSESTree.MemberExpression, name: string): string | null {
  const keys: string[] = [];
  let current: Node = member;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const key = propertyName(current);
    if (key === null) return null;
    keys.unshift(key);
    current = unwrap(current.object);
  }
  if (current.type !== AST_NODE_TYPES.Identifier || current.name !== name || keys.length < 2 || !WRITABLE_SOURCES.has(keys[0]!)) return null;
  return ['req', ...keys].join('.');
}

/**
 * The request fields one middleware sets, per middleware node: routes share their app-level
 * middleware, so each is resolved and read once per file, not once per route.
 */
const fieldsSetByMiddleware = nodeMemo('fields set by middleware', (node: Node, index: FileIndex, fn: FunctionLike | null): readonly string[] =>
  middlewareFunctions({ node, fn }, index).flatMap(({ fn, index: fnIndex }) => fieldsSetBy(fn, fnIndex)),
);

/** Fields of the request that the middleware of a chain set before the handler runs. */
export function fieldsSetByChain(chain: readonly Middleware[], index: FileIndex): Set<string> {
  return new Set(chain.flatMap((middleware) => fieldsSetByMiddleware(middleware.node, index, middleware.fn)));
}

function isOverwritten(description: string, fields: ReadonlySet<string>): boolean {
  for (const field of fields) if (description === field || description.startsWith(`${field}.`)) return true;
  return false;
}

/** What the rule asks about: the sources it checks, and whether data handed to a template counts. */
export interface UseOptions {
  sources: ReadonlySet<RequestSource>;
  templateData: boolean;
  /** Request fields the middleware of every route of the handler sets. */
  setByChain?: ReadonlySet<string>;
}

interface Judgement extends UseOptions {
  data: ReturnType<typeof getRequestData>;
  index: FileIndex;
  overwritten: ReadonlySet<string>;
}

/**
 * Where a handler hands request data of the given sources to a use that needs it validated
 * (a query, a write, a path, a redirect, a command, code, a store, a log line) with no
 * validation, coercion or guard of that value on the way; in the order of the reads.
 * Values that are only compared, verified or branched on never reach such a use.
 */
export function unvalidatedUses(handler: Handler, index: FileIndex, settings: GuardSettings, options: UseOptions): UnvalidatedUse[] {
  const setHere = fieldsSetUpFront(handler.fn, index);
  const judgement: Judgement = {
    ...options,
    data: getRequestData(handler, index),
    index,
    overwritten: new Set([...(options.setByChain ?? []), ...setHere]),
  };
  const found: UnvalidatedUse[] = [];
  const sites = useSitesIn({ index, settings, fn: handler.fn, isResponseVariable: (variable) => variable === handler.res });
  for (const useSite of sites) {
    for (const leaf of useSite.values.flatMap((value) => leavesOf(value, index))) {
      const judged = judgeLeaf(leaf, useSite, judgement);
      if (judged) found.push({ read: judged.origin, value: judged.description, use: useSite.use, via: useSite.via });
    }
  }
  return found.sort((a, b) => a.read.node.range[0] - b.read.node.range[0]);
}

/**
 * A path parameter handed to a query as a value (`findById(req.params.id)`, a SQL parameter):
 * the router gives it as a string, so it cannot carry query operators, and a parameterised
 * lookup by it is safe; whether the requester may see the record is the authorization rule's
 * question. Built into SQL text (`'… WHERE id = ' + req.params.id`) it is a finding.
 */
function isPathKey(leaf: Node, taint: Taint, useSite: UseSite): boolean {
  if (taint.sources.size !== 1 || !taint.sources.has('params')) return false;
  if (useSite.use.kind !== 'database' && useSite.use.kind !== 'sql') return false;
  if (leaf.type === AST_NODE_TYPES.TemplateLiteral || leaf.type === AST_NODE_TYPES.BinaryExpression) return false;
  return useSite.use.kind === 'database' || !isInFirstArgument(leaf, useSite);
}

/** Whether a value is (part of) the first argument of the use: a raw query's SQL text, the view `res.render` draws. */
function isInFirstArgument(leaf: Node, useSite: UseSite): boolean {
  const call = useSite.use.node;
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const statement = call.arguments[0];
  return statement !== undefined && statement.range[0] <= leaf.range[0] && leaf.range[1] <= statement.range[1];
}

function judgeLeaf(leaf: Node, useSite: UseSite, { data, index, sources, overwritten, templateData }: Judgement): Taint | null {
  const taint = data.taintOf(leaf);
  if (!taint || taint.validated || !sources.has(taint.origin.source)) return null;
  if (useSite.textOnly && !carriesText(leaf, taint)) return null;
  if (useSite.use.kind === 'redirect' && isReferrer(taint)) return null;
  // A redirect or request whose fixed beginning decides where it goes (`'/user/' + id`) sends nobody elsewhere.
  if ((useSite.use.kind === 'redirect' || useSite.use.kind === 'request') && urlControl({ node: leaf, kind: 'url' }, (node) => data.taintOf(node), index, false) === null) return null;
  if (isPathKey(leaf, taint, useSite)) return null;
  // Whether a template prints its data escaped is in the template, which the analysis cannot see.
  if (useSite.use.kind === 'render' && !templateData && !isInFirstArgument(leaf, useSite)) return null;
  if (isOverwritten(taint.description, overwritten)) return null;
  const checked = [...taint.sources].every((source) => !sources.has(source) || data.isCheckedValue(leaf, source));
  if (checked || data.isValidatedRead(taint.origin)) return null;
  return taint;
}
