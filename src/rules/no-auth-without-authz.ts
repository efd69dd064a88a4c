import type { FileIndex } from '../analysis/engine/file-index';
import { accessesPickedByClient, chainAuthorizes, checksAuthorization, createsOwnRecord, isAuthenticated, isReferenceResource, scopedToUser } from '../analysis/authorization/authorization';
import type { DataAccess, DataOperation } from '../analysis/authorization/data-access';
import { effectiveOperation } from '../analysis/authorization/data-access';
import type { Handler, Middleware, Route } from '../analysis/express';
import type { ChainParts } from '../analysis/express';
import { chainParts, coverage, getFileAnalysis } from '../analysis/express';
import { foreignHandlerOf, placeOf } from '../analysis/express/foreign-handlers';
import { userContextOf } from '../analysis/request/current-user';
import type { Taint } from '../analysis/request/request-data';
import { getRequestData } from '../analysis/request/request-data';
import { createRule } from '../util/create-rule';

export type Options = [{ strict?: boolean }];
export type MessageIds = 'missingAuthorization' | 'missingAuthorizationInHandler';

const VERBS = { read: 'loads', update: 'updates', delete: 'deletes' } as const;

/** Shown in messages: `DELETE /posts/:id`. */
function describeRoute(route: Route): string {
  return `${route.method.toUpperCase()} ${route.fullPath ?? route.path ?? '(dynamic path)'}`;
}

/** A data access that picks a record by the client's id while nothing checks that the current user may. */
export interface UnauthorizedAccess {
  access: DataAccess;
  /** What the handler does to the record, counting changes made after loading it. */
  operation: DataOperation;
  /** The request data that picks the record. */
  taint: Taint;
}

/**
 * The accesses of a handler that lack authorization: the route is authenticated (by middleware or
 * because the handler reads the user), neither the chain nor the handler checks permission, and the
 * access picks a record by a client-supplied id without scoping it to the user. Reading shared
 * reference data, or the target of a record the user creates, needs no check.
 */
export function unauthorizedAccesses(
  handler: Handler,
  /** The route's chain (its parts, so that the part routes share is judged once), or a chain given whole. */
  chain: readonly Middleware[] | ChainParts,
  index: FileIndex,
  {
    includeImported = false,
    chainIndex = index,
  }: {
    includeImported?: boolean;
    /** The file the chain is registered in, when the handler lives in another one. */
    chainIndex?: FileIndex;
  } = {},
): UnauthorizedAccess[] {
  const requestData = getRequestData(handler, index);
  // Most handlers pick no record by a client id: that is the cheapest question, so it comes first.
  const picked = accessesPickedByClient(handler, requestData, index, { includeImported });
  if (picked.length === 0) return [];
  const context = userContextOf(handler, requestData, index);
  const parts = chainParts(chain);
  if (chainAuthorizes(parts, chainIndex)) return [];
  if (!isAuthenticated(handler, parts, context) || checksAuthorization(handler.fn.body, context, requestData)) return [];
  const found: UnauthorizedAccess[] = [];
  for (const { access, taint } of picked) {
    if (scopedToUser(access, context)) continue;
    const operation = effectiveOperation(access, index);
    if (operation === 'read' && (isReferenceResource(access.resource) || createsOwnRecord(handler.fn.body, context))) continue;
    found.push({ access, operation, taint });
  }
  return found;
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
