// The small pieces under the cross-file pass: module resolution, path joining, .gitignore lines
// as ESLint ignore globs, middleware labels.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinPaths, middlewareLabel, resolveRelativeModule } from '../../src/audit/project';
import { gitignoreLineToGlob } from '../../src/audit/project-config';
import { analyze } from '../analysis/analyze';
import { FIXTURE } from './run';

describe('resolveRelativeModule', () => {
  const from = path.join(FIXTURE, 'server.js');

  it('resolves a folder to its index, a bare name to a file with an extension', () => {
    expect(resolveRelativeModule(from, './routes')).toBe(path.join(FIXTURE, 'routes/index.js'));
    expect(resolveRelativeModule(from, './security')).toBe(path.join(FIXTURE, 'security.js'));
    expect(resolveRelativeModule(path.join(FIXTURE, 'routes/index.js'), './v1')).toBe(path.join(FIXTURE, 'routes/v1/index.mjs'));
  });

  it('resolves the emitted name of a TypeScript ESM import to its source', () => {
    expect(resolveRelativeModule(path.join(FIXTURE, 'routes/v1/index.mjs'), './users.js')).toBe(path.join(FIXTURE, 'routes/v1/users.ts'));
  });

  it('leaves packages and paths that lead nowhere unresolved, and keeps to the known files when given', () => {
    expect(resolveRelativeModule(from, 'express')).toBeNull();
    expect(resolveRelativeModule(from, './missing')).toBeNull();
    expect(resolveRelativeModule(from, './security', new Set([path.join(FIXTURE, 'server.js')]))).toBeNull();
    expect(resolveRelativeModule(from, './security', new Set([path.join(FIXTURE, 'security.ts')]))).toBe(path.join(FIXTURE, 'security.ts'));
    expect(resolveRelativeModule(from, '../audit-project/security.js', new Set([path.join(FIXTURE, 'security.js')]))).toBe(path.join(FIXTURE, 'security.js'));
  });
});

describe('joinPaths', () => {
  it.each([
    ['', '/users', '/users'],
    ['/', '/users', '/users'],
    ['/api', '/', '/api'],
    ['/api/', '/users', '/api/users'],
    ['/api//', '//users/:id', '/api/users/:id'],
    ['', '', '/'],
  ])('%s + %s = %s', (prefix, route, joined) => {
    expect(joinPaths(prefix, route)).toBe(joined);
  });
});

describe('gitignoreLineToGlob', () => {
  it.each([
    ['node_modules', '**/node_modules'],
    ['dist/', '**/dist/'],
    ['/build', 'build'],
    ['src/generated/', 'src/generated/'],
    ['*.log', '**/*.log'],
    ['!keep.js', '!**/keep.js'],
    ['\\#file', '**/#file'],
  ])('%s -> %s', (line, glob) => {
    expect(gitignoreLineToGlob(line)).toBe(glob);
  });

  it('skips blank lines and comments', () => {
    expect(gitignoreLineToGlob('')).toBeNull();
    expect(gitignoreLineToGlob('   ')).toBeNull();
    expect(gitignoreLineToGlob('# comment')).toBeNull();
    expect(gitignoreLineToGlob('/')).toBeNull();
  });
});

describe('middlewareLabel', () => {
  it('spells middleware as a reader knows it, and never throws on odd expressions', () => {
    const { model } = analyze(
      [
        "import express from 'express';",
        "import { body } from 'express-validator';",
        'const app = express();',
        "app.use(helmet(), rateLimit({ limit: 5 }), body('email').isEmail(), auth.requireRole('admin'), new Guard().check, (req, res, next) => next(), mw[0], mw[key], ...list, this?.x, function named() {});",
      ].join('\n'),
      { filename: 'x.ts' },
    );
    const labels = model.instances[0]!.uses[0]!.middleware.map((middleware) => middlewareLabel(middleware.node));
    expect(labels).toEqual([
      'helmet()',
      'rateLimit(…)',
      'body(…).isEmail()',
      'auth.requireRole(…)',
      'new Guard().check',
      '(inline function)',
      'mw["0"]',
      'mw[…]',
      'list',
      'this.x',
      'function named',
    ]);
  });
});
