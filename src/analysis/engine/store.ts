import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Node, Variable } from './ast';

/**
 * The one place the analysis keeps what it has worked out about a file. Each kind of value is a
 * slot, declared once where it is computed; the values live in the store of the file's `Program`,
 * so they last exactly as long as the tree they describe: nothing carries over from one linted
 * file to the next, and an editor's re-lint (a new tree) starts fresh. A project file parsed to
 * follow an import has a store of its own, kept as long as its tree is (see `cross-file/load`).
 */

/** Anything that belongs to one file: its file index, or the file's source code holder. */
export interface OfFile {
  readonly sourceCode: { readonly ast: TSESTree.Program };
}

/** A kind of value kept once per file. `Value` types what `get`/`set` take and give; `null` is a value, `undefined` means none yet. */
export interface FileSlot<Value> {
  /** What the slot holds, for readers and error messages. */
  readonly name: string;
  readonly id: number;
  /** Never set: carries the value type. */
  readonly valueType?: Value;
}

let slotCount = 0;

/** Declares a slot: `const requestsSlot = fileSlot<OutboundRequest[]>('outbound requests')`. */
export function fileSlot<Value>(name: string): FileSlot<Value> {
  return { name, id: slotCount++ };
}

/** The values of one file, by slot. */
export class FileStore {
  private readonly values: unknown[] = [];

  has(slot: FileSlot<unknown>): boolean {
    return this.values[slot.id] !== undefined;
  }

  get<Value>(slot: FileSlot<Value>): Value | undefined {
    return this.values[slot.id] as Value | undefined;
  }

  set<Value>(slot: FileSlot<Value>, value: Value): Value {
    this.values[slot.id] = value;
    return value;
  }

  /** The slot's value, computed by `create` the first time it is asked for. */
  ensure<Value>(slot: FileSlot<Value>, create: () => Value): Value {
    const value = this.values[slot.id] as Value | undefined;
    return value !== undefined ? value : this.set(slot, create());
  }
}

/**
 * Where a tree keeps its store: a property of its `Program` node, under a symbol of ours, not
 * enumerable (no walk, clone or comparison of the tree sees it). Every memo of every analysis
 * asks for the store, several thousand times in a large file: a property read is a fraction of a
 * WeakMap lookup, and the first ask of a file adds no entry to a table the collector must sweep.
 */
const STORE = Symbol('express-security file store');
/** The stores of trees that cannot take a property (a frozen tree). */
const storesOfFrozenTrees = new WeakMap<TSESTree.Program, FileStore>();

type ProgramWithStore = TSESTree.Program & { [STORE]?: FileStore };

/** The store of the file whose tree `program` is. */
export function fileStore(program: TSESTree.Program): FileStore {
  const held = (program as ProgramWithStore)[STORE];
  return held ?? newStore(program);
}

function newStore(program: TSESTree.Program): FileStore {
  let store = storesOfFrozenTrees.get(program);
  if (store) return store;
  store = new FileStore();
  if (Object.isExtensible(program)) Object.defineProperty(program, STORE, { value: store });
  else storesOfFrozenTrees.set(program, store);
  return store;
}

/** The store of a file's source code or index. */
export function storeOf(file: OfFile | Readonly<TSESLint.SourceCode>): FileStore {
  return fileStore('ast' in file ? file.ast : file.sourceCode.ast);
}

/**
 * A slot of per-key values: a map of the file's nodes (or variables, routes, …) to what was
 * worked out about each. The keys must belong to the file whose store holds the map.
 */
export function keyedSlot<Key, Value>(name: string): FileSlot<Map<Key, Value>> {
  return fileSlot<Map<Key, Value>>(name);
}

/** The map of a keyed slot in a file's store, created empty on first use. */
export function keyedValues<Key, Value>(store: FileStore, slot: FileSlot<Map<Key, Value>>): Map<Key, Value> {
  // Asked on every memo call: no closure for `ensure` to allocate.
  return store.get(slot) ?? store.set(slot, new Map<Key, Value>());
}

/** How a memo treats a recursive ask and whom it tells of its hits. */
export interface MemoOptions<Result> {
  /** The answer a recursive ask about the same key gets while the first is being computed (a cycle of calls). */
  whileComputing?: () => Result;
  /** Counts the answers computed and those reused, for the benchmark. */
  counter?: { computed: number; hits: number };
}

/**
 * A per-node answer, computed once per file and arguments. Routes share their app-level
 * middleware and its function bodies, so an answer about one middleware is computed once per
 * file, not once per route. The answer is kept in the store of `file`, under the node and every
 * further argument (compared by identity): an answer that depends on a depth budget, settings or
 * a function is never handed to a caller that passed another one. An answer that depends on
 * nothing but the node takes just `(node, file)`, `file` being the node's own file.
 */
export function nodeMemo<File extends OfFile, Args extends unknown[], Result>(
  name: string,
  compute: (node: Node, file: File, ...args: Args) => Result,
  options: MemoOptions<Result> = {},
): (node: Node, file: File, ...args: Args) => Result {
  const slot = keyedSlot<unknown, unknown>(name);
  const { whileComputing, counter } = options;
  return (node, file, ...args) => {
    let level = keyedValues(fileStore(file.sourceCode.ast), slot);
    let key: unknown = node;
    for (const argument of args) {
      let next = level.get(key) as Map<unknown, unknown> | undefined;
      if (!next) {
        next = new Map();
        level.set(key, next);
      }
      level = next;
      key = argument;
    }
    const known = level.get(key);
    if (known !== undefined || level.has(key)) {
      if (counter) counter.hits++;
      return known as Result;
    }
    if (counter) counter.computed++;
    if (whileComputing) level.set(key, whileComputing());
    const result = compute(node, file, ...args);
    level.set(key, result);
    return result;
  };
}

/** The tree a scope manager's variable belongs to: the block of its outermost scope. */
export function programOfVariable(variable: Variable): TSESTree.Program | null {
  let scope = variable.scope;
  while (scope.upper) scope = scope.upper;
  return scope.block.type === 'Program' ? scope.block : null;
}

/**
 * A per-variable answer, kept in the store of the variable's own file (found from its scope, for
 * the callers that hold a variable and no file). A variable of no program (none in practice) is
 * answered each time.
 */
export function variableMemo<Result>(name: string, compute: (variable: Variable) => Result): (variable: Variable) => Result {
  const slot = keyedSlot<Variable, Result>(name);
  return (variable) => {
    const program = programOfVariable(variable);
    if (!program) return compute(variable);
    const values = keyedValues(fileStore(program), slot);
    const known = values.get(variable);
    if (known !== undefined || values.has(variable)) return known as Result;
    const result = compute(variable);
    values.set(variable, result);
    return result;
  };
}
