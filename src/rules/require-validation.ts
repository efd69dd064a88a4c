import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../analysis/ast';
import type { FileAnalysis, Handler, Route } from '../analysis/express';
import { getFileAnalysis } from '../analysis/express';
import type { RequestRead, RequestSource } from '../analysis/request-data';
import { getRequestData } from '../analysis/request-data';
import { chainValidates } from '../analysis/validation';
import { createRule } from '../util/create-rule';
import { isTestFile } from '../analysis/test-files';
import type { ForeignHandler } from '../analysis/cross-file/handlers';
import { foreignHandlerOf, placeOf } from '../analysis/cross-file/handlers';

export type ExtraSource = 'params' | 'headers' | 'cookies';
export type Options = [{ sources?: ExtraSource[]; checkUnroutedHandlers?: boolean }];
export type MessageIds = 'unvalidatedInput' | 'unvalidatedInputInHandler';

/** Checked always: what a client sends as the payload and the query string. */
const DEFAULT_SOURCES: readonly RequestSource[] = ['body', 'query'];


/** Shown in messages: `POST /feedback`, or a handler no route of the file registers. */
function describeRoutes(routes: readonly Route[]): string {
  const route = routes[0];
  if (!route) return 'This handler';
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

/** Whether every route that runs the handler validates in its chain (or validates elsewhere, per settings). */
function validatedByChains(routes: readonly Route[], analysis: FileAnalysis, handler: Handler, handlerIndex: FileAnalysis['index']): boolean {
  return routes.every(
    (route) =>
      chainValidates(route.chain, handler, analysis.index, handlerIndex) ||
      (!route.chainComplete && analysis.settings.appliedElsewhere.has('validation')),
  );
}

/** `req.query[key] = value`, `delete req.body.x`: the handler writes into the request, it does not read client data. */
function isWriteTarget(read: Node): boolean {
  const member = read.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== read) return false;
  const holder = member.parent;
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression) return holder.left === member;
  if (holder?.type === AST_NODE_TYPES.UnaryExpression) return holder.operator === 'delete';
  return false;
}

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** The first read of each checked source that nothing validates, in source order. */
function unvalidatedReads(handler: Handler, index: FileAnalysis['index'], sources: ReadonlySet<RequestSource>): RequestRead[] {
  const data = getRequestData(handler, index);
  const found: RequestRead[] = [];
  const seen = new Set<RequestSource>();
  for (const read of data.reads()) {
    if (!sources.has(read.source) || seen.has(read.source)) continue;
    if (isWriteTarget(read.node) || data.isValidatedRead(read)) continue;
    seen.add(read.source);
    found.push(read);
  }
  return found;
}

function checkHandler(context: Context, analysis: FileAnalysis, handler: Handler, routes: readonly Route[], sources: ReadonlySet<RequestSource>): void {
  for (const read of unvalidatedReads(handler, analysis.index, sources)) {
    context.report({
      node: read.node,
      messageId: 'unvalidatedInput',
      data: { route: describeRoutes(routes), source: read.source },
    });
  }
}

/** A handler of another file: reported on the registration, which is where this file can be fixed, naming the read. */
function checkForeignHandler(context: Context, foreign: ForeignHandler, routes: readonly Route[], sources: ReadonlySet<RequestSource>): void {
  for (const read of unvalidatedReads(foreign.handler, foreign.index, sources)) {
    context.report({
      node: routes[0]!.node,
      messageId: 'unvalidatedInputInHandler',
      data: { route: describeRoutes(routes), source: read.source, handler: foreign.name, place: placeOf(read.node, foreign.index, context.cwd) },
    });
  }
}

export const requireValidation = createRule<Options, MessageIds>({
  name: 'require-validation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require validation of request input before a handler reads it',
      recommended: true,
      cwe: ['CWE-20'],
      strictOptions: [{ sources: ['params', 'headers', 'cookies'], checkUnroutedHandlers: true }],
    },
    messages: {
      unvalidatedInput:
        '{{route}} reads req.{{source}} without validating it; validate it first (a zod/joi/yup schema, or validation middleware such as express-validator or celebrate).',
      unvalidatedInputInHandler:
        '{{route}} runs {{handler}}, which reads req.{{source}} without validating it ({{place}}); add validation middleware to the route or validate in the handler.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          sources: {
            type: 'array',
            items: { type: 'string', enum: ['params', 'headers', 'cookies'] },
            uniqueItems: true,
            description: 'Request sources to check besides `body` and `query`.',
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
    defaultOptions: [{ sources: [], checkUnroutedHandlers: false }],
  },
  defaultOptions: [{ sources: [], checkUnroutedHandlers: false }],
  create(context, [{ sources = [], checkUnroutedHandlers = false }]) {
    const checked = new Set<RequestSource>([...DEFAULT_SOURCES, ...sources]);
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
            if (unvalidated.length > 0) checkForeignHandler(context, foreign, unvalidated, checked);
          }
        }
        if (!checkUnroutedHandlers || analysis.settings.appliedElsewhere.has('validation')) return;
        for (const handler of analysis.model.unroutedHandlers) checkHandler(context, analysis, handler, [], checked);
      },
    };
  },
});
