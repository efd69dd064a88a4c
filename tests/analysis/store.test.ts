import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/analysis/engine/ast';
import { walk } from '../../src/analysis/engine/ast';
import type { FileIndex } from '../../src/analysis/engine/file-index';
import { isConstLike } from '../../src/analysis/engine/file-index';
import { fileSlot, fileStore, keyedSlot, keyedValues, nodeMemo, programOfVariable, storeOf, variableMemo } from '../../src/analysis/engine/store';
import { isValidationCall } from '../../src/analysis/libraries/validators';
import { analyze } from './analyze';

const CODE = `
  const express = require('express');
  const app = express();
  let counter = 0;
  counter += 1;
  function first(a) { return a; }
  app.get('/x', (req, res) => res.send(first(req.query.a)));
`;

/** The calls of a file, in source order. */
function callsOf(index: FileIndex): TSESTree.CallExpression[] {
  return index.calls.filter((call): call is TSESTree.CallExpression => call.type === AST_NODE_TYPES.CallExpression);
}

function callNamed(index: FileIndex, name: string): TSESTree.CallExpression {
  const call = callsOf(index).find((found) => found.callee.type === AST_NODE_TYPES.Identifier && found.callee.name === name);
  if (!call) throw new Error(`no call of ${name}`);
  return call;
}

describe('per-file store', () => {
  it('keeps a slot value per file: another file does not see it', () => {
    const slot = fileSlot<string>('test value');
    const one = analyze(CODE).index;
    const other = analyze(CODE.replace('first', 'third')).index;
    storeOf(one).set(slot, 'one');
    expect(storeOf(one).get(slot)).toBe('one');
    expect(storeOf(one.sourceCode).get(slot)).toBe('one');
    expect(storeOf(other).has(slot)).toBe(false);
    expect(storeOf(other).get(slot)).toBeUndefined();
  });

  it('starts fresh on a new Program of the same text (an editor re-lint)', () => {
    const slot = fileSlot<number>('test count');
    const before = analyze(CODE);
    storeOf(before.index).set(slot, 1);
    const after = analyze(CODE);
    expect(after.index.sourceCode.ast).not.toBe(before.index.sourceCode.ast);
    expect(storeOf(after.index).has(slot)).toBe(false);
    // The analysis itself lives in the store: a new tree gets a new one.
    expect(after).not.toBe(before);
    expect(after.model).not.toBe(before.model);
  });

  it('keeps the store where no walk, copy or comparison of the tree sees it', () => {
    const program = analyze(CODE).index.sourceCode.ast;
    const store = fileStore(program);
    expect(fileStore(program)).toBe(store);
    // Not enumerable: a spread copy of the node (as a deep comparison or a clone makes) carries no store.
    expect(fileStore({ ...program })).not.toBe(store);
    expect(Object.getOwnPropertySymbols(program).some((key) => Object.prototype.propertyIsEnumerable.call(program, key))).toBe(false);
  });

  it('gives a frozen tree a store of its own too', () => {
    const program = Object.freeze({ ...analyze(CODE).index.sourceCode.ast });
    const slot = fileSlot<string>('test frozen');
    fileStore(program).set(slot, 'kept');
    expect(fileStore(program).get(slot)).toBe('kept');
    expect(fileStore(analyze(CODE).index.sourceCode.ast).has(slot)).toBe(false);
  });

  it('computes a slot once with ensure, and keeps a null value as known', () => {
    const slot = fileSlot<string | null>('test nullable');
    const store = fileStore(analyze(CODE).index.sourceCode.ast);
    let computed = 0;
    const compute = () => {
      computed++;
      return null;
    };
    expect(store.ensure(slot, compute)).toBeNull();
    expect(store.has(slot)).toBe(true);
    expect(store.ensure(slot, compute)).toBeNull();
    expect(computed).toBe(1);
  });

  it('gives each keyed slot one map per file', () => {
    const slot = keyedSlot<Node, number>('test keyed');
    const one = analyze(CODE).index;
    const other = analyze(CODE).index;
    keyedValues(storeOf(one), slot).set(one.sourceCode.ast, 1);
    expect(keyedValues(storeOf(one), slot)).toBe(keyedValues(storeOf(one), slot));
    expect(keyedValues(storeOf(other), slot).size).toBe(0);
  });
});

