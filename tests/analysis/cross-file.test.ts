import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionLike } from '../../src/analysis/engine/ast';
import { propertyName } from '../../src/analysis/engine/ast';
import type { ForeignFunction } from '../../src/analysis/cross-file/exports';
import { resolveForeignFunction } from '../../src/analysis/cross-file/exports';
import { foreignHandlerOf, placeOf } from '../../src/analysis/express/foreign-handlers';
import { beginLint, crossFileStats, loadProjectFile, projectModule } from '../../src/analysis/cross-file/load';
import type { ProjectScope } from '../../src/analysis/cross-file/project-scope';
import { projectScopeOf, registerProjectScope, setProjectScope } from '../../src/analysis/cross-file/project-scope';
import { importReferenceOf } from '../../src/analysis/cross-file/references';
import type { DataAccess } from '../../src/analysis/authorization/data-access';
import { dataAccessOf } from '../../src/analysis/authorization/data-access';
import type { ExpressModel, Route } from '../../src/analysis/express';
import { getFileAnalysis } from '../../src/analysis/express';
import type { FileIndex } from '../../src/analysis/engine/file-index';
import { fileIndexListeners, getFileIndex } from '../../src/analysis/engine/file-index';
import { mergeListeners } from '../../src/util/create-rule';

// Multi-file projects on disk: a routes file whose handlers, services and DAOs live in other files.
const FIXTURES = path.resolve(__dirname, '../fixtures/cross-file');

interface Linted {
  file: string;
  index: FileIndex;
  model: ExpressModel;
}

interface LintOptions {
  parser?: Linter.Parser;
  sourceType?: 'module' | 'commonjs' | 'script';
  /** The lint run's working directory; the file must be inside it. */
  cwd?: string;
}

/**
 * Lints a file on disk as the plugin's rules see it: a probe rule begins a lint and registers the
 * project scope (as createRule does), lets the traversal fill the index, and hands back index and model.
 */
function lintFile(file: string, { parser, sourceType = 'commonjs', cwd = FIXTURES }: LintOptions = {}): Linted {
  let captured: Linted | null = null;
  const probe = {
    meta: { type: 'problem', schema: [] },
    create(context: TSESLint.RuleContext<string, []>) {
      beginLint();
      registerProjectScope(context);
      const exit = {
        'Program:exit'() {
          captured = { file, index: getFileIndex(context.sourceCode), model: getFileAnalysis(context).model };
        },
      };
      const indexing = fileIndexListeners(context.sourceCode);
      return indexing ? mergeListeners(indexing, exit) : exit;
    },
  };
  const linter = new Linter({ configType: 'flat', cwd });
  const messages = linter.verify(
    readFileSync(file, 'utf8'),
    [
      {
        files: ['**/*.{js,cjs,mjs,ts,cts,mts}'],
        languageOptions: { ...(parser ? { parser } : {}), ecmaVersion: 'latest', sourceType },
        plugins: { probe: { rules: { probe } } as never },
        rules: { 'probe/probe': 'error' },
      },
    ],
    file,
  );
  const fatal = messages.find((message) => message.fatal || message.ruleId === 'probe/probe');
  if (fatal) throw new Error(fatal.message);
  if (!captured) throw new Error(`the probe rule did not run on ${file}: ${messages.map((m) => m.message).join('; ')}`);
  return captured;
}

function fixture(name: string, options: LintOptions = {}): Linted {
  return lintFile(path.join(FIXTURES, name), options);
}

function routeOf(linted: Linted, method: string, routePath: string): Route {
  const route = linted.model.routes.find((candidate) => candidate.method === method && candidate.path === routePath);
  if (!route) throw new Error(`no route ${method} ${routePath} in ${linted.file}`);
  return route;
}

function handlerNodeOf(linted: Linted, method: string, routePath: string): TSESTree.Node {
  const node = routeOf(linted, method, routePath).handlerNode;
  if (!node) throw new Error(`route ${method} ${routePath} has no handler argument`);
  return node;
}

/** How the code names a function: its own name, or the binding, key or assignment it is the value of. */
function nameOf(fn: FunctionLike, index: FileIndex): string {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return index.sourceCode.getText(parent.id);
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
      return `${propertyName(parent)}`;
    case AST_NODE_TYPES.AssignmentExpression:
      return index.sourceCode.getText(parent.left);
    default:
      return '<anonymous>';
  }
}

