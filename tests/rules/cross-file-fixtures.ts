import path from 'node:path';

/** Route files whose handlers, services and DAOs live in other files of a fixture project on disk. */
export const CROSS_FILE = path.join(__dirname, '../fixtures/cross-file-rules');
export const CONSTRUCTOR_ROUTES = path.join(CROSS_FILE, 'cjs-constructor/routes.js');
export const ESM_ROUTES = path.join(CROSS_FILE, 'esm-exports/routes.js');
export const TS_ROUTES = path.join(CROSS_FILE, 'ts-class/routes.ts');

/** A place in a fixture file as messages name it: RuleTester lints from the file system's root. */
export function fixturePlace(file: string, line: number): string {
  const absolute = path.join(CROSS_FILE, file);
  return `${path.relative(path.parse(absolute).root, absolute).split(path.sep).join('/')}:${line}`;
}

/** Routes whose services only verify, whose DAO stores, and whose middleware sets a body field. */
export const USES_ROUTES = path.join(CROSS_FILE, 'cjs-uses/routes.js');
/** Middleware whose names say one defense and whose bodies do another, in a fixture project. */
export const CLASSIFY = path.join(__dirname, '../fixtures/classify');
export const CLASSIFY_CJS_APP = path.join(CLASSIFY, 'app.js');
export const CLASSIFY_TS_APP = path.join(CLASSIFY, 'app.ts');
