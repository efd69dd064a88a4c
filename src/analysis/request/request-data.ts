import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node, Variable } from '../engine/ast';
import { calleeName, contains, isFunctionLike, propertyName, unwrap, walk } from '../engine/ast';
import type { Handler } from '../express/model';
import type { FileIndex } from '../engine/file-index';
import { isConstLike, patternPath } from '../engine/file-index';
import { keyedSlot, keyedValues, nodeMemo, storeOf } from '../engine/store';
import { alwaysExits, dominates } from '../engine/control-flow';
import { resolveFunction } from '../express/functions';
import { isValidationCall } from '../libraries/validators';

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

/** The request's URL, whose query string a handler may parse itself. */
const REQUEST_URLS = new Set(['url', 'originalUrl']);

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
  /** The first direct read it derives from, in source order: where a finding about it is reported. */
  origin: RequestRead;
}

/** A check in a handler that request data of some sources passes before it is used. */
export interface RequestGuard {
  /** The validation call (`schema.parse(req.body)`), or the test of an `if (...) return/throw` type check. */
  node: Node;
  sources: ReadonlySet<RequestSource>;
  kind: 'validation' | 'typeCheck';
  /**
   * The values it checks, as descriptions (`req.body.username`): it covers those and what lies
   * under them, not other fields of the same source. Null when it checks the whole request or a
   * value the description cannot pin down.
   */
  values: readonly string[] | null;
}

/** Nodes a value passes through on its way into a call argument: `schema.parse({ ...req.body, id })`. */
const ARGUMENT_WRAPPERS = new Set<string>([
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.SpreadElement,
  AST_NODE_TYPES.Property,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
]);

/**
 * Checks that, in the test of an `if (...) return/throw`, reject a value of the wrong shape:
 * `Array.isArray(x)`, `isEmail(x)`, `EMAIL.test(x)`, `ALLOWED.includes(x)`.
 */