/** A resolved function as `file:line name`, its file named from the fixtures folder. */
function summary(foreign: ForeignFunction | null, root = FIXTURES): string | null {
  if (!foreign) return null;
  const file = path.relative(root, foreign.file.file).split(path.sep).join('/');
  return `${file}:${foreign.fn.loc.start.line} ${nameOf(foreign.fn, foreign.file.index)}`;
}

function resolveRoute(linted: Linted, method: string, routePath: string, root = FIXTURES): string | null {
  return summary(resolveForeignFunction(handlerNodeOf(linted, method, routePath), linted.index), root);
}

/** The first call of a file whose source text starts with `prefix`. */
function callAt(index: FileIndex, prefix: string): TSESTree.CallExpression {
  const call = index.calls.find(
    (candidate): candidate is TSESTree.CallExpression =>
      candidate.type === AST_NODE_TYPES.CallExpression && index.sourceCode.getText(candidate).startsWith(prefix),
  );
  if (!call) throw new Error(`no call starting with ${prefix}`);
  return call;
}

/** A data access as library, operation, resource, line and `key=value` texts. */
function accessSummary(access: DataAccess | null, index: FileIndex) {
  if (!access) return null;
  return {
    library: access.library,
    operation: access.operation,
    resource: access.resource,
    line: access.call.loc.start.line,
    keys: access.keys.map((key) => `${key.key ?? '?'}=${index.sourceCode.getText(key.value)}`),
  };
}

const temporaryFolders: string[] = [];

/** A fresh copy of a fixture folder (nothing of it is cached yet), removed after the tests. */
function temporaryCopy(name: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'cross-file-'));
  temporaryFolders.push(folder);
  cpSync(path.join(FIXTURES, name), folder, { recursive: true });
  return folder;
}

afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

describe('project scope', () => {
  it('is registered for a file on disk with its path, cwd and language options', () => {
    const linted = fixture('cjs/routes.js');
    const scope = projectScopeOf(linted.index);
    expect(scope?.file).toBe(path.join(FIXTURES, 'cjs/routes.js'));
    expect(scope?.cwd).toBe(FIXTURES);
    expect(scope?.languageOptions.sourceType).toBe('commonjs');
  });

  it('is not registered for code with no file, and nothing is followed from it', () => {
    let index: FileIndex | null = null;
    const probe = {
      meta: { type: 'problem', schema: [] },
      create(context: TSESLint.RuleContext<string, []>) {
        registerProjectScope(context);
        return {
          'Program:exit'() {
            index = getFileIndex(context.sourceCode);
          },
        };
      },
    };
    new Linter({ configType: 'flat' }).verify(
      `const users = require('./controllers/users'); users.show;`,
      [{ plugins: { probe: { rules: { probe } } as never }, rules: { 'probe/probe': 'error' } }],
    );
    expect(index).not.toBeNull();
    const fileIndex = index as unknown as FileIndex;
    expect(projectScopeOf(fileIndex)).toBeNull();
    const member = fileIndex.sourceCode.ast.body[1];
    expect(member?.type).toBe(AST_NODE_TYPES.ExpressionStatement);
    expect(resolveForeignFunction((member as TSESTree.ExpressionStatement).expression, fileIndex)).toBeNull();
  });
});

