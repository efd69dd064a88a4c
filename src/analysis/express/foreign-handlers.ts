import path from 'node:path';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { propertyName, unwrap } from '../engine/ast';
import type { Handler, Route } from './model';
import { handlerOf } from './functions';
import type { FileIndex } from '../engine/file-index';
import { keyedSlot, keyedValues, storeOf } from '../engine/store';
import { resolveForeignFunction } from '../cross-file/exports';
import { projectScopeOf } from '../cross-file/project-scope';

/** A route's handler that lives in another project file. */
export interface ForeignHandler {
  handler: Handler;
  /** The index of the handler's own file: every analysis of the handler reads it. */
  index: FileIndex;
  /** How the route file names it: `allocationsHandler.displayAllocations`. */
  name: string;
}

const foreignHandlersSlot = keyedSlot<Route, ForeignHandler | null>('foreign handlers');

/**
 * The handler of a route that the route file imports from another project file, found on first
 * use (only the rules that judge handlers ask): `controller.show`, `new Handler(db).show`, a
 * factory's result. Null when the handler is in this file or cannot be followed.
 */
export function foreignHandlerOf(route: Route, index: FileIndex): ForeignHandler | null {
  if (route.handler || !route.handlerNode) return null;
  const foreignHandlers = keyedValues(storeOf(index), foreignHandlersSlot);
  if (foreignHandlers.has(route)) return foreignHandlers.get(route)!;
  let found: ForeignHandler | null = null;
  const foreign = resolveForeignFunction(route.handlerNode, index);
  if (foreign && foreign.fn.params.length > 0) {
    found = { handler: handlerOf(foreign.fn, foreign.file.index), index: foreign.file.index, name: referenceName(route.handlerNode) };
  }
  foreignHandlers.set(route, found);
  return found;
}

/** `controller.show`, `show`, `retrieveBasket()`: how the code names a reference, for messages. */
function referenceName(node: Node): string {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = propertyName(inner);
    const object = unwrap(inner.object);
    const owner = object.type === AST_NODE_TYPES.Identifier ? `${object.name}.` : '';
    return name === null ? 'its handler' : `${owner}${name}`;
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) return `${referenceName(inner.callee)}()`;
  return 'its handler';
}

/** `app/routes/allocations.js:23`: a node of another file, named from the working directory as ESLint users read paths. */
export function placeOf(node: Node, index: FileIndex, cwd: string): string {
  const file = projectScopeOf(index)?.file ?? '';
  const relative = path.relative(cwd, file).split(path.sep).join('/');
  return `${relative}:${node.loc.start.line}`;
}
