import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node, Variable } from '../engine/ast';
import { calleeName, contains, enclosingFunction, isFunctionLike, literalString, propertyName, unwrap, walk } from '../engine/ast';
import { alwaysExits, dominates } from '../engine/control-flow';
import { resolveFunction, runtimeParams } from '../engine/functions';
import type { FileIndex, ModuleOrigin } from '../engine/file-index';
import { initOf, isConstLike } from '../engine/file-index';
import { objectOf } from '../engine/objects';
import {
  BODY_METHODS,
  BODY_SECOND_MODULES,
  CLIENT_MODULES,
  FETCH_LIKE_MODULES,
  FILTERING_AGENT_MODULES,
  HOST_PROPERTIES,
  HTTP_METHODS,
  INSTANCE_FACTORIES,
  NODE_HTTP_MODULES,
  UNDICI_FUNCTIONS,
  URL_PROPERTIES,
} from '../libraries/http';
import { nodeMemo } from '../engine/store';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** What decides where a request goes: a whole URL, or a host name on its own (`{ hostname }`). */
export interface UrlPart {
  node: Node;
  kind: 'url' | 'host';
}

/** An outbound HTTP request the file makes: a library call or a same-file wrapper of one. */
export interface OutboundRequest {
  call: Call;
  /** The library, as users know it: `axios`, `fetch`, `http.get`, or the wrapper's name. */
  library: string;
  /** The expressions that decide the request's destination. */
  url: UrlPart[];
  /** The calls whose arguments configure the request (agents): the call itself, an instance's `create`. */
  configuration: Call[];
  /** For a wrapper: the function that passes its argument on to a library. */
  wrapper: FunctionLike | null;
}

/** Same-file functions named as URL checks: `isAllowedUrl`, `validateWebhookUrl`, `assertSafeUrl`. */
const GUARD_VERB = /allow|valid|safe|trust|permit|white|verif|check|assert|ensure/i;
/** Words that name an allowlist check even when the function lives in another file. */
const STRONG_GUARD_VERB = /allow|safe|trust|permit|white|approved/i;
/** `isPrivateIp(host)`, `isInternalAddress(url)`: a blocklist of private networks. */
const PRIVATE_ADDRESS_CHECK = /(?:private|internal|reserved|loopback|local)(?:ip|address|host|network|url)/i;
const GUARD_SUBJECT = /url|uri|host|origin|domain|target|webhook|endpoint|link|destination|callback|redirect/i;
/** Collections named as lists of allowed destinations. */
const ALLOWLIST_NAME = /allow|white|trust|permit|known|safe|valid|accept|approved|hosts|domains|origins|urls/i;
const HOST_PROPERTY = new Set(['host', 'hostname', 'origin']);
/** Words in an expression that show it is about where a request goes. */
const DESTINATION_WORDS = /host|ur[il]|origin|domain|target|endpoint|link|hook|callback|href|site|server|address|destination/i;
/** A scheme check (`ALLOWED_PROTOCOLS.includes(urlProtocol)`) says nothing about the host. */
const PROTOCOL_TEXT = /protocol|scheme/i;
/** Options of URL checkers that restrict the host: validator's `isURL(u, { host_whitelist })`. */
const HOST_ALLOWLIST_OPTION = /^(?:host_?(?:white|allow)_?list|allowed_?hosts|(?:white|allow)_?list)$/i;
/** Collection methods that test membership. */
const MEMBERSHIP_METHODS = new Set(['includes', 'has', 'indexOf', 'some', 'find', 'get']);

