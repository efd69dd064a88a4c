import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { Node, Variable } from './ast';
import { calleeName, propertyName, unwrap, walk } from './ast';
import type { Handler } from './express/model';
import type { FileIndex } from './file-index';
import { isConstLike, patternPath } from './file-index';
import { isValidationCall } from './validation';

export type RequestSource = 'body' | 'query' | 'params' | 'headers' | 'cookies';

export const REQUEST_SOURCES: readonly RequestSource[] = ['body', 'query', 'params', 'headers', 'cookies'];

const SOURCE_ALIASES: Readonly<Record<string, RequestSource>> = {
  body: 'body',
  query: 'query',
  params: 'params',
  headers: 'headers',
  cookies: 'cookies',
  signedCookies: 'cookies',
};

/** `req.get('x')`, `req.header('x')`: header reads spelled as calls. */
const HEADER_METHODS = new Set(['get', 'header']);

/** A place in a handler where request data is read directly. */
export interface RequestRead {
  /** `req.body`, `req.get('host')`, or the property of a destructuring of `req`. */
  node: Node;
  source: RequestSource;
}

/** What a value derived from the request carries. */
export interface Taint {
  sources: ReadonlySet<RequestSource>;
  /** Where it came from, as the user wrote it: `req.query.url`. */
  description: string;
  /** It went through a validation call (`schema.parse(...)`): checked, but still client-chosen. */
  validated: boolean;
}

/** Calls and constructors that hand back (part of) what they were given. */
const PASS_THROUGH_FUNCTIONS = new Set([
  'String',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'URL',
  'Request',
  'Number',
  'parseInt',
  'BigInt',
  'Array',
  'ObjectId',
  'Types.ObjectId',
]);
const PASS_THROUGH_METHODS = new Set([
  'toString',
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'normalize',
  'slice',
  'substring',
  'substr',
  'replace',
  'replaceAll',
  'concat',
  'split',
  'join',
  'at',
  'padStart',
  'padEnd',
  'valueOf',
  'href',
  'parse',
  'format',
  'resolve',
  'from',
]);

const MAX_DEPTH = 16;
const MAX_DESCRIPTION = 60;

/**
 * Request-data analysis for one handler: which expressions derive from `req.body`,
 * `req.query`, `req.params`, `req.headers`, `req.cookies`, through variables, destructuring,
 * templates, concatenation, `new URL(...)`, object and array literals, and awaited values.
 * Intra-procedural; shared by every rule that asks "does this come from the client?".
 */
export class RequestData {
  private readonly taintCache = new Map<Node, Taint | null>();
  private readonly requestVariables = new Map<Variable, boolean>();
  private readsCache: RequestRead[] | null = null;

  constructor(
    readonly handler: Handler,
    private readonly index: FileIndex,
  ) {}