describe('importReferenceOf', () => {
  it('gives the specifier and the steps from the module to the value', () => {
    const linted = fixture('cjs/routes.js');
    const reference = (method: string, routePath: string) => importReferenceOf(handlerNodeOf(linted, method, routePath), linted.index);
    expect(reference('get', '/users/:id')).toEqual({ specifier: './controllers/users', steps: [{ get: 'show' }] });
    expect(reference('get', '/users-destructured')).toEqual({ specifier: './controllers/users', steps: [{ get: 'list' }] });
    expect(reference('get', '/allocations/:userId')).toEqual({
      specifier: './controllers/allocations',
      steps: ['new', { get: 'displayAllocations' }],
    });
    expect(reference('get', '/profile')).toEqual({
      specifier: './controllers/profile',
      steps: [{ get: 'ProfileHandler' }, 'new', { get: 'displayProfile' }],
    });
    expect(reference('get', '/basket/:id')).toEqual({ specifier: './controllers/basket', steps: [{ get: 'retrieveBasket' }, 'call'] });
    // A package is not followed.
    expect(reference('get', '/static')).toBeNull();
  });

  it('reads ESM imports: named, default and namespace', () => {
    const linted = fixture('esm/routes.js', { sourceType: 'module' });
    const reference = (method: string, routePath: string) => importReferenceOf(handlerNodeOf(linted, method, routePath), linted.index);
    expect(reference('get', '/')).toEqual({ specifier: './controllers/home.js', steps: [{ get: 'default' }] });
    expect(reference('get', '/users')).toEqual({ specifier: './controllers/users.js', steps: [{ get: 'list' }] });
    expect(reference('get', '/users/:id')).toEqual({ specifier: './controllers/users.js', steps: [{ get: 'show' }] });
    expect(reference('get', '/orders/:id')).toEqual({ specifier: './controllers/orders.js', steps: [{ get: 'OrdersController' }, 'new', { get: 'show' }] });
  });
});

describe('resolveForeignFunction: CommonJS', () => {
  const linted = fixture('cjs/routes.js');

  it('module.exports = { a, b }, also destructured by the require', () => {
    expect(resolveRoute(linted, 'get', '/users')).toBe('cjs/controllers/users.js:1 list');
    expect(resolveRoute(linted, 'get', '/users-destructured')).toBe('cjs/controllers/users.js:1 list');
    expect(resolveRoute(linted, 'get', '/users/:id')).toBe('cjs/controllers/users.js:5 show');
  });

  it('exports.a = and module.exports.a =', () => {
    expect(resolveRoute(linted, 'get', '/orders/:id')).toBe('cjs/controllers/orders.js:3 show');
    expect(resolveRoute(linted, 'delete', '/orders/:id')).toBe('cjs/controllers/orders.js:7 module.exports.remove');
  });

  it('module.exports = function', () => {
    expect(resolveRoute(linted, 'get', '/health')).toBe('cjs/controllers/health.js:1 health');
  });

  it('constructor functions: this.x = function in the body, F.prototype.x =, F.prototype = { x }', () => {
    expect(resolveRoute(linted, 'get', '/allocations/:userId')).toBe('cjs/controllers/allocations.js:4 this.displayAllocations');
    expect(resolveRoute(linted, 'post', '/allocations/:userId')).toBe('cjs/controllers/allocations.js:9 AllocationsHandler.prototype.update');
    expect(resolveRoute(linted, 'get', '/profile')).toBe('cjs/controllers/profile.js:6 displayProfile');
    expect(resolveRoute(linted, 'post', '/profile')).toBe('cjs/controllers/profile.js:9 handleProfileUpdate');
  });

  it('a handler factory: the function the call returns', () => {
    expect(resolveRoute(linted, 'get', '/basket/:id')).toBe('cjs/controllers/basket.js:4 <anonymous>');
  });

  it('is null for a package, a missing file, an unparseable file and a name the module does not export', () => {
    expect(resolveRoute(linted, 'get', '/static')).toBeNull();
    expect(resolveRoute(linted, 'get', '/missing')).toBeNull();
    expect(resolveRoute(linted, 'get', '/broken')).toBeNull();
    expect(resolveRoute(linted, 'get', '/unknown')).toBeNull();
  });

  it('gives the other file with a project scope of its own', () => {
    const foreign = resolveForeignFunction(handlerNodeOf(linted, 'get', '/users/:id'), linted.index)!;
    expect(foreign.file.file).toBe(path.join(FIXTURES, 'cjs/controllers/users.js'));
    expect(foreign.file.scope).toEqual({ file: foreign.file.file, cwd: FIXTURES, languageOptions: projectScopeOf(linted.index)!.languageOptions });
    expect(projectScopeOf(foreign.file.index)).toBe(foreign.file.scope);
    expect(foreign.file.index.sourceCode.ast.range).toEqual([0, readFileSync(foreign.file.file, 'utf8').length]);
  });
});