const SHAPE_CHECK_METHODS = new Set(['test', 'includes', 'has']);
const SHAPE_CHECK_FUNCTION = /^is[A-Z_]/;
/** Conversions to a number or boolean: what comes out can no longer carry the client's text. */
const COERCIONS = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean']);

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
  private guardsCache: RequestGuard[] | null = null;

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

  /**
   * The validation calls and `if (...) return/throw` type checks of the handler, in source order,
   * with the request sources each one checks. A call given `req` itself (`validationResult(req)`)
   * checks every source; a same-file helper that validates what it is given counts, one level deep.
   */
  guards(): RequestGuard[] {
    if (this.guardsCache) return this.guardsCache;
    const guards: RequestGuard[] = [];
    walk(this.handler.fn.body, this.index.sourceCode.visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression && this.isValidating(node)) {
        const sources = this.checkedSources(node.arguments);
        if (sources.size > 0) guards.push({ node, sources, kind: 'validation', values: this.checkedValues(node.arguments) });
      } else if (node.type === AST_NODE_TYPES.IfStatement && alwaysExits(node.consequent)) {
        const checked = this.typeCheckedValues(node.test);
        const sources = new Set(checked.flatMap((value) => [...(this.taintOf(value)?.sources ?? [])]));
        if (sources.size > 0) guards.push({ node: node.test, sources, kind: 'typeCheck', values: this.checkedValues(checked) });
      }
    });
    this.guardsCache = guards;
    return guards;
  }

  /**
   * Whether a direct read is checked before the handler relies on it: it is what a validation
   * call receives, a guard of its source runs first, or every use of the variable it is stored
   * in (`const { email } = req.body`) is checked.
   */
  isValidatedRead(read: RequestRead): boolean {
    if (read.node.type === AST_NODE_TYPES.Property) {
      const variables = this.boundVariables(read.node.value);
      return variables !== null && variables.every((variable) => this.allUsesChecked(variable, read.source));
    }
    if (this.isCheckedUse(read.node, read.source)) return true;
    const declarator = storedIn(read.node);
    if (!declarator) return false;
    const variables = this.boundVariables(declarator.id);
    return variables !== null && variables.every((variable) => this.allUsesChecked(variable, read.source));
  }

  /**
   * Whether a value handed to a use is checked on the way: it is a coercion (`Number(x)`), or a
   * validation call or a guard that covers it runs first.
   */
  isCheckedValue(value: Node, source: RequestSource): boolean {
    const inner = unwrap(value);
    if (inner.type === AST_NODE_TYPES.CallExpression && isCoercion(inner, this.index)) return true;
    if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '+') return true;
    return this.isCheckedUse(inner, source);
  }

  /** Whether a call validates: a known validation call, or a same-file helper with one inside. */
  private isValidating(call: TSESTree.CallExpression): boolean {
    if (isValidationCall(call, this.index)) return true;
    const fn = resolveFunction(call.callee, this.index);
    if (!fn || fn === this.handler.fn || unwrap(call.callee).type !== AST_NODE_TYPES.Identifier) return false;
    return helperValidates(fn, this.index);
  }

  private checkedSources(args: readonly Node[]): Set<RequestSource> {
    const sources = new Set<RequestSource>();
    for (const argument of args) {
      if (this.isRequest(argument)) return new Set(REQUEST_SOURCES);
      for (const source of this.taintOf(argument)?.sources ?? []) sources.add(source);
    }
    return sources;
  }

  /** Values checked by `typeof x !== 'string'` or `!Array.isArray(x)` in an if-test. */
  private typeCheckedValues(test: Node): Node[] {
    const checked: Node[] = [];
    walk(test, this.index.sourceCode.visitorKeys, (node) => {
      let value: Node | null = null;
      if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'typeof') value = node.argument;
      else if (node.type === AST_NODE_TYPES.CallExpression) value = shapeCheckedArgument(node);
      if (value) checked.push(value);
    });
    return checked;
  }

  /** The descriptions of the request values a guard checks; null when one of them is the request itself or is not pinned down. */
  private checkedValues(args: readonly Node[]): string[] | null {
    const values: string[] = [];
    for (const argument of args) {
      if (this.isRequest(argument)) return null;
      const taint = this.taintOf(argument);
      if (!taint) continue;
      if (!isExactPath(taint.description) || unwrap(argument).type === AST_NODE_TYPES.ObjectExpression) return null;
      values.push(taint.description);
    }
    return values;
  }

  /** Whether a guard covers this use: it checks the use's value, one that holds it, or fields of it. */
  private guardCovers(guard: RequestGuard, use: Node): boolean {
    if (guard.values === null) return true;
    const used = this.taintOf(outermostMember(use))?.description;
    if (used === undefined || !isExactPath(used)) return true;
    // A whole object whose fields were checked one by one counts as checked: the code vetted what it expects of it.
    return guard.values.some((value) => used === value || used.startsWith(`${value}.`) || value.startsWith(`${used}.`));
  }

  /** A use of request data that a validation call receives, that sits in a guard, or that a guard of its source dominates. */
  private isCheckedUse(use: Node, source: RequestSource): boolean {
    if (this.onlyCompared(use)) return true;
    const call = argumentCallOf(use);
    if (call?.type === AST_NODE_TYPES.CallExpression && (this.isValidating(call) || isCoercion(call, this.index))) return true;
    if (use.parent?.type === AST_NODE_TYPES.UnaryExpression && use.parent.operator === '+') return true;
    return this.guards().some(
      (guard) =>
        guard.sources.has(source) &&
        (contains(guard.node, use) || (dominates(guard.node, use, this.handler.fn.body) && this.guardCovers(guard, use))),
    );
  }

  /**
   * A use whose value is only compared, not passed on: `req.body.answer === captcha.answer`,
   * `m.id !== req.body.messageId`, or an argument of a same-file function that only compares
   * its parameter (`findUser(req.body.auth || {})` with `u.name === auth.name`). Comparing with
   * known values needs no schema.
   */
  private onlyCompared(use: Node): boolean {
    const value = valueOfUse(use);
    if (isComparisonOperand(value)) return true;
    const call = value.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
    const position = call.arguments.indexOf(value as TSESTree.CallExpressionArgument);
    const fn = position >= 0 ? resolveFunction(call.callee, this.index) : null;
    if (!fn || fn === this.handler.fn) return false;
    const param = fn.params[position];
    if (param?.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.index.sourceCode.getDeclaredVariables(fn).find((candidate) => candidate.defs[0]?.name === param);
    const reads = variable?.references.filter((reference) => reference.isRead()) ?? [];
    return reads.length > 0 && reads.every((reference) => isComparisonOperand(valueOfUse(reference.identifier)));
  }

  private allUsesChecked(variable: Variable, source: RequestSource): boolean {
    return variable.references.every((reference) => reference.init === true || !reference.isRead() || this.isCheckedUse(reference.identifier, source));
  }

  /** The variables a declaration target binds: an identifier, or the leaves of an object pattern. */
  private boundVariables(target: Node): Variable[] | null {
    const variables: Variable[] = [];
    const identifiers: TSESTree.Identifier[] = [];
    const collect = (node: Node): boolean => {
      if (node.type === AST_NODE_TYPES.Identifier) identifiers.push(node);
      else if (node.type === AST_NODE_TYPES.AssignmentPattern) return collect(node.left);
      else if (node.type === AST_NODE_TYPES.ObjectPattern) {
        return node.properties.every((property) => collect(property.type === AST_NODE_TYPES.Property ? property.value : property.argument));
      } else return false;
      return true;
    };
    if (!collect(target)) return null;
    for (const identifier of identifiers) {
      const variable = this.findDeclared(identifier);
      if (!variable) return null;
      variables.push(variable);
    }
    return variables;
  }

  private findDeclared(identifier: TSESTree.Identifier): Variable | null {
    for (let node: Node | undefined = identifier.parent; node; node = node.parent) {
      if (node.type === AST_NODE_TYPES.VariableDeclarator || isFunctionLike(node)) {
        return this.index.sourceCode.getDeclaredVariables(node).find((variable) => variable.defs.some((def) => def.name === identifier)) ?? null;
      }
    }
    return null;
  }

  private directRead(node: Node): RequestRead | null {
    if (node.type === AST_NODE_TYPES.MemberExpression && this.isRequest(node.object)) {
      const source = SOURCE_ALIASES[propertyName(node) ?? ''];
      return source ? { node, source } : null;
    }
    if (node.type === AST_NODE_TYPES.MemberExpression && propertyName(node) === 'query' && this.isParsedRequestUrl(node.object)) {
      return { node, source: 'query' };
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

  /** `url.parse(req.url, true)`: the query string parsed by hand is `req.query` by another road. */
  private isParsedRequestUrl(node: Node): boolean {
    const call = unwrap(node);
    if (call.type !== AST_NODE_TYPES.CallExpression || calleeName(call) !== 'parse') return false;
    const callee = unwrap(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !isUrlHelper(callee.object)) return false;
    const url = call.arguments[0] ? unwrap(call.arguments[0]) : null;
    return url?.type === AST_NODE_TYPES.MemberExpression && REQUEST_URLS.has(propertyName(url) ?? '') && this.isRequest(url.object);
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
      return source ? { sources: new Set([source]), description: describe(member, this.index), validated: false, origin: { node: member, source } } : null;
    }
    if (propertyName(member) === 'query' && this.isParsedRequestUrl(member.object)) {
      return { sources: new Set(['query']), description: 'req.query', validated: false, origin: { node: member, source: 'query' } };
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
      if (read) return { sources: new Set([read.source]), description: describe(call, this.index), validated: false, origin: read };
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
    if (name !== null && (PASS_THROUGH_FUNCTIONS.has(name) || isRecordConstructor(call))) {
      return merge(call.arguments.map((argument) => this.taintOf(argument, depth)));
    }
    return null;
  }

  private identifierTaint(identifier: TSESTree.Identifier, depth: number): Taint | null {
    const variable = this.index.variableOf(identifier);
    if (!variable || variable === this.handler.req) return null;
    const fromParam = this.parameterTaint(variable);
    if (fromParam) return fromParam;
    // A callback's parameter (`(err, todo) => { todo.content = req.body.content }`) carries what is written into its fields.
    if (fromParam === null) return merge(variable.references.map((reference) => fieldWriteOf(reference.identifier)).map((write) => (write ? this.taintOf(write, depth) : null)));
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
      const fieldWrite = fieldWriteOf(reference.identifier);
      if (fieldWrite) taints.push(this.taintOf(fieldWrite, depth));
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
    const read = this.patternReads(param).find((candidate) => contains(candidate.node, def.name)) ?? { node: def.name, source };
    return { sources: new Set([source]), description: ['req', ...keys].join('.'), validated: false, origin: read };
  }

  private writtenTaint(target: Node, value: Node, depth: number): Taint | null {
    const keys = patternPath(target);
    if (keys === null || keys.length === 0) return this.taintOf(value, depth);
    if (this.isRequest(value)) {
      const source = SOURCE_ALIASES[keys[0]!];
      const read = source ? this.patternReads(patternRoot(target)).find((candidate) => contains(candidate.node, target)) : undefined;
      return source ? { sources: new Set([source]), description: ['req', ...keys].join('.'), validated: false, origin: read ?? { node: target, source } } : null;
    }
    const base = this.taintOf(value, depth);
    if (!base) return null;
    return { ...base, description: keys.reduce<string>((text, key) => extend(text, key), base.description) };
  }
}

/** `req.body.password` for the `req.body` it starts with: the value a read really uses. */
function outermostMember(use: Node): Node {
  let current: Node = use;
  while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current) current = current.parent;
  return current;
}

/** A description that names one value by its path (`req.body.user.email`), not cut short or computed. */
function isExactPath(description: string): boolean {
  return /^[\w$]+(?:\.[\w$]+)*$/.test(description);
}

/** What a use stands for, through member reads and defaults: `req.body` in `req.body.auth || {}` is that whole expression. */
function valueOfUse(use: Node): Node {
  let current: Node = use;
  for (;;) {
    const parent: Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === current) current = parent;
    else if (parent?.type === AST_NODE_TYPES.ChainExpression || parent?.type === AST_NODE_TYPES.TSNonNullExpression) current = parent;
    else if (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.left === current && parent.operator !== '&&') current = parent;
    else return current;
  }
}