  /** Every direct read of request data in the handler (nested callbacks included), in source order. */
  reads(): RequestRead[] {
    if (this.readsCache) return this.readsCache;
    const reads: RequestRead[] = [];
    const param = this.handler.reqParam;
    if (param?.type === AST_NODE_TYPES.ObjectPattern) reads.push(...this.patternReads(param));
    walk(this.handler.fn.body, this.index.sourceCode.visitorKeys, (node) => {
      const read = this.directRead(node);
      if (read) reads.push(read);
      else if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init && node.id.type === AST_NODE_TYPES.ObjectPattern && this.isRequest(node.init)) {
        reads.push(...this.patternReads(node.id));
      }
    });
    reads.sort((a, b) => a.node.range[0] - b.node.range[0]);
    this.readsCache = reads;
    return reads;
  }

  /** Whether an expression is the request object itself (the parameter or an alias of it). */
  isRequest(node: Node): boolean {
    const inner = unwrap(node);
    if (inner.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.index.variableOf(inner);
    if (!variable) return false;
    if (variable === this.handler.req) return true;
    const known = this.requestVariables.get(variable);
    if (known !== undefined) return known;
    this.requestVariables.set(variable, false);
    const def = variable.defs[0];
    const isAlias =
      variable.defs.length === 1 &&
      def?.type === 'Variable' &&
      def.node.id === def.name &&
      def.node.init !== null &&
      isConstLike(variable) &&
      this.isRequest(def.node.init);
    this.requestVariables.set(variable, isAlias);
    return isAlias;
  }

  /** The request data an expression derives from, or null when it does not (as far as one function shows). */
  taintOf(node: Node, depth = 0): Taint | null {
    if (depth > MAX_DEPTH) return null;
    const cached = this.taintCache.get(node);
    if (cached !== undefined) return cached;
    this.taintCache.set(node, null);
    const taint = this.computeTaint(node, depth + 1);
    this.taintCache.set(node, taint);
    return taint;
  }

  private directRead(node: Node): RequestRead | null {
    if (node.type === AST_NODE_TYPES.MemberExpression && this.isRequest(node.object)) {
      const source = SOURCE_ALIASES[propertyName(node) ?? ''];
      return source ? { node, source } : null;
    }
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(node.callee);
      if (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        HEADER_METHODS.has(propertyName(callee) ?? '') &&
        this.isRequest(callee.object)
      ) {
        return { node, source: 'headers' };
      }
    }
    return null;
  }

  private patternReads(pattern: TSESTree.ObjectPattern): RequestRead[] {
    const reads: RequestRead[] = [];
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const source = SOURCE_ALIASES[propertyName(property) ?? ''];
      if (source) reads.push({ node: property, source });
    }
    return reads;
  }

  private computeTaint(node: Node, depth: number): Taint | null {
    const inner = unwrap(node);
    switch (inner.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return this.taintOf(inner.argument, depth);
      case AST_NODE_TYPES.MemberExpression:
        return this.memberTaint(inner, depth);
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        return this.callTaint(inner, depth);
      case AST_NODE_TYPES.Identifier:
        return this.identifierTaint(inner, depth);
      case AST_NODE_TYPES.TemplateLiteral:
        return merge(inner.expressions.map((expression) => this.taintOf(expression, depth)));
      case AST_NODE_TYPES.BinaryExpression:
        return inner.operator === '+' ? merge([this.taintOf(inner.left, depth), this.taintOf(inner.right, depth)]) : null;
      case AST_NODE_TYPES.LogicalExpression:
        return merge([this.taintOf(inner.left, depth), this.taintOf(inner.right, depth)]);
      case AST_NODE_TYPES.ConditionalExpression:
        return merge([this.taintOf(inner.consequent, depth), this.taintOf(inner.alternate, depth)]);
      case AST_NODE_TYPES.SpreadElement:
        return this.taintOf(inner.argument, depth);
      case AST_NODE_TYPES.ArrayExpression:
        return merge(inner.elements.map((element) => (element ? this.taintOf(element, depth) : null)));
      case AST_NODE_TYPES.ObjectExpression:
        return merge(
          inner.properties.map((property) =>
            property.type === AST_NODE_TYPES.Property ? this.taintOf(property.value, depth) : this.taintOf(property, depth),
          ),
        );
      default:
        return null;
    }
  }

  private memberTaint(member: TSESTree.MemberExpression, depth: number): Taint | null {
    if (this.isRequest(member.object)) {
      const name = propertyName(member);
      const source = SOURCE_ALIASES[name ?? ''];
      return source ? { sources: new Set([source]), description: describe(member, this.index), validated: false } : null;
    }
    const base = this.taintOf(member.object, depth);
    if (!base) return null;
    const name = propertyName(member);
    // `.length` of client data is a number the client picks, not the data itself.
    if (name === 'length') return null;
    return { ...base, description: extend(base.description, name) };
  }

  private callTaint(call: TSESTree.CallExpression | TSESTree.NewExpression, depth: number): Taint | null {
    const callee = unwrap(call.callee);
    if (call.type === AST_NODE_TYPES.CallExpression) {
      const read = this.directRead(call);
      if (read) return { sources: new Set([read.source]), description: describe(call, this.index), validated: false };
      if (isValidationCall(call, this.index)) {
        const checked = merge(call.arguments.map((argument) => this.taintOf(argument, depth)));
        return checked ? { ...checked, validated: true } : null;
      }
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = propertyName(callee);
      if (method !== null && PASS_THROUGH_METHODS.has(method)) {
        const receiver = this.taintOf(callee.object, depth);
        if (receiver) return receiver;
        if (isUrlHelper(callee.object)) return merge(call.arguments.map((argument) => this.taintOf(argument, depth)));
      }
      return null;
    }
    const name = calleeName(call);
    if (name !== null && PASS_THROUGH_FUNCTIONS.has(name)) {
      return merge(call.arguments.map((argument) => this.taintOf(argument, depth)));
    }
    return null;
  }

  private identifierTaint(identifier: TSESTree.Identifier, depth: number): Taint | null {
    const variable = this.index.variableOf(identifier);
    if (!variable || variable === this.handler.req) return null;
    const fromParam = this.parameterTaint(variable);
    if (fromParam !== undefined) return fromParam;
    const taints: (Taint | null)[] = [];
    for (const def of variable.defs) {
      if (def.type !== 'Variable') continue;
      const declarator = def.node;
      const loop = declarator.parent?.parent;
      if (!declarator.init && (loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement)) {
        taints.push(this.taintOf(loop.right, depth));
      }
    }
    for (const reference of variable.references) {
      if (!reference.isWrite() || !reference.writeExpr) continue;
      taints.push(this.writtenTaint(reference.identifier, reference.writeExpr, depth));
    }
    return merge(taints);
  }

  /** A destructured request parameter: `({ body: { url } }, res) => ...`. Undefined when not a parameter. */
  private parameterTaint(variable: Variable): Taint | null | undefined {
    const def = variable.defs[0];
    if (def?.type !== 'Parameter') return undefined;
    const param = this.handler.reqParam;
    if (!param || param.type !== AST_NODE_TYPES.ObjectPattern || !(param.range[0] <= def.name.range[0] && def.name.range[1] <= param.range[1])) {
      return null;
    }
    const keys = patternKeys(def.name, param);
    const source = keys ? SOURCE_ALIASES[keys[0] ?? ''] : undefined;
    if (!keys || !source) return null;
    return { sources: new Set([source]), description: ['req', ...keys].join('.'), validated: false };
  }

  private writtenTaint(target: Node, value: Node, depth: number): Taint | null {
    const keys = patternPath(target);
    if (keys === null || keys.length === 0) return this.taintOf(value, depth);
    if (this.isRequest(value)) {
      const source = SOURCE_ALIASES[keys[0]!];
      return source ? { sources: new Set([source]), description: ['req', ...keys].join('.'), validated: false } : null;
    }
    const base = this.taintOf(value, depth);
    if (!base) return null;
    return { ...base, description: keys.reduce<string>((text, key) => extend(text, key), base.description) };
  }
}