/** A URL prefix whose host is complete: a scheme, `//`, a host, then `/`, `?` or `#`. */
const FIXED_ORIGIN = /^[a-z][a-z\d+.-]*:\/\/[^/?#@]+[/?#]/i;
const PROTOCOL_RELATIVE_ORIGIN = /^\/\/[^/?#@]+[/?#]/;
/** Text that could still grow into a scheme: `http`, `https:`, `h`. */
const PARTIAL_SCHEME = /^[a-z][a-z\d+.-]*:?\/{0,2}$/i;
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:/i;

/** An anchored regular expression that pins the host: `^https:\/\/api\.example\.com\/`. */
const ANCHORED_URL_PATTERN = /^\^(?:https\??|http|\(?https\?\)?)?:\\?\/\\?\/[\w-]+(?:\\\.[\w-]+)+(?:\\?\/|[$(?:[])/;
/** An anchored pattern on a host name: `^(?:[a-z-]+\.)?example\.com$`. */
const ANCHORED_HOST_PATTERN = /^\^.*\\\.[a-z]{2,}\$$/i;

const MAX_DEPTH = 10;

// ---- finding requests --------------------------------------------------------------------------

/** An options object's destination properties; a whole-URL value otherwise. */
export function urlPartsOf(node: Node | undefined, index: FileIndex): UrlPart[] {
  if (!node || node.type === AST_NODE_TYPES.SpreadElement) return [];
  const object = objectOf(node, index);
  if (!object) return [{ node, kind: 'url' }];
  const parts: UrlPart[] = [];
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      parts.push({ node: property.argument, kind: 'host' });
      continue;
    }
    const name = propertyName(property);
    if (name !== null && URL_PROPERTIES.has(name)) parts.push({ node: property.value, kind: 'url' });
    else if (name !== null && HOST_PROPERTIES.has(name)) parts.push({ node: property.value, kind: 'host' });
  }
  return parts;
}

/** A call's first two arguments as URL or options: `axios(url, config)`, `http.get(url, options)`. */
function urlOrOptions(call: Call, index: FileIndex, first = 0): UrlPart[] {
  return [...urlPartsOf(call.arguments[first], index), ...optionsOnly(call.arguments[first + 1], index)];
}

/** A trailing options object counts only for its URL properties (`{ baseURL }`), never as a URL. */
function optionsOnly(node: Node | undefined, index: FileIndex): UrlPart[] {
  if (!node || !objectOf(node, index)) return [];
  return urlPartsOf(node, index);
}

/** The creating call of an instance (`axios.create({...})`), when the callee is one. */
function instanceCreation(callee: Node, index: FileIndex): Call | null {
  let inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.MemberExpression) inner = unwrap(inner.object);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = index.variableOf(inner);
    const init = variable && isConstLike(variable) ? initOf(variable) : null;
    if (!init) return null;
    inner = unwrap(init);
  }
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrap(inner.argument);
  return inner.type === AST_NODE_TYPES.CallExpression ? inner : null;
}

/** The request a library call makes, from the module its callee comes from (when `clientsImported`). */
function libraryRequest(call: Call, index: FileIndex, clientsImported: boolean): OutboundRequest | null {
  const callee = unwrap(call.callee);
  if (index.isGlobal(callee, 'fetch') || (call.type === AST_NODE_TYPES.NewExpression && index.isGlobal(callee, 'Request'))) {
    return { call, library: calleeName(call) ?? 'fetch', url: urlOrOptions(call, index), configuration: [call], wrapper: null };
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression && index.isGlobal(unwrap(callee.object), 'globalThis') && propertyName(callee) === 'fetch') {
    return { call, library: 'fetch', url: urlOrOptions(call, index), configuration: [call], wrapper: null };
  }
  const origin = clientsImported ? index.originOf(callee) : null;
  if (!origin) return null;
  const url = urlForOrigin(call, origin, index);
  if (!url) return null;
  const creation = origin.path.some((key) => INSTANCE_FACTORIES.has(key)) ? instanceCreation(callee, index) : null;
  const configuration = creation ? [call, creation] : [call];
  const creationUrl = creation ? optionsOnly(creation.arguments[0], index) : [];
  return { call, library: libraryName(origin), url: [...url, ...creationUrl], configuration, wrapper: null };
}

function libraryName(origin: ModuleOrigin): string {
  const module = origin.module.replace(/^node:/, '');
  if (NODE_HTTP_MODULES.has(origin.module)) return `${module}.${origin.path[0] ?? 'request'}`;
  return module;
}

