import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import { checksAuthorization } from '../../src/analysis/authorization/authorization';
import { userContextOf } from '../../src/analysis/request/current-user';
import { currentUserTypes, requestUserProperties } from '../../src/analysis/express/types';
import type { FileIndex } from '../../src/analysis/engine/file-index';
import { getRequestData } from '../../src/analysis/request/request-data';
import { noAuthWithoutAuthz } from '../../src/rules/no-auth-without-authz';
import { analyze } from './analyze';

// A program on the real @types/express in which the requester lives under names the syntax does not
// know (`req.account`, `res.locals.currentAccount`), declared by declaration merging in the global
// `Express` namespace, next to passport's `Express.User` and a user loaded from the path.
const FIXTURE = path.resolve(__dirname, '../fixtures/typed-user');
// typescript-eslint switches to single-run mode when CI=true; see typed-model.test.ts.
const TYPED = { project: './tsconfig.json', tsconfigRootDir: FIXTURE, disallowAutomaticSingleRunInference: true };

function source(name: string): string {
  return readFileSync(path.join(FIXTURE, name), 'utf8');
}

function analyzed(name: string, typed: boolean) {
  return analyze(source(name), { filename: path.join(FIXTURE, name), parserOptions: typed ? TYPED : {} });
}

/** The value of `export const <name> = …` in a fixture file. */
function initOfConst(index: FileIndex, name: string): TSESTree.Expression {
  for (const statement of index.sourceCode.ast.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : null;
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name && declarator.init) return declarator.init;
    }
  }
  throw new Error(`no const ${name}`);
}

describe('currentUserTypes', () => {
  const { index } = analyzed('probes.ts', true);
  const isUser = currentUserTypes(index.sourceCode)!;
  const typeOf = (name: string) => isUser(initOfConst(index, name));

  it('accepts the global Express.User, with or without undefined, extended or intersected', () => {
    expect(typeOf('passportUser')).toBe(true);
    expect(typeOf('maybeUser')).toBe(true);
    expect(typeOf('admin')).toBe(true);
    expect(typeOf('tagged')).toBe(true);
  });

  it('accepts the type of a principal property merged into Express.Request, with or without null', () => {
    expect(typeOf('account')).toBe(true);
    // The test says what a value is, not whose: any Account is an account.
    expect(typeOf('accountLike')).toBe(true);
  });

  it('rejects other types and unions with a non-user member, and does not know `any`', () => {
    expect(typeOf('note')).toBe(false);
    expect(typeOf('id')).toBe(false);
    expect(typeOf('mixed')).toBe(false);
    expect(typeOf('request')).toBe(false);
    expect(typeOf('unknownValue')).toBeNull();
  });

  it('is null without type information', () => {
    expect(currentUserTypes(analyzed('probes.ts', false).index.sourceCode)).toBeNull();
  });
});

describe('requestUserProperties', () => {
  const { index } = analyzed('probes.ts', true);
  const isUserProperty = requestUserProperties(index.sourceCode)!;
  const request = initOfConst(index, 'request');
  const locals = initOfConst(index, 'locals');

  it('accepts principal properties merged into Express.Request and Express.Locals', () => {
    expect(isUserProperty(request, 'account')).toBe(true);
    expect(isUserProperty(request, 'user')).toBe(true);
    expect(isUserProperty(locals, 'currentAccount')).toBe(true);
  });

  it('accepts by type alone a merged user that is not the requester: the rule decides by name', () => {
    expect(isUserProperty(request, 'targetUser')).toBe(true);
  });

  it("rejects express's own request properties, missing ones, and properties of other objects", () => {
    expect(isUserProperty(request, 'params')).toBe(false);
    expect(isUserProperty(request, 'nothing')).toBe(false);
    expect(isUserProperty(initOfConst(index, 'args'), 'account')).toBe(false);
    expect(isUserProperty(initOfConst(index, 'unknownValue'), 'account')).toBeNull();
  });

  it('is null without type information', () => {
    expect(requestUserProperties(analyzed('probes.ts', false).index.sourceCode)).toBeNull();
  });
});

