import { NAMESPACE } from '../../meta';

/** The defenses middleware can provide, as the model classifies them. */
export type DefenseKind = 'headers' | 'rateLimit' | 'validation' | 'authentication' | 'authorization';

export const DEFENSE_KINDS: readonly DefenseKind[] = [
  'headers',
  'rateLimit',
  'validation',
  'authentication',
  'authorization',
];

/** `settings['express-security']`, the one place users teach every rule their own names. */
export interface ExpressSecuritySettings {
  /** Middleware names, per defense they provide. */
  middleware: Record<DefenseKind, ReadonlySet<string>>;
  /** Defenses the project applies in another file, so a file need not show them. */
  appliedElsewhere: ReadonlySet<DefenseKind>;
  /** Same-file or imported function names that check an outbound URL against an allowlist. */
  urlGuards: ReadonlySet<string>;
  /** Whether the rules follow the file's relative imports to judge handlers and services defined in other project files. */
  followImports: boolean;
}

const MIDDLEWARE_KEYS: Record<string, DefenseKind> = {
  headerMiddleware: 'headers',
  rateLimitMiddleware: 'rateLimit',
  validationMiddleware: 'validation',
  authenticationMiddleware: 'authentication',
  authorizationMiddleware: 'authorization',
};

const KNOWN_KEYS = [...Object.keys(MIDDLEWARE_KEYS), 'appliedElsewhere', 'urlGuards', 'followImports'];

/**
 * A mistake in the user's settings. ESLint prints a thrown error's stack, so its stack is its
 * message alone (ESLint prefixes the rule that happened to read the settings first, and appends
 * the file): one clear line about the config, not a trace through the rule that read it.
 */
export class SettingsError extends Error {
  override name = 'SettingsError';

  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'stack', {
      configurable: true,
      get: (): string => this.message,
    });
  }
}

function stringList(key: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new SettingsError(`settings['${NAMESPACE}'].${key} must be an array of strings.`);
  }
  return value as string[];
}

const parsedSettings = new WeakMap<object, ExpressSecuritySettings>();
const DEFAULT_SETTINGS: ExpressSecuritySettings = parseSettings({});

/**
 * The shared settings of a file's config. ESLint gives every file linted with one config the
 * same settings object, so they are read and validated once per config, not once per file.
 */
export function settingsOf(all: Readonly<Record<string, unknown>> | undefined): ExpressSecuritySettings {
  // A config without settings hands every file a fresh `{}`: nothing to cache by identity.
  if (!all || !(NAMESPACE in all)) return DEFAULT_SETTINGS;
  let parsed = parsedSettings.get(all);
  if (!parsed) {
    parsed = parseSettings(all);
    parsedSettings.set(all, parsed);
  }
  return parsed;
}

/** Reads and validates the shared settings; a bad key fails with an error that names it. */
export function parseSettings(all: Readonly<Record<string, unknown>> | undefined): ExpressSecuritySettings {
  const raw = all?.[NAMESPACE] ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SettingsError(`settings['${NAMESPACE}'] must be an object.`);
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.includes(key)) {
      throw new SettingsError(
        `settings['${NAMESPACE}'] has an unknown key '${key}'; known keys are ${KNOWN_KEYS.join(', ')}.`,
      );
    }
  }
  const middleware = {} as Record<DefenseKind, Set<string>>;
  for (const kind of DEFENSE_KINDS) middleware[kind] = new Set();
  for (const [key, kind] of Object.entries(MIDDLEWARE_KEYS)) {
    if (key in record) for (const name of stringList(key, record[key])) middleware[kind].add(name);
  }
  const appliedElsewhere = new Set<DefenseKind>();
  if ('appliedElsewhere' in record) {
    for (const kind of stringList('appliedElsewhere', record.appliedElsewhere)) {
      if (!DEFENSE_KINDS.includes(kind as DefenseKind)) {
        throw new SettingsError(
          `settings['${NAMESPACE}'].appliedElsewhere has an unknown defense '${kind}'; known defenses are ${DEFENSE_KINDS.join(', ')}.`,
        );
      }
      appliedElsewhere.add(kind as DefenseKind);
    }
  }
  const urlGuards = new Set('urlGuards' in record ? stringList('urlGuards', record.urlGuards) : []);
  const followImports = record.followImports ?? true;
  if (typeof followImports !== 'boolean') throw new SettingsError(`settings['${NAMESPACE}'].followImports must be a boolean.`);
  return { middleware, appliedElsewhere, urlGuards, followImports };
}