/** Where the URL is for a call of a known module's export, or null when the call sends nothing. */
function urlForOrigin(call: Call, origin: ModuleOrigin, index: FileIndex): UrlPart[] | null {
  const { module } = origin;
  // An instance's methods: `axios.create().get`, `got.extend().post`.
  const path = origin.path.filter((key) => !INSTANCE_FACTORIES.has(key));
  const fromInstance = path.length < origin.path.length;
  if (fromInstance && !origin.called) return null;
  if (!fromInstance && origin.called) return null;
  const method = path[0];
  if (path.length > 1) return null;
  if (NODE_HTTP_MODULES.has(module)) {
    if (method !== 'get' && method !== 'request') return null;
    return urlOrOptions(call, index);
  }
  if (module === 'undici') {
    if (method === undefined || !UNDICI_FUNCTIONS.has(method) || method === 'Agent') return null;
    return urlOrOptions(call, index);
  }
  if (!FETCH_LIKE_MODULES.has(module)) return null;
  if (method === undefined) {
    // `superagent('GET', url)`, `needle('get', url)`: a method name comes first.
    if ((module === 'superagent' || module === 'needle') && literalString(call.arguments[0]) !== null) return urlOrOptions(call, index, 1);
    return urlOrOptions(call, index);
  }
  if (!HTTP_METHODS.has(method)) return null;
  if (method === 'request' && module === 'needle') return urlOrOptions(call, index, 1);
  // `axios.post(url, data, config)`: the second argument is the body, never the destination.
  if (BODY_METHODS.has(method) && BODY_SECOND_MODULES.has(module)) return [...urlPartsOf(call.arguments[0], index), ...optionsOnly(call.arguments[2], index)];
  return urlOrOptions(call, index);
}

/** Whether `call` passes the function parameter at `position` on as a URL (and no guard stands before). */
function wrapperParameter(request: OutboundRequest, index: FileIndex, settings: GuardSettings): { fn: FunctionLike; position: number } | null {
  const fn = enclosingFunction(request.call);
  if (!fn || !fn.body) return null;
  const params = runtimeParams(fn);
  for (const part of request.url) {
    const position = urlControl(part, (node) => parameterPosition(node, fn, params, index), index, false);
    if (position === null) continue;
    if (isGuarded(request.call, fn, index, settings) || hasFilteringAgent(request, index)) return null;
    return { fn, position };
  }
  return null;
}

function parameterPosition(node: Node, fn: FunctionLike, params: readonly TSESTree.Parameter[], index: FileIndex): number | null {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = index.variableOf(inner);
  const def = variable?.defs[0];
  if (def?.type !== 'Parameter' || def.node !== fn || !isConstLike(variable!)) return null;
  const position = params.findIndex((param) => param === def.name || (param.type === AST_NODE_TYPES.AssignmentPattern && param.left === def.name));
  return position < 0 ? null : position;
}

export interface GuardSettings {
  /** Function names (from settings) that check an outbound URL against an allowlist. */
  urlGuards: ReadonlySet<string>;
}


/**
 * Every outbound request of a file, in source order: calls of known HTTP clients, and calls of
 * same-file functions that pass a parameter on as the URL of one (two levels deep).
 */
export function outboundRequests(index: FileIndex, settings: GuardSettings): OutboundRequest[] {
  return requestsOfFile(index.sourceCode.ast, index, settings);
}

/** Kept per file and settings (the wrappers found depend on the URL guards). */
const requestsOfFile = nodeMemo('outbound requests', (_program: Node, index: FileIndex, settings: GuardSettings): OutboundRequest[] => {
  const requests: OutboundRequest[] = [];
  const clientsImported = index.mayImport(CLIENT_MODULES);
  for (const call of index.calls) {
    const request = libraryRequest(call, index, clientsImported);
    if (request) requests.push(request);
  }
  let frontier = requests;
  for (let level = 0; level < 2 && frontier.length > 0; level++) {
    const wrappers = new Map<FunctionLike, { position: number; library: string }>();
    for (const request of frontier) {
      const wrapper = wrapperParameter(request, index, settings);
      if (wrapper && !wrappers.has(wrapper.fn)) wrappers.set(wrapper.fn, { position: wrapper.position, library: request.library });
    }
    frontier = wrapperCalls(index, wrappers);
    requests.push(...frontier);
  }
  requests.sort((a, b) => a.call.range[0] - b.call.range[0]);
  return requests;
});