describe('ownership checks on a typed requester', () => {
  /** Whether the handler of the file's route registered at `line` checks authorization itself. */
  function checksAt(name: string, line: number, typed: boolean): boolean {
    const { model, index } = analyzed(name, typed);
    const handler = model.routes.find((route) => route.node.loc.start.line === line)?.handler;
    if (!handler) throw new Error(`no route at line ${line}`);
    const requestData = getRequestData(handler, index);
    return checksAuthorization(handler.fn.body, userContextOf(handler, requestData, index), requestData);
  }

  it('counts a comparison with req.account, res.locals.currentAccount or a destructured account in typed mode only', () => {
    expect([9, 22, 28].map((line) => checksAt('owned.ts', line, true))).toEqual([true, true, true]);
    expect([9, 22, 28].map((line) => checksAt('owned.ts', line, false))).toEqual([false, false, false]);
  });

  it('does not count req.targetUser or a local Express.User', () => {
    expect(checksAt('unowned.ts', 14, true)).toBe(false);
    expect(checksAt('unowned.ts', 21, true)).toBe(false);
  });

  it('does not count req.account where the same file loads it from the path', () => {
    // The type says it is an account; the app.param loader says it is the one the client named.
    const { model, index } = analyzed('param-loader.ts', true);
    const req = model.routes[0]!.handler!.fn.params[0]!;
    expect(requestUserProperties(index.sourceCode)!(req, 'account')).toBe(true);
    expect(checksAt('param-loader.ts', 13, true)).toBe(false);
  });
});

const typedTester = new RuleTester({ languageOptions: { parserOptions: TYPED } });
const untypedTester = new RuleTester();

typedTester.run('no-auth-without-authz (typed linting)', noAuthWithoutAuthz, {
  valid: [
    {
      name: '(a) req.account (requireAuth, passport.authenticate), res.locals.currentAccount and a destructured account: compared or filtered',
      filename: 'owned.ts',
      code: source('owned.ts'),
    },
  ],
  invalid: [
    {
      name: '(b) no check; (c) compared with req.targetUser (typed Express.User) or with a local Express.User',
      filename: 'unowned.ts',
      code: source('unowned.ts'),
      errors: [
        { messageId: 'missingAuthorization', line: 9, column: 22, endLine: 9, endColumn: 78 },
        { messageId: 'missingAuthorization', line: 15, column: 22, endLine: 15, endColumn: 78 },
        { messageId: 'missingAuthorization', line: 23, column: 22, endLine: 23, endColumn: 78 },
      ],
    },
    {
      name: '(c) req.account filled from the path by an app.param loader of the same file is not the requester',
      filename: 'param-loader.ts',
      code: source('param-loader.ts'),
      errors: [{ messageId: 'missingAuthorization', line: 14, column: 22, endLine: 14, endColumn: 78 }],
    },
  ],
});

untypedTester.run('no-auth-without-authz (syntax only, unchanged)', noAuthWithoutAuthz, {
  valid: [],
  invalid: [
    {
      name: '(d) without types req.account and res.locals.currentAccount are unknown names: every route of (a) is a finding',
      filename: 'owned.ts',
      code: source('owned.ts'),
      errors: [
        { messageId: 'missingAuthorization', line: 10, column: 22, endLine: 10, endColumn: 78 },
        { messageId: 'missingAuthorization', line: 17, column: 22, endLine: 17, endColumn: 103 },
        { messageId: 'missingAuthorization', line: 23, column: 22, endLine: 23, endColumn: 78 },
        { messageId: 'missingAuthorization', line: 30, column: 22, endLine: 30, endColumn: 78 },
      ],
    },
    {
      name: '(b) and (c) without types',
      filename: 'unowned.ts',
      code: source('unowned.ts'),
      errors: [
        { messageId: 'missingAuthorization', line: 9, column: 22, endLine: 9, endColumn: 78 },
        { messageId: 'missingAuthorization', line: 15, column: 22, endLine: 15, endColumn: 78 },
        { messageId: 'missingAuthorization', line: 23, column: 22, endLine: 23, endColumn: 78 },
      ],
    },
    {
      name: '(c) the app.param loader file without types',
      filename: 'param-loader.ts',
      code: source('param-loader.ts'),
      errors: [{ messageId: 'missingAuthorization', line: 14, column: 22, endLine: 14, endColumn: 78 }],
    },
  ],
});
