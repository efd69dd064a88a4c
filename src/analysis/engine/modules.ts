import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** The extensions a module specifier may leave out, in the order Node and bundlers try them. */
const EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx'];
/** A TypeScript ESM import names the emitted file (`./x.js`) while the source is `./x.ts`. */
const EMITTED_TO_SOURCE: Readonly<Record<string, string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.cjs': ['.cts'],
  '.mjs': ['.mts'],
};

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/**
 * How long an answer of the file system is reused. Every file of a project resolves the same few
 * specifiers (`./models`, `../lib/auth`), each through up to twenty candidate paths: asking the
 * file system again for each was a visible share of a lint. Short enough that an editor sees a
 * file created a moment ago.
 */
const FILE_ANSWER_MS = 2000;
const fileAnswers = new Map<string, { at: number; isFile: boolean }>();

function isFileOnDisk(candidate: string): boolean {
  try {
    return existsSync(candidate) && statSync(candidate).isFile();
  } catch {
    return false;
  }
}

function isFile(candidate: string, known: ReadonlySet<string> | null): boolean {
  if (known) return known.has(candidate);
  const now = Date.now();
  const cached = fileAnswers.get(candidate);
  if (cached && now - cached.at < FILE_ANSWER_MS) return cached.isFile;
  if (fileAnswers.size > 10_000) fileAnswers.clear();
  const answer = isFileOnDisk(candidate);
  fileAnswers.set(candidate, { at: now, isFile: answer });
  return answer;
}

/**
 * The file a relative `require`/`import` in `fromFile` loads, among `known` files when given:
 * the exact path, then with each extension, then the TypeScript source of an emitted name,
 * then the folder's index. Null for packages and paths that lead nowhere.
 */
export function resolveRelativeModule(
  fromFile: string,
  specifier: string,
  known: ReadonlySet<string> | null = null,
): string | null {
  if (!isRelativeSpecifier(specifier)) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, ...EXTENSIONS.map((extension) => base + extension)];
  const extension = path.extname(base);
  for (const source of EMITTED_TO_SOURCE[extension] ?? []) candidates.push(base.slice(0, -extension.length) + source);
  candidates.push(...EXTENSIONS.map((ext) => path.join(base, `index${ext}`)));
  return candidates.find((candidate) => isFile(candidate, known)) ?? null;
}