function wrapperCalls(index: FileIndex, wrappers: ReadonlyMap<FunctionLike, { position: number; library: string }>): OutboundRequest[] {
  if (wrappers.size === 0) return [];
  const calls: OutboundRequest[] = [];
  for (const call of index.calls) {
    if (call.type !== AST_NODE_TYPES.CallExpression) continue;
    const fn = resolveFunction(call.callee, index);
    const wrapper = fn ? wrappers.get(fn) : undefined;
    if (!fn || !wrapper || contains(fn, call)) continue;
    calls.push({ call, library: calleeName(call) ?? wrapper.library, url: urlPartsOf(call.arguments[wrapper.position], index), configuration: [call], wrapper: fn });
  }
  return calls;
}

// ---- can the client steer the host? -------------------------------------------------------------

/** A piece of a URL built by concatenation or a template: known text, or an expression. */
type Piece = { text: string } | { node: Node };

/** Text and expressions of a string built with `+` and templates, through `const` bindings. */
function pieces(node: Node, index: FileIndex, depth: number): Piece[] {
  const inner = unwrap(node);
  const text = literalString(inner);
  if (text !== null) return [{ text }];
  if (depth > MAX_DEPTH) return [{ node: inner }];
  if (inner.type === AST_NODE_TYPES.TemplateLiteral) {
    const result: Piece[] = [];
    inner.quasis.forEach((quasi, i) => {
      result.push({ text: quasi.value.cooked ?? '' });
      const expression = inner.expressions[i];
      if (expression) result.push(...pieces(expression, index, depth + 1));
    });
    return result;
  }
  if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') {
    return [...pieces(inner.left, index, depth + 1), ...pieces(inner.right, index, depth + 1)];
  }
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = index.variableOf(inner);
    const init = variable && isConstLike(variable) && variable.defs.length === 1 ? initOf(variable) : null;
    if (init && isStringBuilding(init)) return pieces(init, index, depth + 1);
  }
  return [{ node: inner }];
}

function isStringBuilding(node: Node): boolean {
  return node.type === AST_NODE_TYPES.TemplateLiteral || (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') || literalString(node) !== null;
}

/**
 * Whether a fixed beginning of a URL already decides its scheme and host, so that what
 * follows can only change the path: `https://api.example.com/`, `/relative/`.
 * `https://api.example.com` with no `/` is not: `@evil.com` would still change the host.
 */
export function prefixFixesHost(prefix: string): boolean {
  if (prefix.length === 0) return false;
  if (HAS_SCHEME.test(prefix)) return FIXED_ORIGIN.test(prefix);
  if (prefix.startsWith('//')) return PROTOCOL_RELATIVE_ORIGIN.test(prefix);
  if (prefix.startsWith('/') || prefix.startsWith('?') || prefix.startsWith('#') || prefix.startsWith('.')) return true;
  return !PARTIAL_SCHEME.test(prefix);
}

/**
 * The leaf value (taint) of the first expression in `part` that can decide the request's
 * scheme or host, or null when every client-controlled piece sits after a fixed origin.
 * With `anyPosition`, any controlled piece counts (the `checkPath` mode).
 */
export function urlControl<T>(part: UrlPart, leaf: (node: Node) => T | null, index: FileIndex, anyPosition: boolean): T | null {
  if (part.kind === 'host') return wholeControl(part.node, leaf, index, 0);
  return urlExpressionControl(part.node, leaf, index, anyPosition, 0);
}

function urlExpressionControl<T>(node: Node, leaf: (node: Node) => T | null, index: FileIndex, anyPosition: boolean, depth: number): T | null {
  if (depth > MAX_DEPTH) return null;
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return urlExpressionControl(inner.argument, leaf, index, anyPosition, depth + 1);
    case AST_NODE_TYPES.ConditionalExpression:
      return urlExpressionControl(inner.consequent, leaf, index, anyPosition, depth + 1) ?? urlExpressionControl(inner.alternate, leaf, index, anyPosition, depth + 1);
    case AST_NODE_TYPES.LogicalExpression:
      return urlExpressionControl(inner.left, leaf, index, anyPosition, depth + 1) ?? urlExpressionControl(inner.right, leaf, index, anyPosition, depth + 1);
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.CallExpression:
      if (isUrlConstruction(inner, index)) return urlConstructionControl(inner, leaf, index, anyPosition, depth);
      if (isUrlTextCall(inner, index)) return urlExpressionControl((unwrap(inner.callee) as TSESTree.MemberExpression).object, leaf, index, anyPosition, depth + 1);
      return wholeControl(inner, leaf, index, depth);
    case AST_NODE_TYPES.MemberExpression:
      // `new URL(x).href`, `parsed.toString()`: the URL object's text.
      if (URL_TEXT_PROPERTIES.has(propertyName(inner) ?? '') && isUrlObject(inner.object, index)) {
        return urlExpressionControl(inner.object, leaf, index, anyPosition, depth + 1);
      }
      return wholeControl(inner, leaf, index, depth);
    case AST_NODE_TYPES.Identifier: {
      const variable = index.variableOf(inner);
      const init = variable && isConstLike(variable) && variable.defs.length === 1 ? initOf(variable) : null;
      if (init && (isStringBuilding(init) || isUrlConstruction(init, index))) {
        return urlExpressionControl(init, leaf, index, anyPosition, depth + 1);
      }
      const assigned = variable && !isConstLike(variable) ? assignedValues(variable) : null;
      if (assigned) {
        for (const value of assigned) {
          const found = urlExpressionControl(value, leaf, index, anyPosition, depth + 1);
          if (found !== null) return found;
        }
        return null;
      }
      return wholeControl(inner, leaf, index, depth);
    }
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.BinaryExpression:
      return piecesControl(pieces(inner, index, depth), leaf, index, anyPosition, depth);
    default:
      return wholeControl(inner, leaf, index, depth);
  }
}

