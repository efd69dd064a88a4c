import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import type { FileIndex } from '../engine/file-index';
import { getFileIndex } from '../engine/file-index';
import { resolveRelativeModule } from '../engine/modules';
import type { ProjectScope } from './project-scope';
import { setProjectScope } from './project-scope';
import { pluginStats } from '../engine/stats';

/** A project file this plugin parsed to follow an import into it. */
export interface ProjectFile {
  /** Absolute path. */
  file: string;
  index: FileIndex;
  scope: ProjectScope;
}

/** Files larger than this are generated or bundled code, not the project's handlers and services. */
const MAX_FILE_BYTES = 1_000_000;
/**
 * How many parsed files a process keeps. A route file reaches a handful of controllers and
 * services, and files linted one after another reach the same ones; a bound keeps the memory of
 * a large project's run flat. An evicted file is parsed again if asked for, with the same result.
 */
const MAX_CACHED_FILES = 200;
/** Parser options that make the TypeScript parser build a whole program: far too slow for a file read in passing. */
const TYPED_PARSER_OPTIONS = new Set(['project', 'projectService', 'programs', 'EXPERIMENTAL_useProjectService']);

interface CacheEntry {
  /** Size and modification time: a changed file is parsed again. */
  stamp: string;
  file: ProjectFile | null;
}

const cache = new Map<string, CacheEntry>();
let linter: Linter | null = null;

/** Counters of the cross-file work of this process, for the benchmark (see `../stats`). */
export const crossFileStats = pluginStats.crossFile;

/** Each parser object a number of its own, so that a file parsed by espree is not reused for typescript-eslint. */
const parserIds = new WeakMap<object, number>();
let parserCount = 0;

function parserId(parser: unknown): number {
  if (typeof parser !== 'object' || parser === null) return 0;
  let id = parserIds.get(parser);
  if (id === undefined) {
    id = ++parserCount;
    parserIds.set(parser, id);
  }
  return id;
}

/** What a file's parse depends on besides its content: the parser and the source type of the linted file. */
function parserKey(scope: ProjectScope): string {
  return `${parserId(scope.languageOptions.parser)}\0${String(scope.languageOptions.sourceType)}`;
}

function stampOf(file: string): string | null {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return null;
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}

/** The source type a file's extension fixes; otherwise the linted file's own. */
function sourceTypeFor(file: string, fallback: unknown): string {
  const extension = path.extname(file);
  if (extension === '.cjs' || extension === '.cts') return 'commonjs';
  if (extension === '.mjs' || extension === '.mts') return 'module';
  return typeof fallback === 'string' ? fallback : 'module';
}

function untypedParserOptions(options: unknown): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) return {};
  return Object.fromEntries(Object.entries(options).filter(([key]) => !TYPED_PARSER_OPTIONS.has(key)));
}

/** Parses with the linted file's parser; a file that does not parse as a module is tried as a script. */
function parse(file: string, text: string, scope: ProjectScope): TSESLint.SourceCode | null {
  linter ??= new Linter({ configType: 'flat', cwd: path.parse(file).root });
  const { parser, parserOptions, ecmaVersion } = scope.languageOptions;
  const first = sourceTypeFor(file, scope.languageOptions.sourceType);
  for (const sourceType of first === 'module' ? ['module', 'commonjs'] : [first, 'module']) {
    const config: Linter.Config = {
      files: ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'],
      languageOptions: {
        ...(parser ? { parser: parser as Linter.Parser } : {}),
        parserOptions: untypedParserOptions(parserOptions),
        ecmaVersion: (ecmaVersion as Linter.EcmaVersion | undefined) ?? 'latest',
        sourceType: sourceType as 'module' | 'commonjs',
      },
    };
    const messages = linter.verify(text, [config], { filename: file });
    if (messages.some((message) => message.fatal)) continue;
    return linter.getSourceCode() as unknown as TSESLint.SourceCode;
  }
  return null;
}

function load(file: string, scope: ProjectScope): ProjectFile | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let sourceCode: TSESLint.SourceCode | null;
  try {
    sourceCode = parse(file, text, scope);
  } catch {
    sourceCode = null;
  }
  if (!sourceCode) {
    crossFileStats.failed++;
    return null;
  }
  crossFileStats.parsed++;
  const fileScope: ProjectScope = { ...scope, file };
  setProjectScope(sourceCode.ast, fileScope);
  return { file, index: getFileIndex(sourceCode), scope: fileScope };
}

/**
 * A project file, parsed once per process and content (its size and modification time), with the
 * parser of the file being linted. Null for a file that cannot be read or parsed: following an
 * import never fails a lint run.
 */
export function loadProjectFile(file: string, scope: ProjectScope): ProjectFile | null {
  const stamp = stampOf(file);
  if (stamp === null) return null;
  const key = `${file}\0${parserKey(scope)}`;
  const cached = cache.get(key);
  if (cached && cached.stamp === stamp) {
    crossFileStats.hits++;
    // Re-inserted: the map's order is the order of last use.
    cache.delete(key);
    cache.set(key, cached);
    return cached.file;
  }
  const entry: CacheEntry = { stamp, file: load(file, scope) };
  cache.set(key, entry);
  if (cache.size > MAX_CACHED_FILES) cache.delete(cache.keys().next().value!);
  return entry.file;
}

/**
 * The project files the current lint has reached, by importing file, specifier and parser. A
 * route file asks for the same few modules once per call it makes of them (`users.find(…)`,
 * `users.update(…)`), and each ask tried up to twenty candidate paths and read the file's stamp
 * from the disk again. Emptied when the next lint begins (`beginLint`), so that a file changed
 * between two lints is read again by the second; bounded for a long run outside ESLint.
 */
const reachedThisLint = new Map<string, ProjectFile | null>();
const MAX_REACHED = 1_000;

/** Forgets what the previous lint reached: called as the first of our rules is created for a file. */
export function beginLint(): void {
  if (reachedThisLint.size > 0) reachedThisLint.clear();
}

/** The project file a relative specifier of `fromFile` loads, parsed; null for a package or a path that leads nowhere. */
export function projectModule(fromFile: string, specifier: string, scope: ProjectScope): ProjectFile | null {
  const key = `${fromFile}\0${specifier}\0${parserKey(scope)}`;
  const known = reachedThisLint.get(key);
  if (known !== undefined) {
    if (known) crossFileStats.hits++;
    return known;
  }
  const target = resolveRelativeModule(fromFile, specifier);
  const file = target ? loadProjectFile(target, scope) : null;
  if (reachedThisLint.size >= MAX_REACHED) reachedThisLint.clear();
  reachedThisLint.set(key, file);
  return file;
}