const EQUALITY_OPERATORS = new Set(['===', '!==', '==', '!=']);

function isComparisonOperand(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.BinaryExpression) return EQUALITY_OPERATORS.has(parent.operator);
  return parent?.type === AST_NODE_TYPES.SwitchStatement && parent.discriminant === node;
}

/** The call whose argument (or a part of it) `node` is: `schema.parse({ ...req.body })`. */
function argumentCallOf(node: Node): TSESTree.CallExpression | TSESTree.NewExpression | null {
  let current: Node = node;
  for (let parent = node.parent; parent; current = parent, parent = parent.parent) {
    if ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
      return parent;
    }
    if (!ARGUMENT_WRAPPERS.has(parent.type)) return null;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object !== current) return null;
    if (parent.type === AST_NODE_TYPES.Property && parent.value !== current) return null;
  }
  return null;
}

/** The value a shape check in an if-test looks at: `isEmail(x)`, `RE.test(x)`, `LIST.includes(x)`. */
function shapeCheckedArgument(call: TSESTree.CallExpression): Node | null {
  const name = calleeName(call);
  if (name === null) return null;
  const isMethod = unwrap(call.callee).type === AST_NODE_TYPES.MemberExpression;
  if (SHAPE_CHECK_FUNCTION.test(name) || (isMethod && SHAPE_CHECK_METHODS.has(name))) return call.arguments[0] ?? null;
  return null;
}