describe('resolveForeignFunction: ESM', () => {
  const linted = fixture('esm/routes.js', { sourceType: 'module' });

  it('export function, export const, export default, namespace imports', () => {
    expect(resolveRoute(linted, 'get', '/')).toBe('esm/controllers/home.js:1 home');
    expect(resolveRoute(linted, 'get', '/users')).toBe('esm/controllers/users.js:5 list');
    expect(resolveRoute(linted, 'get', '/users/:id')).toBe('esm/controllers/users.js:1 show');
  });

  it('export { a as b }, export { x } from, export * from', () => {
    expect(resolveRoute(linted, 'get', '/users/:id/profile')).toBe('esm/controllers/users.js:1 show');
    expect(resolveRoute(linted, 'delete', '/users/:id')).toBe('esm/controllers/users-admin.js:1 remove');
    expect(resolveRoute(linted, 'post', '/users')).toBe('esm/controllers/create.js:1 create');
    expect(resolveRoute(linted, 'get', '/audit')).toBe('esm/controllers/audit.js:1 audit');
  });

  it('class methods of an instance, static methods of the class', () => {
    expect(resolveRoute(linted, 'get', '/orders/:id')).toBe('esm/controllers/orders.js:2 show');
    expect(resolveRoute(linted, 'get', '/orders')).toBe('esm/controllers/orders.js:6 list');
  });

  it('the default import of a CommonJS module is its module.exports', () => {
    expect(resolveRoute(linted, 'get', '/ping')).toBe('esm/controllers/legacy.cjs:1 ping');
  });

  it('a factory: the returned function, not the first returned value', () => {
    expect(resolveRoute(linted, 'get', '/basket/:id')).toBe('esm/controllers/basket.js:3 <anonymous>');
  });
});

describe('resolveForeignFunction: TypeScript', () => {
  const linted = fixture('ts/routes.ts', { parser: tsParser as Linter.Parser, sourceType: 'module' });

  it('follows ./x.js written for ./x.ts to class methods and arrow properties', () => {
    expect(resolveRoute(linted, 'get', '/users/:id')).toBe('ts/controllers/users.ts:7 show');
    expect(resolveRoute(linted, 'put', '/users/:id')).toBe('ts/controllers/users.ts:12 update');
  });

  it('import X = require()', () => {
    expect(importReferenceOf(handlerNodeOf(linted, 'get', '/orders/:id'), linted.index)).toEqual({
      specifier: './controllers/orders',
      steps: [{ get: 'show' }],
    });
    expect(resolveRoute(linted, 'get', '/orders/:id')).toBe('ts/controllers/orders.ts:7 show');
  });

  // `export = { show }`, the export form that goes with `import x = require('./x')`.
  it('import X = require() of a file that writes export = { … }', () => {
    expect(resolveRoute(linted, 'get', '/legacy')).toBe('ts/controllers/legacy.ts:3 show');
  });

  it('parses the other files with the linted file parser', () => {
    const foreign = resolveForeignFunction(handlerNodeOf(linted, 'get', '/orders/:id'), linted.index)!;
    expect(foreign.file.scope.languageOptions.parser).toBe(tsParser);
    // Type annotations are in the tree: typescript-eslint parsed it.
    expect(foreign.file.index.sourceCode.ast.body.map((statement) => statement.type)).toEqual([
      AST_NODE_TYPES.ImportDeclaration,
      AST_NODE_TYPES.TSInterfaceDeclaration,
      AST_NODE_TYPES.ExportNamedDeclaration,
    ]);
  });
});

describe('resolveForeignFunction: cycles', () => {
  it('a imports b imports a: null, without throwing', () => {
    const linted = fixture('cycle/routes.js');
    expect(() => resolveRoute(linted, 'get', '/a')).not.toThrow();
    expect(resolveRoute(linted, 'get', '/a')).toBeNull();
  });

  it('export * from each other: null, without throwing', () => {
    const linted = fixture('cycle/routes.js');
    expect(resolveRoute(linted, 'get', '/esm')).toBeNull();
  });

  it('a name that does not go round the cycle is still found, from either side', () => {
    const linted = fixture('cycle/routes.js');
    expect(resolveRoute(linted, 'get', '/list')).toBe('cycle/a.js:5 list');
    expect(resolveRoute(linted, 'get', '/b-list')).toBe('cycle/a.js:5 list');
  });
});

