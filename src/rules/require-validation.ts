import type { TSESLint } from '@typescript-eslint/utils';
import type { FileAnalysis, Handler, Route } from '../analysis/express';
import { coverage, getFileAnalysis, judgedPerChain } from '../analysis/express';
import type { RequestSource } from '../analysis/request/request-data';
import type { UnvalidatedUse, UseOptions } from '../analysis/uses/unvalidated';
import { fieldsSetByChain, unvalidatedUses } from '../analysis/uses/unvalidated';
import { routeChainValidates } from '../analysis/request/validation';
import { createRule } from '../util/create-rule';
import { isTestFile } from '../analysis/engine/test-files';
import type { ForeignHandler } from '../analysis/express/foreign-handlers';
import { foreignHandlerOf, placeOf } from '../analysis/express/foreign-handlers';

export type ExtraSource = 'params' | 'headers' | 'cookies';
export type Options = [{ sources?: ExtraSource[]; checkUnroutedHandlers?: boolean; checkTemplateData?: boolean }];
export type MessageIds = 'unvalidatedInput' | 'unvalidatedInputInHandler';

/** Checked always: what a client sends as the payload, the query string and the path. */
const DEFAULT_SOURCES: readonly RequestSource[] = ['body', 'query', 'params'];


/** Shown in messages: `POST /feedback`; empty for a handler no route of the file registers. */
function describeRoutes(routes: readonly Route[]): string {
  const route = routes[0];
  if (!route) return '';
  const path = route.fullPath ?? route.path;
  return `${route.method.toUpperCase()} ${path ?? '(dynamic path)'}`;
}

/** Routes sharing a handler, so a handler registered twice is reported once. */
function routesByHandler(routes: readonly Route[]): Map<Handler['fn'], Route[]> {
  const grouped = new Map<Handler['fn'], Route[]>();
  for (const route of routes) {
    if (!route.handler) continue;
    const list = grouped.get(route.handler.fn) ?? [];
    list.push(route);
    grouped.set(route.handler.fn, list);
  }
  return grouped;
}

/** Routes sharing a handler of another file, so a handler registered twice in this file is reported once. */
function routesByForeignHandler(routes: readonly Route[], index: FileAnalysis['index']): Map<Handler['fn'], { foreign: ForeignHandler; routes: Route[] }> {
  const grouped = new Map<Handler['fn'], { foreign: ForeignHandler; routes: Route[] }>();
  for (const route of routes) {
    const foreign = foreignHandlerOf(route, index);
    if (!foreign) continue;
    const group = grouped.get(foreign.handler.fn) ?? { foreign, routes: [] };
    group.routes.push(route);
    grouped.set(foreign.handler.fn, group);
  }
  return grouped;
}

/** Whether every route that runs the handler validates in its chain, in the project's chain, or by the settings' claim. */
function validatedByChains(routes: readonly Route[], analysis: FileAnalysis, handler: Handler, handlerIndex: FileAnalysis['index']): boolean {
  return routes.every((route) => {
    const covered = coverage(route, 'validation', analysis.settings);
    // The file's own chain is judged more finely than by kind: express-validator chains count once their result is read.
    if (covered && covered.by !== 'chain') return true;
    return routeChainValidates(route, handler, analysis.index, handlerIndex);
  });
}

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** One finding per source and handler: the first read whose value reaches a use unvalidated. */
function firstPerSource(uses: readonly UnvalidatedUse[]): UnvalidatedUse[] {
  const seen = new Set<RequestSource>();
  return uses.filter((use) => !seen.has(use.read.source) && seen.add(use.read.source));
}

/** The fields a route's chain sets, the part routes share found once for them all. */
const fieldsSetByRouteChain = judgedPerChain(fieldsSetByChain, (fields: ReadonlySet<string>, added, index) => {
  const more = fieldsSetByChain(added, index);
  return more.size === 0 ? fields : new Set([...fields, ...more]);
});

/** Fields every route of the handler has its middleware set (`appendUserId()` sets `req.body.UserId`). */
function fieldsSetByAllChains(routes: readonly Route[], index: FileAnalysis['index']): Set<string> {
  const [first, ...rest] = routes.map((route) => fieldsSetByRouteChain(route, index));
  if (!first) return new Set();
  return new Set([...first].filter((field) => rest.every((other) => other.has(field))));
}

/** The use as the message names it: `User.create`, with its place when another file holds it, and the service on the way. */
function describeUse(found: UnvalidatedUse, reportIndex: FileAnalysis['index'], cwd: string): string {
  const place = found.use.index === reportIndex ? '' : ` (${placeOf(found.use.node, found.use.index, cwd)})`;
  const via = found.via ? `${found.via} → ` : '';
  return `${via}${found.use.name}${place}`;
}

/** The `sources` option left out. */
const NO_SOURCES: readonly RequestSource[] = [];
/**
 * What a handler is checked for, made once per option set: the options of one config are the
 * same objects for every file, and a rule is created once per file.
 */
