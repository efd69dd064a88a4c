/**
 * Literals the server accepts as a credential from the request: `req.body.password === 'hunter2'`,
 * `API_KEYS.includes(req.get('x-api-key'))` with `const API_KEYS = ['foo', 'bar']`. Such a literal
 * is the credential itself, however short or word-like it looks: anyone who reads the source can
 * send it. What the value looks like does not matter here, what the code does with it does.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node, Variable } from '../engine/ast';
import { enclosingFunction, propertyName, unwrapValue } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { isConstLike } from '../engine/file-index';
import { keysBelow } from '../engine/bindings';
import { handlerOf, hasHandlerShapedFunction, looksLikeHandler } from '../express/functions';
import { secretNameOf } from './names';
import type { StringNode } from './string-literals';
import { staticText } from './string-literals';

/** Request fields a client writes a credential into. */
const CLIENT_FIELDS = new Set(['headers', 'query', 'body', 'params', 'cookies', 'signedCookies']);
/** Request methods that read a header: `req.get('x-api-key')`, `req.header('authorization')`. */
const HEADER_READERS = new Set(['get', 'header']);
/** Lookups of a value in a list or set of accepted values. */
const MEMBERSHIP_METHODS = new Set(['includes', 'indexOf', 'has']);
const EQUALITY = new Set(['===', '!==', '==', '!=']);
/**
 * Compared values that are no credential: an authorization scheme, a missing value spelled out, or
 * the mask a form sends back for "unchanged" (`req.body.password !== '********'`).
 */
const NOT_A_CREDENTIAL = /^(?:(?:bearer|basic|digest|token|undefined|null)\s*|[*•●]+)$/i;
/** How many `const` bindings a request read is followed through. */
const MAX_DEPTH = 3;

/** A string compared for (in)equality: `x === 'literal'`, what the traversal keeps for the check below. */
export function isComparedString(literal: StringNode): boolean {
  return equalityAround(literal) !== null;
}

function equalityAround(literal: StringNode): TSESTree.BinaryExpression | null {
  const parent = literal.parent;
  return parent?.type === AST_NODE_TYPES.BinaryExpression && EQUALITY.has(parent.operator) ? parent : null;
}

/**
 * What kind of credential (`password`, `API key`) a literal is when the request's credential is
 * checked against it, or null. Of a list of accepted values, its first element answers for the
 * list: one finding per list.
 */
export function acceptedCredentialKind(literal: StringNode, index: FileIndex): string | null {
  // Where the literal stands first: asked of many strings, and most stand elsewhere.
  const parent = literal.parent;
  const comparison = equalityAround(literal);
  let kind: string | null = null;
  // Both need a request to check against: in a file where no function takes one, neither is traced.
  if ((comparison || parent?.type === AST_NODE_TYPES.ArrayExpression) && !hasHandlerShapedFunction(index)) return null;
  if (comparison) {
    kind = credentialKindOfRead(comparison.left === literal ? comparison.right : comparison.left, index, 0);
  } else if (parent?.type === AST_NODE_TYPES.ArrayExpression && parent.elements[0] === literal) {
    const list = listVariableOf(parent, index);
    kind = list ? kindCheckedAgainst(list, index) : null;
  }
  if (kind === null) return null;
  const text = staticText(literal);
  return text === null || text.trim() === '' || NOT_A_CREDENTIAL.test(text) ? null : kind;
}

/** `const KEYS = ['a', 'b']` or `const KEYS = new Set(['a', 'b'])`: the variable that holds the list. */
function listVariableOf(array: TSESTree.ArrayExpression, index: FileIndex): Variable | null {
  if (!array.elements.every((element) => element?.type === AST_NODE_TYPES.Literal && typeof element.value === 'string')) return null;
  let holder: Node = array;
  const around = array.parent;
  if (around?.type === AST_NODE_TYPES.NewExpression && around.arguments[0] === array) holder = around;
  const declarator = holder.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== holder || declarator.id.type !== AST_NODE_TYPES.Identifier) {
    return null;
  }
  const variable = index.sourceCode.getDeclaredVariables(declarator)[0] ?? null;
  return variable && isConstLike(variable) ? variable : null;
}

/** The credential a request's value is looked up for in the list: `KEYS.indexOf(req.query.apiKey)`. */
function kindCheckedAgainst(list: Variable, index: FileIndex): string | null {
  for (const reference of list.references) {
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const call = member.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || !MEMBERSHIP_METHODS.has(propertyName(member) ?? '')) continue;
    const looked = call.arguments[0];
    const kind = looked ? credentialKindOfRead(looked, index, 0) : null;
    if (kind) return kind;
  }
  return null;
}

/**
 * The credential an expression reads from the request, by the name the client sends it under:
 * `req.body.password`, `req.headers['x-api-key']`, `req.get('authorization')`, or a `const` taken
 * from one (`const key = req.query['api-key']`, `const { password } = req.body`).
 */
function credentialKindOfRead(node: Node, index: FileIndex, depth: number): string | null {
  const value = unwrapValue(node);
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const field = unwrapValue(value.object);
    if (field.type !== AST_NODE_TYPES.MemberExpression || !CLIENT_FIELDS.has(propertyName(field) ?? '')) return null;
    return isRequest(field.object, index) ? credentialKindOfName(propertyName(value)) : null;
  }
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapValue(value.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !HEADER_READERS.has(propertyName(callee) ?? '')) return null;
    const header = value.arguments[0];
    if (header?.type !== AST_NODE_TYPES.Literal || typeof header.value !== 'string') return null;
    return isRequest(callee.object, index) ? credentialKindOfName(header.value) : null;
  }
  if (value.type === AST_NODE_TYPES.Identifier && depth < MAX_DEPTH) return credentialKindOfBinding(value, index, depth);
  return null;
}

/** A `const` whose value is a request's credential, directly or destructured from a request field. */
function credentialKindOfBinding(identifier: TSESTree.Identifier, index: FileIndex, depth: number): string | null {
  const variable = index.variableOf(identifier);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable' || variable.defs.length !== 1 || !isConstLike(variable)) return null;
  const declarator = def.node;
  if (!declarator.init) return null;
  if (declarator.id === def.name) return credentialKindOfRead(declarator.init, index, depth + 1);
  const keys = keysBelow(declarator.id, def.name);
  if (keys?.length !== 1) return null;
  const field = unwrapValue(declarator.init);
  if (field.type !== AST_NODE_TYPES.MemberExpression || !CLIENT_FIELDS.has(propertyName(field) ?? '') || !isRequest(field.object, index)) return null;
  return credentialKindOfName(keys[0]!);
}

/** A name the client sends a credential under: any name that says credential (`password`, `x-api-key`, `authorization`). */
function credentialKindOfName(name: string | null): string | null {
  return name === null ? null : (secretNameOf(name)?.kind ?? null);
}

/** The request of a handler or middleware (`(req, res[, next])`), as the model's handler names it. */
function isRequest(node: Node, index: FileIndex): boolean {
  const value = unwrapValue(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = index.variableOf(value);
  const def = variable?.defs[0];
  if (def?.type !== 'Parameter') return false;
  const fn = enclosingFunction(def.name);
  return fn !== null && looksLikeHandler(fn) && handlerOf(fn, index).req === variable;
}
