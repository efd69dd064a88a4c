import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';

export type Node = TSESTree.Node;
export type Expression = TSESTree.Expression;
export type FunctionLike =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

const TS_WRAPPERS = new Set<string>([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.TSInstantiationExpression,
]);

/** Strips what does not change a value at run time: TS assertions, `!`, optional chains. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (TS_WRAPPERS.has(current.type)) current = (current as TSESTree.TSAsExpression).expression;
    else if (current.type === AST_NODE_TYPES.ChainExpression) current = current.expression;
    else if (isIndirectCallee(current)) current = current.expressions[1]!;
    else return current;
  }
}

/** `(0, _express.default)`: how Babel and tsc write a call of an import, the same value as the import. */
function isIndirectCallee(node: Node): node is TSESTree.SequenceExpression {
  if (node.type !== AST_NODE_TYPES.SequenceExpression || node.expressions.length !== 2) return false;
  const first = node.expressions[0]!;
  return first.type === AST_NODE_TYPES.Literal && first.value === 0;
}

/** Like `unwrap`, and also looks through `await`. */
export function unwrapValue(node: Node): Node {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrap(current.argument);
  return current;
}

export function isFunctionLike(node: Node | null | undefined): node is FunctionLike {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** The name of a non-computed member property, or of a computed one given as a string literal. */
export function propertyName(node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | null {
  const key = node.type === AST_NODE_TYPES.MemberExpression ? node.property : node.key;
  if (!node.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (!node.computed && key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') return key.value;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'number') return String(key.value);
  if (
    key.type === AST_NODE_TYPES.TemplateLiteral &&
    key.expressions.length === 0 &&
    key.quasis[0] !== undefined
  ) {
    return key.quasis[0].value.cooked ?? null;
  }
  return null;
}

/** `obj.name(...)`: the member callee's property name, or null for other callees. */
export function calleeMethodName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
}

/** The last identifier a callee is spelled with: `a.b.c(...)` -> `c`, `f(...)` -> `f`. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return propertyName(callee);
  return null;
}

/** A string known without running anything: a literal, or a template with no expressions. */
export function literalString(node: Node | null | undefined): string | null {
  if (!node) return null;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') return inner.value;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) {
    return inner.quasis[0]?.value.cooked ?? null;
  }
  return null;
}

/** How many of `items`, in order of `startOf`, start before `offset`: found by bisection. */
export function countStartingBefore<Item>(items: readonly Item[], offset: number, startOf: (item: Item) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (startOf(items[middle]!) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether `inner` lies inside `outer` (or is it). */
export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** The innermost function that holds `node`, or null at module level. */
export function enclosingFunction(node: Node): FunctionLike | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return null;
}

/** What a function returns: its expression body, or the arguments of its own `return` statements (not those of nested functions). */
export function returnedExpressions(fn: FunctionLike, visitorKeys: Readonly<Record<string, readonly string[] | undefined>>): Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const returned: Node[] = [];
  walk(fn.body, visitorKeys, (node) => {
    if (isFunctionLike(node) || node.type === AST_NODE_TYPES.ClassBody) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) returned.push(node.argument);
    return undefined;
  });
  return returned;
}

/** Every node below `root`, visited once in source order; `visit` returning false skips a subtree. */
export function walk(
  root: Node,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
  visit: (node: Node) => boolean | void,
): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    const keys = visitorKeys[node.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) {
          const item = child[i] as Node | null;
          if (item && typeof item.type === 'string') stack.push(item);
        }
      } else if (child && typeof (child as Node).type === 'string') {
        stack.push(child as Node);
      }
    }
  }
}

/** A variable of the scope manager. */
export type Variable = TSESLint.Scope.Variable;

/** A scope of the scope manager. */
export type Scope = TSESLint.Scope.Scope;