const useOptionsBySources = new WeakMap<readonly RequestSource[], { plain: UseOptions; withTemplates: UseOptions }>();

function useOptionsFor(sources: readonly RequestSource[], templateData: boolean): UseOptions {
  let made = useOptionsBySources.get(sources);
  if (!made) {
    const all = new Set<RequestSource>([...DEFAULT_SOURCES, ...sources]);
    made = { plain: { sources: all, templateData: false }, withTemplates: { sources: all, templateData: true } };
    useOptionsBySources.set(sources, made);
  }
  return templateData ? made.withTemplates : made.plain;
}

function checkHandler(context: Context, analysis: FileAnalysis, handler: Handler, routes: readonly Route[], options: UseOptions): void {
  const uses = unvalidatedUses(handler, analysis.index, analysis.settings, { ...options, setByChain: fieldsSetByAllChains(routes, analysis.index) });
  for (const found of firstPerSource(uses)) {
    context.report({
      node: found.read.node,
      messageId: 'unvalidatedInput',
      data: { where: routes.length > 0 ? ` in ${describeRoutes(routes)}` : '', value: found.value, use: describeUse(found, analysis.index, context.cwd) },
    });
  }
}

/** A handler of another file: reported on the registration, which is where this file can be fixed, naming the read. */
function checkForeignHandler(context: Context, analysis: FileAnalysis, foreign: ForeignHandler, routes: readonly Route[], options: UseOptions): void {
  const uses = unvalidatedUses(foreign.handler, foreign.index, analysis.settings, { ...options, setByChain: fieldsSetByAllChains(routes, analysis.index) });
  for (const found of firstPerSource(uses)) {
    context.report({
      node: routes[0]!.node,
      messageId: 'unvalidatedInputInHandler',
      data: {
        route: describeRoutes(routes),
        handler: foreign.name,
        value: found.value,
        place: placeOf(found.read.node, foreign.index, context.cwd),
        use: describeUse(found, analysis.index, context.cwd),
      },
    });
  }
}

export const requireValidation = createRule<Options, MessageIds>({
  name: 'require-validation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require validation of request input before it reaches a query, a file path, a redirect, a command or a store',
      recommended: true,
      cwe: ['CWE-20'],
      strictOptions: [{ sources: ['params', 'headers', 'cookies'], checkUnroutedHandlers: true }],
    },
    messages: {
      unvalidatedInput: '{{value}} reaches {{use}} unvalidated{{where}}.',
      unvalidatedInputInHandler: '{{route}} runs {{handler}}: {{value}} ({{place}}) reaches {{use}} unvalidated.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          sources: {
            type: 'array',
            items: { type: 'string', enum: ['params', 'headers', 'cookies'] },
            uniqueItems: true,
            description: 'Request sources to check besides `body`, `query` and `params` (which are always checked).',
          },
          checkTemplateData: {
            type: 'boolean',
            description:
              'Also report request data handed to `res.render` as template data; whether the template prints it escaped is in the template, which the rule cannot see. The view name is always checked.',
          },
          checkUnroutedHandlers: {
            type: 'boolean',
            description:
              'Also check functions shaped like handlers that no route of the file registers (controller files); their routes may validate in another file.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ sources: [], checkUnroutedHandlers: false, checkTemplateData: false }],
  },
  defaultOptions: [{ sources: [], checkUnroutedHandlers: false, checkTemplateData: false }],
  create(context, [{ sources = NO_SOURCES, checkUnroutedHandlers = false, checkTemplateData = false }]) {
    const checked = useOptionsFor(sources, checkTemplateData);
    return {
      'Program:exit'() {
        if (isTestFile(context.filename)) return;
        const analysis = getFileAnalysis(context);
        for (const [, routes] of routesByHandler(analysis.model.routes)) {
          const handler = routes[0]!.handler!;
          if (validatedByChains(routes, analysis, handler, analysis.index)) continue;
          checkHandler(context, analysis, handler, routes, checked);
        }
        // With checkUnroutedHandlers, the handler's own file reports it: the same read is never reported twice.
        if (!checkUnroutedHandlers) {
          for (const [, { foreign, routes }] of routesByForeignHandler(analysis.model.routes, analysis.index)) {
            // Reported on the registration that leaves the handler unvalidated, not on one whose chain validates.
            const unvalidated = routes.filter((route) => !validatedByChains([route], analysis, foreign.handler, foreign.index));
            if (unvalidated.length > 0) checkForeignHandler(context, analysis, foreign, unvalidated, checked);
          }
        }
        if (!checkUnroutedHandlers) return;
        for (const handler of analysis.model.unroutedHandlers) {
          if (!coverage(handler, 'validation', analysis.settings)) checkHandler(context, analysis, handler, [], checked);
        }
      },
    };
  },
});
