import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it, vi } from 'vitest';
import { FileIndex, fileIndexListeners, getFileIndex } from '../../src/analysis/engine/file-index';
import plugin from '../../src/index';
import { mergeListeners } from '../../src/util/create-rule';
import { analyze } from './analyze';

/** Code where references sit in every kind of scope, including those outside their innermost one. */
const SCOPES = `
  import express from 'express';
  const { Router } = require('express');
  let counter = 0;
  class Base {}
  class Child extends Base {
    field = counter;
    static { counter += 1; }
    method(value = counter) { return value + this.field; }
  }
  switch (counter) {
    case 0: { const inner = counter; counter = inner; break; }
    default: counter = 2;
  }
  for (const item of [counter]) for (let i = item; i < 3; i++) counter += i;
  const named = function self(n) { return n > 0 ? self(n - 1) : express; };
  label: { const shadow = Router; (() => shadow)(); }
  try { named(counter); } catch (error) { console.log(error, undeclaredGlobal); }
  export default (request, response) => response.send(request.body ?? named);
`;

describe('file index', () => {
  it('resolves every reference to the variable the scope manager resolved it to', () => {
    const { index } = analyze(SCOPES);
    const scopeManager = index.sourceCode.scopeManager!;
    let checked = 0;
    for (const scope of scopeManager.scopes) {
      for (const reference of scope.references) {
        const identifier = reference.identifier as TSESTree.Identifier;
        expect(index.variableOf(identifier), `${identifier.name} at ${identifier.range[0]}`).toBe(reference.resolved);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('gives no variable for undeclared globals and for names that are no references', () => {
    const { index } = analyze('const app = {}; app.listen(3000); undeclaredGlobal();');
    const body = index.sourceCode.ast.body;
    const call = (body[1] as TSESTree.ExpressionStatement).expression as TSESTree.CallExpression;
    const property = (call.callee as TSESTree.MemberExpression).property as TSESTree.Identifier;
    const global = ((body[2] as TSESTree.ExpressionStatement).expression as TSESTree.CallExpression).callee as TSESTree.Identifier;
    expect(index.variableOf(property)).toBeNull();
    expect(index.variableOf(global)).toBeNull();
    expect(index.isGlobal(global, 'undeclaredGlobal')).toBe(true);
  });

  it('knows which modules a file may import, by every import form', () => {
    const { index } = analyze(
      `import a from 'esm-default';
       import x = require('ts-equals');
       const b = require('cjs');
       const c = await import('dynamic');
       const d = require(\`template\`);
       import('node:crypto');`,
    );
    for (const module of ['esm-default', 'ts-equals', 'cjs', 'dynamic', 'template', 'crypto', 'node:crypto']) {
      expect(index.mayImport([module]), module).toBe(true);
    }
    expect(index.mayImport(['express', 'axios'])).toBe(false);
  });

  it('gives no module origin in a file that imports nothing', () => {
    const { index } = analyze('const express = globalThis.express; const app = express(); app.get("/", h);');
    const call = index.calls.find((candidate) => candidate.callee.type === 'Identifier');
    expect(call).toBeDefined();
    expect(index.originOf(call!.callee)).toBeNull();
    expect(index.mayImport(['express'])).toBe(false);
  });
});

/** Every shape the index records: calls and `new`, three kinds of function, four import forms. */
const RECORDED = `
  import express from 'express';
  import x = require('ts-equals');
  const axios = require('axios');
  const app = express();
  function handler(req, res) { res.json(new Date()); }
  app.get('/a', async (req, res) => { const m = await import('dynamic'); res.send(m.default(req.query)); });
  app.post('/b', function named(req, res) { return axios.get(req.body.url).then((r) => res.send(r.data)); });
  export default handler;
`;

function rangesOf(nodes: readonly TSESTree.Node[]): string[] {
  return nodes.map((node) => `${node.type}@${node.range.join('-')}`);
}

/** Lints `code` with a probe rule whose listeners are `listeners(context)`; returns what its Program:exit saw. */
function lintWithProbe(
  code: string,
  listeners: (context: TSESLint.RuleContext<string, []>, capture: (index: FileIndex) => void) => TSESLint.RuleListener,
): FileIndex {
  let captured: FileIndex | null = null;
  const probe = {
    meta: { type: 'problem', schema: [] },
    create: (context: TSESLint.RuleContext<string, []>) => listeners(context, (index) => (captured = index)),
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { probe: { rules: { probe } } as never },
        rules: { 'probe/probe': 'error' },
      },
    ],
    'file.ts',
  );
  expect(messages).toEqual([]);
  expect(captured).not.toBeNull();
  return captured!;
}

/** Functions of every kind, nested in every place a function can stand. */
const FUNCTIONS = `
  function outer(a, b = () => a) {
    const inner = function named(c) { return [1].map((d) => d + c); };
    return { method() { return inner; }, get value() { return b; }, arrow: async () => outer };
  }
  class Service { constructor() { this.x = () => 1; } static create() { return new Service(); } #hidden() {} }
  module.exports = { outer, Service, later: function* () { yield (function () {})(); } };
`;

/** The functions a walk of the tree finds, in the walk's order: what the index must list. */
function walkedFunctions(sourceCode: Readonly<TSESLint.SourceCode>): string[] {
  const found: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node) => {
    if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') found.push(node);
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) if (item && typeof item === 'object' && 'type' in item) visit(item as TSESTree.Node);
    }
  };
  visit(sourceCode.ast);
  return rangesOf(found);
}