const URL_TEXT_PROPERTIES = new Set(['href', 'toString', 'origin', 'host', 'hostname']);

/** `url.toString()` of a URL object. */
function isUrlTextCall(call: Call, index: FileIndex): boolean {
  const callee = unwrap(call.callee);
  return call.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'toString' && isUrlObject(callee.object, index);
}

/**
 * The values a `let` URL is given with `=` (its declaration included); `url += '&page=' + n`
 * only appends after the start the other writes fixed. Null when a write is of another kind
 * (destructuring, `for…of`), which the request-data analysis judges as a whole.
 */
function assignedValues(variable: Variable): Node[] | null {
  if (variable.defs.length !== 1 || variable.defs[0]?.type !== 'Variable' || variable.defs[0].node.id.type !== AST_NODE_TYPES.Identifier) return null;
  const values: Node[] = [];
  for (const reference of variable.references) {
    if (!reference.isWrite()) continue;
    const parent = reference.identifier.parent;
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init) values.push(parent.init);
    else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === reference.identifier) {
      if (parent.operator === '=') values.push(parent.right);
      else if (parent.operator !== '+=') return null;
    } else if (parent?.type !== AST_NODE_TYPES.VariableDeclarator) return null;
  }
  return values;
}

/** The value of a controlled expression anywhere in `node`, or null. */
function wholeControl<T>(node: Node, leaf: (node: Node) => T | null, index: FileIndex, depth: number): T | null {
  const direct = leaf(node);
  if (direct !== null || depth > MAX_DEPTH) return direct;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = index.variableOf(inner);
    const init = variable && isConstLike(variable) && variable.defs.length === 1 ? initOf(variable) : null;
    if (init) return wholeControl(init, leaf, index, depth + 1);
  }
  if (inner.type === AST_NODE_TYPES.TemplateLiteral || (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+')) {
    for (const piece of pieces(inner, index, depth)) {
      if ('node' in piece && piece.node !== inner) {
        const found = wholeControl(piece.node, leaf, index, depth + 1);
        if (found !== null) return found;
      }
    }
  }
  return null;
}

function piecesControl<T>(list: Piece[], leaf: (node: Node) => T | null, index: FileIndex, anyPosition: boolean, depth: number): T | null {
  let prefix = '';
  let unknownStart = false;
  for (const piece of list) {
    if ('text' in piece) {
      prefix += piece.text;
      continue;
    }
    const found = wholeControl(piece.node, leaf, index, depth + 1);
    if (found !== null) {
      if (anyPosition) return found;
      // After a value the file cannot see (`${BASE_URL}`), the origin is not the client's to choose
      // as far as this file shows: stay silent rather than guess.
      if (unknownStart) return /:\/\/$/.test(prefix) ? found : null;
      return prefixFixesHost(prefix) ? null : found;
    }
    if (prefix.length === 0) unknownStart = true;
    else if (!unknownStart) prefix += '\u0000';
  }
  return null;
}

