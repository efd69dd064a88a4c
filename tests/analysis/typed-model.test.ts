import { readFileSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { Instance, Route } from '../../src/analysis/express';
import plugin from '../../src/index';
import { analyze } from './analyze';

// A small program on the real @types/express: routers and apps that reach a file under names,
// calls and properties the syntax model cannot recognise, and look-alikes that are not express.
const FIXTURE = path.resolve(__dirname, '../fixtures/typed-program');
// typescript-eslint switches to single-run mode when CI=true; in that mode a file parsed a second
// time (as these tests do, typed and untyped) gets a program of that file alone, without its imports.
const TYPED = { project: './tsconfig.json', tsconfigRootDir: FIXTURE, disallowAutomaticSingleRunInference: true };

function fixture(name: string): { file: string; code: string } {
  const file = path.join(FIXTURE, name);
  return { file, code: readFileSync(file, 'utf8') };
}

function modelOf(name: string, typed: boolean) {
  const { file, code } = fixture(name);
  return analyze(code, { filename: file, parserOptions: typed ? TYPED : {} }).model;
}

const instanceSummary = (instance: Instance) => [instance.kind, instance.origin, instance.node.type];
const routeSummary = (route: Route) => [route.method, route.path, route.handler?.req?.name ?? null, route.handler?.res?.name ?? null];

/** Every finding of the `strict` config on a fixture file: rule, message, full position. */
function findingsOf(name: string, typed: boolean): (string | number | null | undefined)[][] {
  const { file, code } = fixture(name);
  const strict = plugin.configs.strict;
  const linter = new Linter({ configType: 'flat', cwd: FIXTURE });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, parserOptions: typed ? TYPED : {} },
        plugins: strict.plugins,
        rules: strict.rules,
      } as Linter.Config,
    ],
    file,
  );
  return messages.map((message) => [message.ruleId, message.messageId, message.line, message.column, message.endLine, message.endColumn]);
}

describe('typed model: instances by type across files', () => {
  it('recognises a router imported under another name and used with a path constant (read as its value) and route()', () => {
    expect(modelOf('notes.ts', false).instances).toEqual([]);
    const model = modelOf('notes.ts', true);
    expect(model.instances.map(instanceSummary)).toEqual([['router', 'imported', 'Identifier']]);
    expect(model.routes.map(routeSummary)).toEqual([
      ['patch', '/notes/:id', 'incoming', 'outgoing'],
      ['post', '/notes', 'incoming', 'outgoing'],
    ]);
    expect(model.routes[0]!.ownMiddleware.map((middleware) => [...middleware.kinds])).toEqual([['authentication']]);
  });

  it('recognises parameters typed through an alias from another file and through an interface extending Router', () => {
    expect(modelOf('admin.ts', false).instances).toEqual([]);
    const model = modelOf('admin.ts', true);
    expect(model.instances.map(instanceSummary)).toEqual([
      ['router', 'parameter', 'Identifier'],
      ['router', 'parameter', 'Identifier'],
    ]);
    expect(model.routes.map(routeSummary)).toEqual([
      ['delete', '/admin/users/:id', 'incoming', 'outgoing'],
      ['get', '/audit', 'incoming', 'outgoing'],
    ]);
  });

  it('recognises apps held in properties: of a parameter, of this, and destructured', () => {
    expect(modelOf('server.ts', false).instances).toEqual([]);
    const model = modelOf('server.ts', true);
    expect(model.instances.map(instanceSummary)).toEqual([
      ['app', 'imported', 'Identifier'],
      ['app', 'imported', 'MemberExpression'],
      ['app', 'imported', 'MemberExpression'],
    ]);
    expect(model.routes.map(routeSummary)).toEqual([
      ['get', '/health', 'incoming', 'outgoing'],
      ['post', '/signup', 'incoming', 'outgoing'],
      ['get', '/status', 'incoming', 'outgoing'],
    ]);
  });

  it('keeps a router created in the file as it is', () => {
    expect(modelOf('router.ts', true).instances.map(instanceSummary)).toEqual([['router', 'created', 'CallExpression']]);
    expect(modelOf('router.ts', false).instances.map(instanceSummary)).toEqual([['router', 'created', 'CallExpression']]);
  });

  it('does not make a second instance of a variable that renames an app of the file', () => {
    const model = modelOf('app.ts', true);
    expect(model.instances.map(instanceSummary)).toEqual([['app', 'created', 'CallExpression']]);
  });

  it('reads generic constraints, unions and intersections of express types', () => {
    const model = modelOf('shapes.ts', true);
    expect(model.instances.map((instance) => [instance.kind, (instance.node as { name?: string }).name])).toEqual([
      ['router', 'table'],
      ['app', 'target'],
      ['router', 'tagged'],
    ]);
  });

  it('does not take an object of another type for express, whatever its name and calls', () => {
    // Without types, the names `api` and `router` and the route-shaped calls make a guess.
    expect(modelOf('sync.ts', false).instances.map(instanceSummary)).toEqual([
      ['app', 'imported', 'Identifier'],
      ['router', 'parameter', 'Identifier'],
    ]);
    const model = modelOf('sync.ts', true);
    expect(model.instances).toEqual([]);
    expect(model.routes).toEqual([]);
  });
});

describe('typed model: rule findings', () => {
  it('reports the imported router routes in typed mode only', () => {
    expect(findingsOf('notes.ts', false)).toEqual([]);
    expect(findingsOf('notes.ts', true)).toEqual([
      ['express-security/require-rate-limit', 'missingRateLimitExpensive', 9, 1, 12, 3],
      ['express-security/no-auth-without-authz', 'missingAuthorization', 10, 22, 10, 100],
      ['express-security/require-validation', 'unvalidatedInput', 10, 84, 10, 97],
      ['express-security/require-rate-limit', 'missingRateLimitExpensive', 14, 1, 17, 3],
      ['express-security/require-validation', 'unvalidatedInput', 15, 49, 15, 62],
    ]);
  });

  it('reports routes on typed parameters in typed mode only', () => {
    expect(findingsOf('admin.ts', false)).toEqual([]);
    expect(findingsOf('admin.ts', true)).toEqual([
      ['express-security/require-rate-limit', 'missingRateLimitExpensive', 7, 3, 10, 5],
      ['express-security/no-auth-without-authz', 'missingAuthorization', 8, 11, 8, 68],
      ['express-security/require-validation', 'unvalidatedInput', 16, 23, 16, 37],
    ]);
  });

  it('reports routes on apps held in properties in typed mode only', () => {
    expect(findingsOf('server.ts', false)).toEqual([]);
    expect(findingsOf('server.ts', true)).toEqual([
      ['express-security/require-validation', 'unvalidatedInput', 7, 23, 7, 37],
      ['express-security/require-rate-limit', 'missingRateLimit', 15, 5, 17, 7],
      ['express-security/require-validation', 'unvalidatedInput', 16, 25, 16, 38],
      ['express-security/require-validation', 'unvalidatedInput', 25, 23, 25, 37],
    ]);
  });

  it('drops the syntax guess on a look-alike once the types are known', () => {
    expect(findingsOf('sync.ts', false)).toEqual([
      ['express-security/require-validation', 'unvalidatedInput', 4, 35, 4, 45],
      ['express-security/require-validation', 'unvalidatedInput', 7, 42, 7, 52],
    ]);
    expect(findingsOf('sync.ts', true)).toEqual([]);
  });
});