/** The file index of `code` linted with espree as CommonJS (the Program has a function scope of its own there). */
function indexOfScript(code: string): FileIndex {
  let captured: FileIndex | null = null;
  const probe = {
    meta: { type: 'problem', schema: [] },
    create: (context: TSESLint.RuleContext<string, []>) =>
      mergeListeners(fileIndexListeners(context.sourceCode)!, { 'Program:exit': () => (captured = getFileIndex(context.sourceCode)) }),
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [{ files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' }, plugins: { probe: { rules: { probe } } as never }, rules: { 'probe/probe': 'error' } }],
    'file.js',
  );
  expect(messages).toEqual([]);
  return captured!;
}

describe('file index: functions from the scope manager, imports from the top level', () => {
  it('lists every function a walk of the tree finds, in source order, with espree as CommonJS', () => {
    const index = indexOfScript(FUNCTIONS);
    expect(rangesOf(index.functions)).toEqual(walkedFunctions(index.sourceCode));
    expect(index.functions).toHaveLength(13);
  });

  it('lists every function a walk finds with the TypeScript parser, and no body-less signature', () => {
    const code = `${FUNCTIONS}
      declare function declared(a: string): void;
      abstract class Shape { abstract area(): number; overload(a: string): void; overload(a: unknown) {} }`;
    const index = lintWithProbe(code, (context, capture) =>
      mergeListeners(fileIndexListeners(context.sourceCode)!, { 'Program:exit': () => capture(getFileIndex(context.sourceCode)) }),
    );
    expect(rangesOf(index.functions)).toEqual(walkedFunctions(index.sourceCode));
    // The one overload with a body; the signatures and the abstract method have none.
    expect(index.functions).toHaveLength(14);
  });

  it('knows the modules of exported import-equals declarations and of imports inside a declared module', () => {
    const { index } = analyze(`
      export import exported = require('exported-equals');
      declare module 'augmented' { import type { Inner } from 'inside-module'; }
      namespace Space { import local = require('inside-namespace'); }
      export { fromReexport } from 're-exported';
    `);
    for (const module of ['exported-equals', 'inside-module', 'inside-namespace']) expect(index.mayImport([module]), module).toBe(true);
    expect(index.mayImport(['re-exported'])).toBe(false);
  });
});

describe('file index: filled by the traversal', () => {
  it("records during ESLint's traversal what a walk of the tree finds, in the same order", () => {
    const index = lintWithProbe(RECORDED, (context, capture) =>
      mergeListeners(fileIndexListeners(context.sourceCode)!, {
        'Program:exit': () => capture(getFileIndex(context.sourceCode)),
      }),
    );
    const walked = FileIndex.ofTree(index.sourceCode);
    expect(walked).not.toBe(index);
    expect(rangesOf(index.calls)).toEqual(rangesOf(walked.calls));
    expect(rangesOf(index.functions)).toEqual(rangesOf(walked.functions));
    expect(index.calls).toHaveLength(11);
    expect(index.functions).toHaveLength(4);
    for (const module of ['express', 'ts-equals', 'axios', 'dynamic']) expect(index.mayImport([module]), module).toBe(true);
  });

  it('sets up the listeners once per file: a second rule gets null', () => {
    const index = lintWithProbe('call();', (context, capture) => {
      const first = fileIndexListeners(context.sourceCode)!;
      expect(Object.keys(first)).toContain('CallExpression');
      expect(fileIndexListeners(context.sourceCode)).toBeNull();
      return mergeListeners(first, { 'Program:exit': () => capture(getFileIndex(context.sourceCode)) });
    });
    expect(rangesOf(index.calls)).toEqual(['CallExpression@0-6']);
  });

  it('asked before the traversal has ended, walks the whole tree once and keeps that index', () => {
    let early: FileIndex | null = null;
    const index = lintWithProbe('first(); second(); function later() { third(); }', (context, capture) =>
      mergeListeners(fileIndexListeners(context.sourceCode)!, {
        CallExpression() {
          early ??= getFileIndex(context.sourceCode);
        },
        'Program:exit': () => capture(getFileIndex(context.sourceCode)),
      }),
    );
    expect(index).toBe(early);
    expect(index.calls).toHaveLength(3);
    expect(index.functions).toHaveLength(1);
  });

  it('is filled by the traversal when all six rules lint a file: none of them walks the tree', () => {
    const walks = vi.spyOn(FileIndex, 'ofTree');
    try {
      const messages = new Linter({ configType: 'flat' }).verify(
        RECORDED,
        [
          { files: ['**/*.ts'], languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' } },
          plugin.configs.strict as Linter.Config,
        ],
        'app.ts',
      );
      expect(messages.map((message) => message.ruleId)).toContain('express-security/require-helmet');
      expect(walks).not.toHaveBeenCalled();
    } finally {
      walks.mockRestore();
    }
  });
});