describe('foreignHandlerOf and placeOf', () => {
  const linted = fixture('cjs/routes.js');

  it('gives the handler of the other file, its index and the name the route file uses', () => {
    const route = routeOf(linted, 'get', '/allocations/:userId');
    const foreign = foreignHandlerOf(route, linted.index)!;
    expect(foreign.name).toBe('allocations.displayAllocations');
    expect(foreign.handler.req?.name).toBe('req');
    expect(foreign.handler.res?.name).toBe('res');
    expect(projectScopeOf(foreign.index)?.file).toBe(path.join(FIXTURES, 'cjs/controllers/allocations.js'));
    expect(placeOf(foreign.handler.fn, foreign.index, FIXTURES)).toBe('cjs/controllers/allocations.js:4');
    expect(placeOf(foreign.handler.fn, foreign.index, path.join(FIXTURES, 'cjs'))).toBe('controllers/allocations.js:4');
    // Found once per route.
    expect(foreignHandlerOf(route, linted.index)).toBe(foreign);
  });

  it('names factories and plain imports as the route file writes them', () => {
    expect(foreignHandlerOf(routeOf(linted, 'get', '/basket/:id'), linted.index)?.name).toBe('basket.retrieveBasket()');
    expect(foreignHandlerOf(routeOf(linted, 'get', '/users-destructured'), linted.index)?.name).toBe('list');
    expect(foreignHandlerOf(routeOf(linted, 'get', '/missing'), linted.index)).toBeNull();
  });
});

