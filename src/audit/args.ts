/** What the user asked for on the command line. */
export interface AuditArgs {
  command: 'audit' | 'help' | 'version';
  dir: string;
  /** `text` (findings grouped by rule) and `table` (route map) are the defaults. */
  format: 'text' | 'stylish' | 'json' | 'sarif' | 'table';
  routes: boolean;
  html: string | null;
  /** Show the progress line even when stderr is not a terminal (`--progress`), or never (`--no-progress`). */
  progress: boolean | null;
  /** The project's ESLint config file (`--config`), relative to the working directory; default: found in dir. */
  config: string | null;
  /** `--deps`: run the package manager's audit; `--deps-report FILE`: read a saved `npm audit --json`. */
  deps: boolean;
  depsReport: string | null;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: express-security audit [dir] [options]

Lints the Express project in dir (default: the current directory) with the plugin's strict
config, resolving routers mounted across files, and prints the findings grouped by rule.

Options:
  --format <name>   findings: text (default), stylish, json, sarif; route map: table (default), json
  --routes          print the route map (every route, its mounted path and its defenses) instead
  --html <file>     also write the route map as a self-contained HTML page
  --config <file>   the ESLint config whose ignores and express-security settings apply
                    (default: the first eslint.config.{js,mjs,cjs,ts,mts,cts} in dir)
  --deps            also run the package manager's audit (npm audit --omit=dev, pnpm, yarn)
                    and list the advisories of production dependencies
  --deps-report <file>  read a saved \`npm audit --json\` instead of running it
  --no-progress     never print the progress line (it shows on large trees when stderr is a terminal)
  -h, --help        show this help
  -v, --version     print the version

Exit status: 0 no findings, 1 findings, 2 usage error, 3 files that could not be parsed.`;

const FINDING_FORMATS = new Set(['text', 'stylish', 'json', 'sarif']);
const ROUTE_FORMATS = new Set(['table', 'json']);

/** Parses `audit [dir] [options]`; every mistake is a UsageError with a one-line message. */
export function parseArgs(argv: readonly string[]): AuditArgs {
  const args: AuditArgs = { command: 'audit', dir: '.', format: 'text', routes: false, html: null, progress: null, config: null, deps: false, depsReport: null };
  let format: string | null = null;
  let dir: string | null = null;
  const rest = [...argv];
  if (rest[0] === 'audit') rest.shift();
  else if (rest[0] === undefined) throw new UsageError("missing command; run 'express-security audit [dir]'");
  else if (!rest[0].startsWith('-')) throw new UsageError(`unknown command '${rest[0]}'; the command is 'audit'`);
  while (rest.length > 0) {
    const arg = rest.shift()!;
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    const value = (): string => {
      const next = inlineValue ?? rest.shift();
      if (next === undefined || next === '') throw new UsageError(`option ${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return { ...args, command: 'help' };
      case '-v':
      case '--version':
        return { ...args, command: 'version' };
      case '--format':
      case '-f':
        format = value();
        break;
      case '--routes':
        args.routes = true;
        break;
      case '--html':
        args.html = value();
        break;
      case '-c':
      case '--config':
        args.config = value();
        break;
      case '--deps':
        args.deps = true;
        break;
      case '--deps-report':
        args.depsReport = value();
        break;
      case '--progress':
        args.progress = true;
        break;
      case '--no-progress':
        args.progress = false;
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option '${flag}'`);
        if (dir !== null) throw new UsageError(`only one directory can be audited at a time (got '${dir}' and '${flag}')`);
        dir = flag;
    }
  }
  if (dir !== null) args.dir = dir;
  if (args.routes) {
    const chosen = format ?? 'table';
    if ((args.deps || args.depsReport !== null) && args.html === null) throw new UsageError('--deps goes with the findings or --html, not the route map');
    if (!ROUTE_FORMATS.has(chosen)) throw new UsageError(`--routes prints a table or json, not '${chosen}'`);
    args.format = chosen as AuditArgs['format'];
  } else if (format !== null) {
    if (!FINDING_FORMATS.has(format)) throw new UsageError(`unknown format '${format}'; use text, stylish, json or sarif`);
    args.format = format as AuditArgs['format'];
  }
  return args;
}