describe('node memo', () => {
  it('keys the answer on the node and every further argument', () => {
    const asked: string[] = [];
    const memo = nodeMemo('test depth', (node: Node, _index: FileIndex, depth: number, label: string) => {
      asked.push(`${node.type}:${depth}:${label}`);
      return { depth, label };
    });
    const { index } = analyze(CODE);
    const call = callNamed(index, 'first');
    const atOne = memo(call, index, 1, 'a');
    expect(memo(call, index, 1, 'a')).toBe(atOne);
    // Another depth, or another last argument, is another answer, not the first one handed back.
    expect(memo(call, index, 2, 'a')).toEqual({ depth: 2, label: 'a' });
    expect(memo(call, index, 1, 'b')).toEqual({ depth: 1, label: 'b' });
    expect(memo(callNamed(index, 'express'), index, 1, 'a')).not.toBe(atOne);
    expect(asked).toEqual(['CallExpression:1:a', 'CallExpression:2:a', 'CallExpression:1:b', 'CallExpression:1:a']);
  });

  it('keeps falsy answers and answers per file', () => {
    let computed = 0;
    const memo = nodeMemo('test falsy', (_node: Node, _index: FileIndex) => {
      computed++;
      return false;
    });
    const one = analyze(CODE).index;
    const other = analyze(CODE).index;
    expect(memo(one.sourceCode.ast, one)).toBe(false);
    expect(memo(one.sourceCode.ast, one)).toBe(false);
    expect(computed).toBe(1);
    expect(memo(other.sourceCode.ast, other)).toBe(false);
    expect(computed).toBe(2);
  });

  it('hands a recursive ask the placeholder and counts hits', () => {
    const counter = { computed: 0, hits: 0 };
    const seen: unknown[] = [];
    const memo: (node: Node, index: FileIndex) => string[] = nodeMemo(
      'test cycle',
      (node: Node, index: FileIndex) => {
        seen.push(memo(node, index));
        return ['done'];
      },
      { whileComputing: () => ['pending'], counter },
    );
    const { index } = analyze(CODE);
    expect(memo(index.sourceCode.ast, index)).toEqual(['done']);
    expect(memo(index.sourceCode.ast, index)).toEqual(['done']);
    expect(seen).toEqual([['pending']]);
    expect(counter).toEqual({ computed: 1, hits: 2 });
  });

  it('answers a validator definition by its depth budget, whichever call asks first', () => {
    // `validateOuter` reaches `checkName` one level further down than `validateInner` does: at the
    // depth limit a validator name is taken at its word, one level up its body is read.
    const { index } = analyze(`
      function checkName(x) { save(x); }
      function validateInner(x) { return checkName(x); }
      function validateOuter(x) { return validateInner(x); }
      validateOuter(a);
      validateInner(b);
    `);
    const [outer, inner] = callsOf(index).filter((call) => call.parent?.parent?.type === AST_NODE_TYPES.Program);
    expect(isValidationCall(outer!, index)).toBe(true);
    expect(isValidationCall(inner!, index)).toBe(false);
    // Asked the other way round in a fresh tree, the same answers.
    const fresh = analyze(index.sourceCode.text).index;
    const [freshOuter, freshInner] = callsOf(fresh).filter((call) => call.parent?.parent?.type === AST_NODE_TYPES.Program);
    expect(isValidationCall(freshInner!, fresh)).toBe(false);
    expect(isValidationCall(freshOuter!, fresh)).toBe(true);
  });
});

describe('variable memo', () => {
  it('finds the file of a variable and answers once per variable', () => {
    const { index } = analyze(CODE);
    const variables = new Map<string, NonNullable<ReturnType<FileIndex['variableOf']>>>();
    walk(index.sourceCode.ast, index.sourceCode.visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.Identifier) {
        const variable = index.variableOf(node);
        if (variable) variables.set(variable.name, variable);
      }
    });
    const counter = variables.get('counter')!;
    expect(programOfVariable(counter)).toBe(index.sourceCode.ast);
    expect(isConstLike(counter)).toBe(false);
    expect(isConstLike(variables.get('app')!)).toBe(true);
    let computed = 0;
    const memo = variableMemo('test variables', (variable) => {
      computed++;
      return variable.name.length;
    });
    expect(memo(counter)).toBe(7);
    expect(memo(counter)).toBe(7);
    expect(computed).toBe(1);
  });
});