/** `url.parse(x)`, `URL.parse(x)`, `path.join(x)`: static helpers that return what they are given. */
function isUrlHelper(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.Identifier && (inner.name === 'url' || inner.name === 'URL' || inner.name === 'path' || inner.name === 'querystring' || inner.name === 'qs');
}

/** Keys from a parameter's object pattern down to a binding. */
function patternKeys(name: Node, root: TSESTree.ObjectPattern): string[] | null {
  const keys: string[] = [];
  let current: Node = name;
  while (current !== root) {
    const parent = current.parent;
    if (!parent) return null;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === current) {
      const key = propertyName(parent);
      if (key === null) return null;
      keys.unshift(key);
    } else if (parent.type !== AST_NODE_TYPES.ObjectPattern && parent.type !== AST_NODE_TYPES.AssignmentPattern) {
      return null;
    }
    current = parent;
  }
  return keys;
}

function merge(taints: readonly (Taint | null)[]): Taint | null {
  const present = taints.filter((taint): taint is Taint => taint !== null);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0]!;
  const sources = new Set<RequestSource>();
  for (const taint of present) for (const source of taint.sources) sources.add(source);
  return { sources, description: present[0]!.description, validated: present.every((taint) => taint.validated) };
}

function extend(description: string, key: string | null): string {
  if (key === null || description.length > MAX_DESCRIPTION) return description;
  return `${description}.${key}`;
}

/** The source text of a read, with the request parameter spelled `req`. */
function describe(node: Node, index: FileIndex): string {
  const text = index.sourceCode.getText(node).replace(/\s+/g, '');
  const normalized = text.replace(/^[a-z_$][\w$]*(?=[.[(])/i, 'req');
  return normalized.length > MAX_DESCRIPTION ? `${normalized.slice(0, MAX_DESCRIPTION)}…` : normalized;
}

const cache = new WeakMap<Node, RequestData>();

/** The request-data analysis of a handler, built once per handler and shared by all rules. */
export function getRequestData(handler: Handler, index: FileIndex): RequestData {
  const cached = cache.get(handler.fn);
  if (cached) return cached;
  const data = new RequestData(handler, index);
  cache.set(handler.fn, data);
  return data;
}