describe('loadProjectFile and its cache', () => {
  const scopeIn = (folder: string, languageOptions: Record<string, unknown> = {}): ProjectScope => ({
    file: path.join(folder, 'routes.js'),
    cwd: folder,
    languageOptions,
  });

  it('parses a file once; the second load is a cache hit with the same result', () => {
    const folder = temporaryCopy('cjs');
    const file = path.join(folder, 'controllers/users.js');
    const before = { ...crossFileStats };
    const first = loadProjectFile(file, scopeIn(folder))!;
    expect(crossFileStats.parsed).toBe(before.parsed + 1);
    expect(first.file).toBe(file);
    expect(first.scope).toEqual({ file, cwd: folder, languageOptions: {} });
    expect(projectScopeOf(first.index)).toBe(first.scope);
    const second = loadProjectFile(file, scopeIn(folder));
    expect(second).toBe(first);
    expect(crossFileStats.hits).toBe(before.hits + 1);
    expect(crossFileStats.parsed).toBe(before.parsed + 1);
  });

  it('resolves a specifier once per lint: the same file until the next lint begins', () => {
    const folder = temporaryCopy('cjs');
    const scope = scopeIn(folder);
    beginLint();
    const first = projectModule(scope.file, './controllers/users', scope)!;
    expect(first.file).toBe(path.join(folder, 'controllers/users.js'));
    writeFileSync(first.file, '// Changed.\nmodule.exports = {};\n');
    expect(projectModule(scope.file, './controllers/users', scope)).toBe(first);
    beginLint();
    const next = projectModule(scope.file, './controllers/users', scope)!;
    expect(next).not.toBe(first);
    expect(next.index.sourceCode.text).toContain('// Changed.');
    expect(projectModule(scope.file, 'express', scope)).toBeNull();
    expect(projectModule(scope.file, './controllers/missing', scope)).toBeNull();
  });

  it('parses a changed file again', () => {
    const folder = temporaryCopy('cjs');
    const linted = lintFile(path.join(folder, 'routes.js'), { cwd: folder });
    expect(resolveRoute(linted, 'get', '/users/:id', folder)).toBe('controllers/users.js:5 show');
    const parsed = crossFileStats.parsed;
    const hits = crossFileStats.hits;
    expect(resolveRoute(linted, 'get', '/users/:id', folder)).toBe('controllers/users.js:5 show');
    expect(crossFileStats.hits).toBe(hits + 1);
    expect(crossFileStats.parsed).toBe(parsed);

    const file = path.join(folder, 'controllers/users.js');
    const size = statSync(file).size;
    writeFileSync(file, `// Users.\n\nfunction list(req, res) {\n  res.json([]);\n}\n\nconst show = (req, res) => res.json(req.params);\n\nmodule.exports = { list, show };\n`);
    expect(statSync(file).size).not.toBe(size);
    // Within one lint the file is read once; the next lint reads it again.
    expect(resolveRoute(linted, 'get', '/users/:id', folder)).toBe('controllers/users.js:5 show');
    expect(crossFileStats.parsed).toBe(parsed);
    const relinted = lintFile(path.join(folder, 'routes.js'), { cwd: folder });
    expect(resolveRoute(relinted, 'get', '/users/:id', folder)).toBe('controllers/users.js:7 show');
    expect(crossFileStats.parsed).toBe(parsed + 1);
  });

  it('is null for a missing file, a folder and a file that does not parse, and counts the failure', () => {
    const folder = temporaryCopy('broken');
    const scope = scopeIn(folder);
    expect(loadProjectFile(path.join(folder, 'nothing.js'), scope)).toBeNull();
    expect(loadProjectFile(folder, scope)).toBeNull();
    const failed = crossFileStats.failed;
    expect(loadProjectFile(path.join(folder, 'controller.js'), scope)).toBeNull();
    expect(crossFileStats.failed).toBe(failed + 1);
    // The failure is remembered too.
    const hits = crossFileStats.hits;
    expect(loadProjectFile(path.join(folder, 'controller.js'), scope)).toBeNull();
    expect(crossFileStats.hits).toBe(hits + 1);
    expect(crossFileStats.failed).toBe(failed + 1);
  });

  it('parses TypeScript with the given parser, not with espree', () => {
    const folder = temporaryCopy('ts');
    const file = path.join(folder, 'controllers/orders.ts');
    expect(loadProjectFile(file, scopeIn(folder))).toBeNull();
    const typed = loadProjectFile(file, scopeIn(folder, { parser: tsParser, sourceType: 'module' }));
    expect(typed?.index.sourceCode.ast.body[1]?.type).toBe(AST_NODE_TYPES.TSInterfaceDeclaration);
  });

  it('a TypeScript file reached from a TypeScript route file is parsed with typescript-eslint', () => {
    const folder = temporaryCopy('mixed');
    const ts = lintFile(path.join(folder, 'routes.ts'), { cwd: folder, parser: tsParser as Linter.Parser, sourceType: 'module' });
    expect(resolveRoute(ts, 'get', '/orders/:id', folder)).toBe('controllers/orders.ts:7 show');
  });

  // The cache keeps a file per parser: a .ts file first reached from a .js file linted with espree
  // is parsed again for a route file linted with typescript-eslint, whatever the lint order.
  it('a TypeScript file first reached from a JavaScript file is still parsed for a TypeScript file', () => {
    const folder = temporaryCopy('mixed');
    const js = lintFile(path.join(folder, 'legacy-routes.js'), { cwd: folder });
    expect(resolveRoute(js, 'get', '/orders/:id', folder)).toBeNull();
    const ts = lintFile(path.join(folder, 'routes.ts'), { cwd: folder, parser: tsParser as Linter.Parser, sourceType: 'module' });
    expect(resolveRoute(ts, 'get', '/orders/:id', folder)).toBe('controllers/orders.ts:7 show');
  });

  it('a file scoped by setProjectScope follows its own imports', () => {
    const linter = new Linter({ configType: 'flat' });
    const file = path.join(FIXTURES, 'esm/routes.js');
    linter.verify(readFileSync(file, 'utf8'), [{ languageOptions: { sourceType: 'module' } }], { filename: 'routes.js' });
    const sourceCode = linter.getSourceCode() as unknown as TSESLint.SourceCode;
    setProjectScope(sourceCode.ast, { file, cwd: FIXTURES, languageOptions: {} });
    const index = getFileIndex(sourceCode);
    const route = callAt(index, `router.get('/audit'`);
    expect(summary(resolveForeignFunction(route.arguments[1]!, index))).toBe('esm/controllers/audit.js:1 audit');
  });
});

