import type { TSESLint } from '@typescript-eslint/utils';
import type { RuleModule, RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';
import { fileIndexListeners } from '../analysis/engine/file-index';
import { settingsOf } from '../analysis/engine/settings';
import { beginLint } from '../analysis/cross-file/load';
import { registerProjectScope } from '../analysis/cross-file/project-scope';
import { REPOSITORY_URL } from '../meta';

/** What every rule of this plugin says about itself in `meta.docs`. */
export interface ExpressSecurityDocs {
  description: string;
  /** Part of `configs.recommended` (all rules are part of `configs.strict`). */
  recommended: boolean;
  /** CWE ids the rule's findings belong to; they reach SARIF output. */
  cwe: readonly string[];
  /** Options the `strict` config sets for this rule, beyond its defaults. */
  strictOptions?: readonly unknown[];
}

export type ExpressSecurityRule<MessageIds extends string, Options extends readonly unknown[]> = RuleModule<
  MessageIds,
  Options,
  ExpressSecurityDocs
> & { name: string };

const NO_OPTIONS: object = {};
/** A bound on the option sets remembered per rule (an editor may see many configs in a session). */
const MAX_OPTION_TEXTS = 100;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `second` over `first`, objects merged key by key, anything else (arrays too) taken from `second`. */
function deepMerge(first: Record<string, unknown>, second: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(second)) {
    const before = merged[key];
    merged[key] = isPlainObject(before) && isPlainObject(value) ? deepMerge(before, value) : value;
  }
  return merged;
}

/**
 * The user's options over a copy of the defaults, as typescript-eslint's `applyDefault` does
 * (written here so that nothing of `@typescript-eslint/utils` is needed at run time).
 */
export function applyDefault<Options extends readonly unknown[]>(defaults: Readonly<Options>, options: Options | null | undefined): Options {
  const result = structuredClone(defaults) as unknown as unknown[];
  if (options == null) return result as unknown as Options;
  result.forEach((defaultOption, position) => {
    const option: unknown = options[position];
    if (option === undefined) return;
    result[position] = isPlainObject(option) && isPlainObject(defaultOption) ? deepMerge(defaultOption, option) : option;
  });
  return result as unknown as Options;
}

/**
 * The options a rule runs with, its defaults merged in. ESLint hands every file a fresh options
 * array that holds the same option objects, so the merge is done once per option object, not
 * once per file and rule (a deep clone each time, a visible share of a short rule's cost).
 */
function optionsWithDefaults<Options extends readonly unknown[]>(
  defaults: Readonly<Options>,
): (options: readonly unknown[]) => Readonly<Options> {
  const merged = new WeakMap<object, Readonly<Options>>();
  // ESLint merges `meta.defaultOptions` into configured options itself, into a new object per
  // file: such options are found again by what they say (JSON, as validated by the schema),
  // where a deep clone per file and rule was a visible share of `strict`.
  const byText = new Map<string, Readonly<Options>>();
  return (options) => {
    const first = options[0];
    const cacheable = options.length === 0 || (options.length === 1 && typeof first === 'object' && first !== null);
    if (!cacheable) return applyDefault(defaults, options as Options);
    const key = (first as object | undefined) ?? NO_OPTIONS;
    let result = merged.get(key);
    if (!result) {
      const text = JSON.stringify(options);
      result = byText.get(text);
      if (!result) {
        result = applyDefault(defaults, options as Options);
        if (byText.size >= MAX_OPTION_TEXTS) byText.clear();
        byText.set(text, result);
      }
      merged.set(key, result);
    }
    return result;
  };
}

type Listener = (node: never) => void;

/**
 * The file the last of our rules was created for. ESLint creates every rule of a file, one after
 * another, before it lints the next: the first of our rules reads the settings, registers the
 * file's project scope and sets up the file index, and the others need not ask again (each
 * question reads the rule's context, whose properties ESLint makes anew for every file and rule).
 */
let lastSourceCode: unknown = null;

/**
 * Both sets of listeners; where both listen to one selector, `first`'s runs first. It copies the
 * larger set (the index's) and adds the rule's few selectors: the other way round, adding the
 * index's selectors one by one to a copy of the rule's object cost seven times as much, once per
 * file.
 */
export function mergeListeners(first: TSESLint.RuleListener, second: TSESLint.RuleListener): TSESLint.RuleListener {
  const before = first as Record<string, Listener | undefined>;
  const after = second as Record<string, Listener | undefined>;
  const merged: Record<string, Listener | undefined> = { ...before };
  for (const selector of Object.keys(after)) {
    const listener = before[selector];
    const other = after[selector];
    merged[selector] =
      listener && other
        ? (node) => {
            listener(node);
            other(node);
          }
        : (listener ?? other);
  }
  return merged as TSESLint.RuleListener;
}

/**
 * A rule of this plugin: its docs URL, and its options with defaults merged in. The first of our
 * rules created for a file reads the shared settings, so a bad key fails the run whichever of our
 * rules are on, also one that does not use the settings (the reading is cached per object).
 * Every rule reads the shared file index too, so the first one created for a file fills it
 * during ESLint's traversal (its listeners run before the rule's own).
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  create,
  defaultOptions,
}: Readonly<RuleWithMetaAndName<Options, MessageIds, ExpressSecurityDocs>>): ExpressSecurityRule<MessageIds, Options> {
  const defaults = (meta.defaultOptions ?? defaultOptions ?? []) as unknown as Readonly<Options>;
  const resolveOptions = optionsWithDefaults(defaults);
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md` } },
    defaultOptions: defaults,
    create: (context) => {
      const sourceCode = context.sourceCode;
      const firstForFile = sourceCode !== lastSourceCode;
      if (firstForFile) {
        lastSourceCode = sourceCode;
        beginLint();
        if (settingsOf(context.settings).followImports) registerProjectScope(context);
      }
      const listeners = create(context, resolveOptions(context.options));
      const indexing = firstForFile ? fileIndexListeners(sourceCode) : null;
      return indexing ? mergeListeners(indexing, listeners) : listeners;
    },
  };
}
