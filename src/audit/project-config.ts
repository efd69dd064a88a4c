import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Files no audit wants: bundles, minified code, declarations, build output folders. */
export const DEFAULT_IGNORES = ['**/*.min.js', '**/*.d.ts', '**/*.d.cts', '**/*.d.mts', '**/coverage/', '**/.next/', '**/bower_components/'];

/** The config file names ESLint looks for, in its order. */
export const CONFIG_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];
const TS_CONFIG = /\.[cm]?ts$/;

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

/** A `--config` file that does not exist: a usage error. */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

/** Named through a variable so the bundler leaves the import to run time. */
const JITI = 'jiti';

interface Jiti {
  import: (id: string, options: { default: true }) => Promise<unknown>;
}

/**
 * Loads a TypeScript config as ESLint does: through `jiti` (from the project, else from beside
 * this package), or natively where Node strips types itself.
 */
async function importTypeScriptConfig(file: string, root: string): Promise<unknown> {
  const jiti = await importFromProject<{ createJiti: (from: string, options: object) => Jiti }>(root, JITI);
  if (jiti) return jiti.createJiti(file, { moduleCache: false }).import(pathToFileURL(file).href, { default: true });
  if ((process.features as { typescript?: unknown }).typescript) return import(pathToFileURL(file).href);
  throw new Error("loading a TypeScript config needs 'jiti', as ESLint does (npm install --save-dev jiti)");
}

/** A package from the audited project when it has it, else from beside this package; null when neither has it. */
export async function importFromProject<T>(root: string, specifier: string): Promise<T | null> {
  const candidates: string[] = [];
  try {
    candidates.push(pathToFileURL(createRequire(path.join(root, 'package.json')).resolve(specifier)).href);
  } catch {
    // Not installed in the project: try the copy beside this package.
  }
  candidates.push(specifier);
  for (const candidate of candidates) {
    try {
      return (await import(candidate)) as T;
    } catch {
      continue;
    }
  }
  return null;
}

/**
 * Reads the project's ESLint config for its global ignores and its `express-security` settings:
 * `configFile` (relative to `cwd`) when given, else the first of ESLint's config file names in
 * `root`. A config that fails to load (a plugin not installed) is noted, not fatal: the audit
 * needs no config.
 */
export async function loadProjectConfig(root: string, namespace: string, configFile: string | null = null, cwd = root): Promise<ProjectConfig> {
  const config: ProjectConfig = { ignores: [], settings: null, notes: [] };
  let file: string;
  if (configFile !== null) {
    file = path.resolve(cwd, configFile);
    if (!existsSync(file)) throw new ConfigFileError(`config file '${configFile}' does not exist`);
  } else {
    const name = CONFIG_NAMES.find((candidate) => existsSync(path.join(root, candidate)));
    if (!name) return config;
    file = path.join(root, name);
  }
  const name = configFile ?? path.basename(file);
  let loaded: unknown;
  try {
    if (TS_CONFIG.test(file)) {
      loaded = await importTypeScriptConfig(file, root);
    } else {
      const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
      loaded = module.default ?? module;
    }
    loaded = await loaded;
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