/** `new URL(x)`, `new URL(path, base)`, `url.resolve(base, x)`, `URL.parse(x)`. */
function isUrlConstruction(node: Node, index: FileIndex): boolean {
  if (node.type !== AST_NODE_TYPES.NewExpression && node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(node.callee);
  if (node.type === AST_NODE_TYPES.NewExpression) return index.isGlobal(callee, 'URL') || index.originOf(callee)?.path[0] === 'URL';
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = propertyName(callee);
  const object = unwrap(callee.object);
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'URL' && method === 'parse') return true;
  const origin = index.originOf(callee);
  return (origin?.module === 'url' || origin?.module === 'node:url') && (method === 'resolve' || method === 'parse' || method === 'format');
}

function isUrlObject(node: Node, index: FileIndex): boolean {
  const inner = unwrap(node);
  if (isUrlConstruction(inner, index)) return true;
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = index.variableOf(inner);
  const init = variable && isConstLike(variable) ? initOf(variable) : null;
  return init !== null && isUrlConstruction(init, index);
}

function urlConstructionControl<T>(call: Call, leaf: (node: Node) => T | null, index: FileIndex, anyPosition: boolean, depth: number): T | null {
  const args = call.arguments.filter((argument): argument is TSESTree.Expression => argument.type !== AST_NODE_TYPES.SpreadElement);
  const callee = unwrap(call.callee);
  // `url.resolve(base, path)` takes the base first; `new URL(path, base)` takes it second.
  const resolveFirst = callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'resolve';
  const [path, base] = resolveFirst ? [args[1], args[0]] : [args[0], args[1]];
  if (!path) return null;
  const fromPath = urlExpressionControl(path, leaf, index, anyPosition, depth + 1);
  if (fromPath !== null) return fromPath;
  return base ? urlExpressionControl(base, leaf, index, anyPosition, depth + 1) : null;
}

// ---- guards -------------------------------------------------------------------------------------

/** Whether a filtering agent (`ssrf-req-filter`, `request-filtering-agent`) configures the request. */
export function hasFilteringAgent(request: OutboundRequest, index: FileIndex): boolean {
  return request.configuration.some((call) => call.arguments.some((argument) => mentionsFilteringAgent(argument, index, 0)));
}

function mentionsFilteringAgent(node: Node, index: FileIndex, depth: number): boolean {
  if (depth > 3) return false;
  let found = false;
  walk(node, index.sourceCode.visitorKeys, (child) => {
    if (found) return false;
    const origin = child.type === AST_NODE_TYPES.Identifier || child.type === AST_NODE_TYPES.CallExpression || child.type === AST_NODE_TYPES.NewExpression ? index.originOf(child) : null;
    if (origin && FILTERING_AGENT_MODULES.has(origin.module)) {
      found = true;
      return false;
    }
    if (child.type === AST_NODE_TYPES.Identifier) {
      const variable = index.variableOf(child);
      const init = variable && isConstLike(variable) ? initOf(variable) : null;
      if (init && mentionsFilteringAgent(init, index, depth + 1)) found = true;
    }
    return undefined;
  });
  return found;
}

/**
 * Whether an allowlist check stands on every path to `call` inside `scope`: an `if` whose test
 * checks the URL and whose failing branch leaves (return, throw, `next(err)`), an `if` whose
 * passing branch holds the call, or an assert-style guard call (`assertSafeUrl(url)`).
 */
export function isGuarded(call: Node, scope: FunctionLike, index: FileIndex, settings: GuardSettings): boolean {
  let guarded = false;
  walk(scope.body, index.sourceCode.visitorKeys, (node) => {
    if (guarded || node.range[0] >= call.range[1]) return false;
    if (node.type === AST_NODE_TYPES.IfStatement && testChecksUrl(node.test, index, settings)) {
      if (contains(node.consequent, call)) guarded = true;
      else if (!contains(node, call) && stopsRequest(node.consequent) && dominates(node, call, scope.body)) guarded = true;
    } else if (node.type === AST_NODE_TYPES.ExpressionStatement && isAssertion(node.expression, index, settings) && dominates(node, call, scope.body)) {
      guarded = true;
    } else if (node.type === AST_NODE_TYPES.VariableDeclaration && node.declarations.some((declarator) => declarator.init && isAssertion(declarator.init, index, settings)) && dominates(node, call, scope.body)) {
      guarded = true;
    }
    return undefined;
  });
  return guarded;
}

