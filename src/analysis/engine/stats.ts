/**
 * Counters of the work this plugin did in a process, for the benchmark (`bench/cross-file.mjs`):
 * never printed, never read by a rule. A script reads them, after a lint run in the same process,
 * as `globalThis[Symbol.for('eslint-plugin-express-security/stats')]`; a registered symbol, so
 * the ESM and the CommonJS build loaded side by side count into one object.
 */
export interface PluginStats {
  /** Files linted by a rule that needs the Express model: built, or skipped by the cheap first check. */
  files: { analysed: number; skipped: number };
  /** Other project files parsed to follow imports, reuses of a parsed file, files that parsed neither way. */
  crossFile: { parsed: number; hits: number; failed: number };
  /** Service and DAO function summaries (which parameters pick records) computed, and reused from the cache. */
  summaries: { computed: number; hits: number };
}

export const STATS_KEY = Symbol.for('eslint-plugin-express-security/stats');

function freshStats(): PluginStats {
  return { files: { analysed: 0, skipped: 0 }, crossFile: { parsed: 0, hits: 0, failed: 0 }, summaries: { computed: 0, hits: 0 } };
}

const holder = globalThis as typeof globalThis & { [STATS_KEY]?: PluginStats };

export const pluginStats: PluginStats = (holder[STATS_KEY] ??= freshStats());
