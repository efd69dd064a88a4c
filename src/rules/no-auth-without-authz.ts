import { unauthorizedAccesses } from '../analysis/authorization/authorization';
import type { Handler, Middleware, Route } from '../analysis/express';
import type { ChainParts } from '../analysis/express';
import { coverage, getFileAnalysis } from '../analysis/express';
import { createRule } from '../util/create-rule';
import { foreignHandlerOf, placeOf } from '../analysis/express/foreign-handlers';

export type Options = [{ strict?: boolean }];
export type MessageIds = 'missingAuthorization' | 'missingAuthorizationInHandler';

const VERBS = { read: 'loads', update: 'updates', delete: 'deletes' } as const;

/** Shown in messages: `DELETE /posts/:id`. */
function describeRoute(route: Route): string {
  return `${route.method.toUpperCase()} ${route.fullPath ?? route.path ?? '(dynamic path)'}`;
}

export const noAuthWithoutAuthz = createRule<Options, MessageIds>({
  name: 'no-auth-without-authz',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow authenticated routes that load or change a resource by a client-supplied id without an authorization check',
      recommended: true,
      cwe: ['CWE-639', 'CWE-862', 'CWE-285'],
      strictOptions: [{ strict: true }],
    },
    messages: {
      missingAuthorization:
        '{{route}} {{verb}} {{resource}} by {{source}} with no authorization check; scope it to the current user.',
      missingAuthorizationInHandler:
        '{{route}} runs {{handler}}, which {{verb}} {{resource}} by {{source}} with no authorization check ({{place}}).',
    },
    schema: [
      {
        type: 'object',
        properties: {
          strict: {
            type: 'boolean',
            description:
              'Also judge handlers that no route of the file registers (controllers) and `…ById` functions imported from other files.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ strict: false }],
  },
  defaultOptions: [{ strict: false }],
  create(context, [{ strict = false }]) {
    return {
      'Program:exit'() {
        const { model, index, settings } = getFileAnalysis(context);
        // Authorization middleware in the chain, the project's chain or the settings' claim: nothing to judge.
        const authorized = (target: Route | Handler) => coverage(target, 'authorization', settings) !== null;

        const checkHandler = (handler: Handler, where: string, chain: ChainParts | readonly Middleware[]): void => {
          for (const { access, operation, taint } of unauthorizedAccesses(handler, chain, index, { includeImported: strict })) {
            context.report({
              node: access.call,
              messageId: 'missingAuthorization',
              data: {
                route: where,
                verb: VERBS[operation],
                resource: access.resource ?? 'a record',
                source: taint.description,
              },
            });
          }
        };

        for (const route of model.routes) {
          if (route.handler && !authorized(route)) checkHandler(route.handler, describeRoute(route), route);
        }
        // In strict mode the handler's own file judges it: the same access is never reported twice.
        if (!strict) {
          // A handler registered on several routes is reported once, on the first route whose chain leaves it unchecked.
          const reported = new Set<Handler['fn']>();
          for (const route of model.routes) {
            const foreign = foreignHandlerOf(route, index);
            if (!foreign || reported.has(foreign.handler.fn) || authorized(route)) continue;
            const findings = unauthorizedAccesses(foreign.handler, route, foreign.index, { chainIndex: index });
            if (findings.length > 0) reported.add(foreign.handler.fn);
            for (const { access, operation, taint } of findings) {
              context.report({
                node: route.node,
                messageId: 'missingAuthorizationInHandler',
                data: {
                  route: describeRoute(route),
                  handler: foreign.name,
                  verb: VERBS[operation],
                  resource: access.resource ?? 'a record',
                  source: taint.description,
                  place: placeOf(access.call, foreign.index, context.cwd),
                },
              });
            }
          }
        }
        if (!strict) return;
        for (const handler of model.unroutedHandlers) {
          if (!authorized(handler)) checkHandler(handler, 'This handler', []);
        }
      },
    };
  },
});