/** `Number(x)`, `parseInt(x, 10)`, `Number.parseInt(x)`: the global conversions, not a shadowing binding. */
function isCoercion(call: TSESTree.CallExpression, index: FileIndex): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return COERCIONS.has(callee.name) && index.isGlobal(callee, callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrap(callee.object);
  return object.type === AST_NODE_TYPES.Identifier && index.isGlobal(object, 'Number') && COERCIONS.has(propertyName(callee) ?? '');
}

/** The declaration a read is stored in, through member accesses and TS wrappers: `const { a } = req.body.user as T`. */
function storedIn(node: Node): TSESTree.VariableDeclarator | null {
  let current: Node = node;
  for (let parent = node.parent; parent; current = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.VariableDeclarator) return parent.init === current ? parent : null;
    const passes =
      (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) ||
      parent.type === AST_NODE_TYPES.ChainExpression ||
      parent.type === AST_NODE_TYPES.AwaitExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.TSTypeAssertion;
    if (!passes) return null;
  }
  return null;
}

/** `url.parse(x)`, `URL.parse(x)`, `path.join(x)`: static helpers that return what they are given. */
function isUrlHelper(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.Identifier && (inner.name === 'url' || inner.name === 'URL' || inner.name === 'path' || inner.name === 'querystring' || inner.name === 'qs');
}

