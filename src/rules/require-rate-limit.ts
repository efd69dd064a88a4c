import { isTestFile } from '../analysis/engine/test-files';
import type { FileIndex } from '../analysis/engine/file-index';
import type { FileAnalysis, Route } from '../analysis/express';
import { coverage, getFileAnalysis, judgedPerChain } from '../analysis/express';
import { takesCredentials } from '../analysis/rate-limit/credentials';
import { doesExpensiveWork } from '../analysis/rate-limit/expensive-work';
import { consumesLimiter } from '../analysis/rate-limit/limiters';
import { createRule } from '../util/create-rule';

export type Options = [{ scope?: 'sensitive' | 'all' }];
export type MessageIds = 'missingRateLimit' | 'missingRateLimitExpensive';

/** Shown in messages: `POST /login`. */
function describeRoute(route: Route): string {
  const path = route.fullPath ?? route.path;
  return `${route.method.toUpperCase()} ${path ?? '(dynamic path)'}`;
}

/** Whether a same-file middleware of the chain consumes a limiter itself. */
function middlewareConsumesLimiter(chain: Route['chain'], index: FileIndex): boolean {
  return chain.some((middleware) => middleware.fn !== null && consumesLimiter(middleware.fn.body, index));
}

/** The same, for a route's chain: the part routes share judged once for them all. */
const chainConsumesLimiter = judgedPerChain(middlewareConsumesLimiter, (consumes, added, index) => consumes || middlewareConsumesLimiter(added, index));

/** A limiter covers the route (its chain, the project's, or the settings' claim), or the chain or handler consumes one. */
function hasLimiter(route: Route, analysis: FileAnalysis): boolean {
  if (coverage(route, 'rateLimit', analysis.settings)) return true;
  const { index } = analysis;
  if (chainConsumesLimiter(route, index)) return true;
  return route.handler !== null && consumesLimiter(route.handler.fn.body, index);
}

export const requireRateLimit = createRule<Options, MessageIds>({
  name: 'require-rate-limit',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a rate limiter in front of authentication and account-recovery routes',
      recommended: true,
      cwe: ['CWE-307', 'CWE-770'],
      strictOptions: [{ scope: 'all' }],
    },
    messages: {
      missingRateLimit:
        '{{route}} has no rate limiter in its middleware chain; add one before the handler.',
      missingRateLimitExpensive:
        '{{route}} does expensive work with no rate limiter in its chain; add one before the handler.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          scope: {
            type: 'string',
            enum: ['sensitive', 'all'],
            description:
              '`sensitive` checks authentication and account-recovery routes; `all` also checks every route whose handler does expensive work (database, file system, hashing, child processes, outbound requests).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ scope: 'sensitive' }],
  },
  defaultOptions: [{ scope: 'sensitive' }],
  create(context, [{ scope = 'sensitive' }]) {
    return {
      'Program:exit'() {
        if (isTestFile(context.filename)) return;
        const analysis = getFileAnalysis(context);
        for (const route of analysis.model.routes) {
          if (hasLimiter(route, analysis)) continue;
          if (takesCredentials(route, analysis.index)) {
            context.report({ node: route.node, messageId: 'missingRateLimit', data: { route: describeRoute(route) } });
          } else if (scope === 'all' && doesExpensiveWork(route, analysis.index)) {
            context.report({ node: route.node, messageId: 'missingRateLimitExpensive', data: { route: describeRoute(route) } });
          }
        }
      },
    };
  },
});