describe('dataAccessOf: service and DAO summaries', () => {
  const linted = fixture('services/controllers/users.js');
  const { index } = linted;
  const accessAt = (prefix: string) => accessSummary(dataAccessOf(callAt(index, prefix), index), index);

  it('a DAO of another file that runs Model.findById(id): the argument is the key', () => {
    expect(accessAt('usersDao.getById(')).toEqual({
      library: 'repository',
      operation: 'read',
      resource: 'User',
      line: 22,
      keys: ['id=req.params.id'],
    });
  });

  it('a DAO whose parameter picks no record: no data access', () => {
    expect(accessAt('usersDao.listRecent(')).toBeNull();
  });

  it('a DAO that filters a driver collection by its parameter', () => {
    expect(accessAt('usersDao.findAccount(')).toEqual({
      library: 'repository',
      operation: 'read',
      resource: 'accounts',
      line: 32,
      keys: ['_id=req.params.accountId'],
    });
  });

  it('a constructor DAO (NodeGoat): the parameters that reach the filter, through a const, with their filter keys', () => {
    expect(accessAt('allocationsDAO.getByUserIdAndThreshold(')).toEqual({
      library: 'repository',
      operation: 'read',
      resource: 'allocations',
      line: 10,
      keys: ['userId=userId', 'stocks=threshold'],
    });
  });

  it('a service function of the same file', () => {
    expect(accessAt('loadOrder(')).toEqual({
      library: 'repository',
      operation: 'read',
      resource: 'Order',
      line: 37,
      keys: ['id=req.params.orderId'],
    });
  });

  it('a TypeScript service, followed from a handler parsed with typescript-eslint', () => {
    const ts = fixture('ts/routes.ts', { parser: tsParser as Linter.Parser, sourceType: 'module' });
    expect(accessSummary(dataAccessOf(callAt(ts.index, 'findUser('), ts.index), ts.index)).toEqual({
      library: 'repository',
      operation: 'read',
      resource: 'User',
      line: 16,
      keys: ['id=id'],
    });
  });
});

describe('dataAccessOf: services calling services', () => {
  const accessIn = (linted: Linted, prefix: string) => accessSummary(dataAccessOf(callAt(linted.index, prefix), linted.index), linted.index);

  it('follows a repository through its DAO in a third file', () => {
    const folder = temporaryCopy('service-depth');
    const linted = lintFile(path.join(folder, 'handlers.js'), { cwd: folder });
    expect(accessIn(linted, 'repository.fetchOrder(')).toEqual({
      library: 'repository',
      operation: 'read',
      resource: 'Order',
      line: 17,
      keys: ['id=req.params.id'],
    });
  });

  it('stops after three service layers', () => {
    const folder = temporaryCopy('service-depth');
    const linted = lintFile(path.join(folder, 'handlers.js'), { cwd: folder });
    // facade -> service -> repository -> DAO -> Order.findById: one layer too many.
    expect(accessIn(linted, 'facade.getOrder(')).toBeNull();
  });

  // A summary is cached per function and depth: a repository first summarised three layers deep
  // (past the depth bound) still gives its access to a handler that calls it directly.
  it('a summary does not depend on the depth it was first computed at', () => {
    const folder = temporaryCopy('service-depth');
    const linted = lintFile(path.join(folder, 'handlers.js'), { cwd: folder });
    expect(accessIn(linted, 'facade.getOrder(')).toBeNull();
    expect(accessIn(linted, 'repository.fetchOrder(')).toEqual({
      library: 'repository',
      operation: 'read',
      resource: 'Order',
      line: 17,
      keys: ['id=req.params.id'],
    });
  });

  // The recursion guard compares positions only within one file: a DAO function whose offsets
  // in its own file enclose the offset of the handler's call is still a service.
  it('a DAO function whose offsets in its own file enclose the call', () => {
    const linted = fixture('range/orders.js');
    expect(accessIn(linted, 'dao.getOrder(')).toEqual({
      library: 'repository',
      operation: 'read',
      resource: 'Order',
      line: 4,
      keys: ['id=req.params.id'],
    });
  });
});

describe('dataAccessOf: MongoDB driver collections', () => {
  const { index } = fixture('services/data/native.js');
  const accessAt = (prefix: string) => accessSummary(dataAccessOf(callAt(index, prefix), index), index);

  it('db.collection(name).findOne(filter)', () => {
    expect(accessAt(`db.collection('users').findOne(`)).toEqual({
      library: 'mongoose',
      operation: 'read',
      resource: 'users',
      line: 6,
      keys: ['_id=id'],
    });
  });

  it('a const bound to a collection, with a driver-only method', () => {
    expect(accessAt('c.update(')).toEqual({ library: 'mongoose', operation: 'update', resource: 'users', line: 11, keys: ['_id=x'] });
  });

});