/** The outermost object pattern a binding sits in: `{ body: { email } }` for `email`. */
function patternRoot(name: Node): TSESTree.ObjectPattern {
  let root: Node = name;
  for (let parent = name.parent; parent; parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.ObjectPattern) root = parent;
    else if (parent.type !== AST_NODE_TYPES.Property && parent.type !== AST_NODE_TYPES.AssignmentPattern) break;
  }
  return root as TSESTree.ObjectPattern;
}

/** The assignment into a field of the object an identifier names (`user.role = …`, `count.n += …`), or null. */
export function fieldAssignmentOf(identifier: Node): TSESTree.AssignmentExpression | null {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier) return null;
  const assignment = member.parent;
  return assignment?.type === AST_NODE_TYPES.AssignmentExpression && assignment.left === member ? assignment : null;
}

/** The value written into a field of a variable's object: `user.role = req.body.role` makes `user` carry it. */
function fieldWriteOf(identifier: Node): Node | null {
  const assignment = fieldAssignmentOf(identifier);
  return assignment?.operator === '=' ? assignment.right : null;
}

/**
 * `new User(req.body)`, `new Order({ ...req.body })`: a project's record (a model, an entity)
 * built from what it is given. Errors carry a message, not a record.
 */
function isRecordConstructor(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (call.type !== AST_NODE_TYPES.NewExpression) return false;
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test(callee.name) && !/Error$|^Promise$/.test(callee.name);
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
  let origin = present[0]!.origin;
  for (const taint of present) {
    for (const source of taint.sources) sources.add(source);
    if (taint.origin.node.range[0] < origin.node.range[0]) origin = taint.origin;
  }
  return { sources, description: present[0]!.description, validated: present.every((taint) => taint.validated), origin };
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

/** Whether a same-file helper runs a validation call: asked by every handler that calls it, answered once per file. */
const helperValidates = nodeMemo('validating helpers', (fn: Node, index: FileIndex): boolean => {
  let validates = false;
  walk((fn as FunctionLike).body, index.sourceCode.visitorKeys, (node) => {
    if (validates) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && isValidationCall(node, index)) validates = true;
    return undefined;
  });
  return validates;
});

const requestDataSlot = keyedSlot<Node, RequestData>('request data');

/**
 * The request-data analysis of a handler, built once per handler and shared by all rules; `index`
 * is the handler's own file. What one analysis works out along the way (the taint of each
 * expression, the aliases of the request) is its own state, kept as long as it is.
 */
export function getRequestData(handler: Handler, index: FileIndex): RequestData {
  const byHandler = keyedValues(storeOf(index), requestDataSlot);
  const cached = byHandler.get(handler.fn);
  if (cached) return cached;
  const data = new RequestData(handler, index);
  byHandler.set(handler.fn, data);
  return data;
}
