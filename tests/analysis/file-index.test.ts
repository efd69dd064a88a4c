import { describe, expect, it } from 'vitest';
import type { TSESTree } from '@typescript-eslint/utils';
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