/** A branch that ends the request: return, throw, or a `next(err)` hand-off. */
function stopsRequest(statement: TSESTree.Statement): boolean {
  if (alwaysExits(statement)) return true;
  const last = statement.type === AST_NODE_TYPES.BlockStatement ? statement.body[statement.body.length - 1] : statement;
  if (last?.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const expression = unwrap(last.expression);
  return expression.type === AST_NODE_TYPES.CallExpression && calleeName(expression) === 'next' && expression.arguments.length > 0;
}

/** `assertSafeUrl(url)`, `await validateWebhookUrl(url)`: a guard called for its throw. */
function isAssertion(node: Node, index: FileIndex, settings: GuardSettings): boolean {
  let inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrap(inner.argument);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = calleeName(inner);
  if (name === null) return false;
  if (settings.urlGuards.has(name)) return true;
  return /^(?:assert|ensure|validate|verify|check|guard|require)/i.test(name) && isNamedGuard(inner, index, settings);
}

/**
 * A call of a function whose name says it checks a destination: named in settings, a
 * private-network check, `isAllowedUrl` / `assertSafeUrl` anywhere, or a weaker name
 * (`validateWebhookUrl`) for a same-file function whose body holds an allowlist check.
 * `isValidUrl` that only parses the URL is a format check, not a guard.
 */
function isNamedGuard(call: TSESTree.CallExpression, index: FileIndex, settings: GuardSettings): boolean {
  const name = calleeName(call);
  if (name === null) return false;
  if (settings.urlGuards.has(name) || PRIVATE_ADDRESS_CHECK.test(name)) return true;
  // `isAllowed(url)`, `isTrusted(host)`: the word alone says it admits some destinations only.
  if (STRONG_GUARD_VERB.test(name)) return true;
  if (!GUARD_VERB.test(name) || !GUARD_SUBJECT.test(name)) return false;
  const fn = resolveFunction(call.callee, index);
  return fn !== null && containsAllowlistCheck(fn.body, index);
}

/** Whether a subtree compares a destination with fixed values (membership, `===`, anchored regex). */
function containsAllowlistCheck(root: Node, index: FileIndex): boolean {
  let found = false;
  walk(root, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && isAllowlistCall(node, index)) found = true;
    else if (node.type === AST_NODE_TYPES.BinaryExpression && isHostComparison(node, index)) found = true;
    return undefined;
  });
  return found;
}

/** Whether an `if` test checks a URL against an allowlist somewhere inside it. */
function testChecksUrl(test: Node, index: FileIndex, settings: GuardSettings): boolean {
  let found = false;
  walk(test, index.sourceCode.visitorKeys, (node) => {
    if (found || isFunctionLike(node)) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && (isNamedGuard(node, index, settings) || isAllowlistCall(node, index) || hasHostAllowlistOption(node, index))) found = true;
    else if (node.type === AST_NODE_TYPES.BinaryExpression && isHostComparison(node, index)) found = true;
    return undefined;
  });
  return found;
}

/** `ALLOWED.includes(host)`, `allowed.has(url.host)`, `/^https:\/\/api\.x\.com\//.test(url)`, `url.startsWith('https://api.x.com/')`. */
function isAllowlistCall(call: TSESTree.CallExpression, index: FileIndex): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = propertyName(callee);
  if (name === null) return false;
  if (MEMBERSHIP_METHODS.has(name)) {
    const value = call.arguments[0];
    if (!value || isProtocolRead(value) || !isAllowlist(callee.object, index)) return false;
    if (PROTOCOL_TEXT.test(index.sourceCode.getText(value)) || PROTOCOL_TEXT.test(index.sourceCode.getText(callee.object))) return false;
    // `FORMATS.includes(req.query.format)` checks something else than where the request goes.
    return mentionsDestination(value, index) || mentionsDestination(callee.object, index);
  }
  if (name === 'test' || name === 'exec') return isAnchoredPattern(callee.object, index);
  if (name === 'match') return call.arguments[0] !== undefined && isAnchoredPattern(call.arguments[0], index);
  if (name === 'startsWith') {
    const prefix = constantString(call.arguments[0], index);
    return prefix !== null && HAS_SCHEME.test(prefix) && prefixFixesHost(prefix);
  }
  if (name === 'endsWith') {
    const suffix = constantString(call.arguments[0], index);
    return suffix !== null && suffix.startsWith('.') && isHostRead(callee.object);
  }
  return false;
}

