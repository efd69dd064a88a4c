import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Files no audit wants: bundles, minified code, declarations, build output folders. */
export const DEFAULT_IGNORES = ['**/*.min.js', '**/*.d.ts', '**/*.d.cts', '**/*.d.mts', '**/coverage/', '**/.next/', '**/bower_components/'];

const CONFIG_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs'];
const TS_CONFIG_NAMES = ['eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];

/** What the audit takes from the project: its ignores and its express-security settings. */
export interface ProjectConfig {
  ignores: string[];
  settings: Record<string, unknown> | null;
  /** Things the user should know (a config that could not be loaded). */
  notes: string[];
}

/**
 * One `.gitignore` line as a flat-config ignore pattern (a minimatch glob relative to the
 * project root): a name without an inner slash matches at any depth, a leading slash anchors
 * it, a trailing slash keeps it to folders, `!` re-includes. Null for blanks and comments.
 */
export function gitignoreLineToGlob(line: string): string | null {
  let pattern = line.trimEnd();
  if (pattern === '' || pattern.startsWith('#')) return null;
  const negated = pattern.startsWith('!');
  if (negated) pattern = pattern.slice(1);
  if (pattern.startsWith('\\')) pattern = pattern.slice(1);
  const inner = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const anchored = inner.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  if (pattern === '') return null;
  const glob = anchored ? pattern : `**/${pattern}`;
  return negated ? `!${glob}` : glob;
}

export function gitignoreGlobs(root: string): string[] {
  const file = path.join(root, '.gitignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map(gitignoreLineToGlob)
    .filter((glob): glob is string => glob !== null);
}

function isGlobalIgnores(entry: Record<string, unknown>): boolean {
  return Array.isArray(entry.ignores) && Object.keys(entry).every((name) => name === 'ignores' || name === 'name' || name === 'basePath');
}

/**
 * Reads the project's own `eslint.config.{js,mjs,cjs}` for its global ignores and its
 * `express-security` settings. A config that fails to load (a plugin not installed) is noted,
 * not fatal: the audit needs no config.
 */
export async function loadProjectConfig(root: string, namespace: string): Promise<ProjectConfig> {
  const config: ProjectConfig = { ignores: [], settings: null, notes: [] };
  const name = CONFIG_NAMES.find((candidate) => existsSync(path.join(root, candidate)));
  if (!name) {
    const tsName = TS_CONFIG_NAMES.find((candidate) => existsSync(path.join(root, candidate)));
    if (tsName) config.notes.push(`${tsName} is not read (TypeScript config); its ignores and settings do not apply`);
    return config;
  }
  let loaded: unknown;
  try {
    const module = (await import(pathToFileURL(path.join(root, name)).href)) as { default?: unknown };
    loaded = await (module.default ?? module);
  } catch (error) {
    config.notes.push(`${name} could not be loaded (${firstLine(error)}); its ignores and settings do not apply`);
    return config;
  }
  for (const entry of [loaded].flat(Infinity)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const record = entry as Record<string, unknown>;
    if (isGlobalIgnores(record)) {
      config.ignores.push(...(record.ignores as unknown[]).filter((glob): glob is string => typeof glob === 'string'));
    }
    const settings = record.settings as Record<string, unknown> | undefined;
    if (settings && typeof settings === 'object' && namespace in settings) {
      config.settings = { ...(config.settings ?? {}), ...(settings[namespace] as Record<string, unknown>) };
    }
  }
  return config;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