/** Source text that names a destination: `url.hostname`, `targetHost`, `ALLOWED_ORIGINS`, `(d) => host.endsWith(d)`. */
function mentionsDestination(node: Node, index: FileIndex): boolean {
  return DESTINATION_WORDS.test(index.sourceCode.getText(node));
}

/** `validator.isURL(u, { host_whitelist: [...] })`: a format check that also pins the host. */
function hasHostAllowlistOption(call: TSESTree.CallExpression, index: FileIndex): boolean {
  return call.arguments.some((argument) => {
    const object = objectOf(argument, index);
    return object?.properties.some((property) => property.type === AST_NODE_TYPES.Property && HOST_ALLOWLIST_OPTION.test(propertyName(property) ?? '')) ?? false;
  });
}

function isProtocolRead(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.MemberExpression && propertyName(inner) === 'protocol';
}

function isHostRead(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.MemberExpression && HOST_PROPERTY.has(propertyName(inner) ?? '');
}

/** A fixed collection of destinations: a literal array or Set, or a binding named as an allowlist. */
function isAllowlist(node: Node, index: FileIndex): boolean {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.ArrayExpression) return true;
  if (inner.type === AST_NODE_TYPES.NewExpression) return index.isGlobal(unwrap(inner.callee), 'Set') || index.isGlobal(unwrap(inner.callee), 'Map');
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(inner);
    return name !== null && ALLOWLIST_NAME.test(name);
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  if (ALLOWLIST_NAME.test(inner.name)) return true;
  const variable: Variable | null = index.variableOf(inner);
  const init = variable && isConstLike(variable) ? initOf(variable) : null;
  return init !== null && init !== inner && (init.type === AST_NODE_TYPES.ArrayExpression || init.type === AST_NODE_TYPES.NewExpression) && isAllowlist(init, index);
}

/** `url.hostname === 'api.example.com'`, `host !== ALLOWED_HOST`. */
function isHostComparison(node: TSESTree.BinaryExpression, index: FileIndex): boolean {
  if (!['===', '!==', '==', '!='].includes(node.operator) || node.left.type === AST_NODE_TYPES.PrivateIdentifier) return false;
  const sides: [Node, Node][] = [
    [node.left, node.right],
    [node.right, node.left],
  ];
  return sides.some(([value, expected]) => {
    if (isProtocolRead(value)) return false;
    const constant = constantString(expected, index);
    if (constant !== null) return constant.includes('.') || constant.includes('localhost');
    const inner = unwrap(expected);
    return isHostRead(value) && (inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression) && !isHostRead(expected);
  });
}

function constantString(node: Node | undefined, index: FileIndex): string | null {
  if (!node) return null;
  const text = literalString(node);
  if (text !== null) return text;
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = index.variableOf(inner);
  const init = variable && isConstLike(variable) ? initOf(variable) : null;
  return init ? literalString(init) : null;
}

/** An anchored regular expression that fixes the host, as a literal or a `const` bound to one. */
function isAnchoredPattern(node: Node, index: FileIndex): boolean {
  const inner = unwrap(node);
  let source: string | null = null;
  if (inner.type === AST_NODE_TYPES.Literal && 'regex' in inner && inner.regex) source = inner.regex.pattern;
  else if (inner.type === AST_NODE_TYPES.NewExpression && index.isGlobal(unwrap(inner.callee), 'RegExp')) source = literalString(inner.arguments[0]);
  else if (inner.type === AST_NODE_TYPES.Identifier) {
    const variable = index.variableOf(inner);
    const init = variable && isConstLike(variable) ? initOf(variable) : null;
    return init !== null && init !== inner && isAnchoredPattern(init, index);
  }
  if (source === null) return false;
  return ANCHORED_URL_PATTERN.test(source) || ANCHORED_HOST_PATTERN.test(source);
}
