import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../analysis/engine/ast';
import { calleeName, propertyName, unwrap, walk } from '../analysis/engine/ast';
import { nodeMemo } from '../analysis/engine/store';
import { credentialCheckIn, isCredentialStrategyCall, isSensitivePath, isSubmittingMethod } from '../analysis/rate-limit/credentials';
import type { FileAnalysis, Route } from '../analysis/express';
import { getFileAnalysis } from '../analysis/express';
import type { FileIndex } from '../analysis/engine/file-index';
import { ROUND_TRIP_METHODS } from '../analysis/libraries/databases';
import { createRule } from '../util/create-rule';
import { isTestFile } from '../analysis/engine/test-files';

export type Options = [{ scope?: 'sensitive' | 'all' }];
export type MessageIds = 'missingRateLimit' | 'missingRateLimitExpensive';

/** Modules whose limiter objects are consumed inside a handler (`await limiter.consume(req.ip)`). */
const LIMITER_MODULES = new Set(['rate-limiter-flexible', 'express-rate-limit', 'express-slow-down', 'express-brute', 'limiter', 'bottleneck']);
const LIMITER_NAME = /limit|throttl|brute/i;
const CONSUME_METHODS = new Set(['consume', 'penalty', 'removeTokens', 'tryRemoveTokens']);

/** Modules whose calls do expensive work: databases, file system, child processes, hashing, outbound requests. */
const EXPENSIVE_MODULES = new Set([
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'fs-extra',
  'child_process',
  'node:child_process',
  'execa',
  'bcrypt',
  'bcryptjs',
  'argon2',
  'sharp',
  'pg',
  'mysql',
  'mysql2',
  'mysql2/promise',
  'mongodb',
  'mongoose',
  'sequelize',
  'knex',
  'redis',
  'ioredis',
  'sqlite3',
  'better-sqlite3',
  '@prisma/client',
  'typeorm',
  'axios',
  'node-fetch',
  'got',
  'undici',
  'superagent',
  'request',
  'needle',
  'http',
  'https',
  'node:http',
  'node:https',
]);
const EXPENSIVE_CRYPTO = /^(?:pbkdf2|pbkdf2Sync|scrypt|scryptSync|generateKeyPair|generateKeyPairSync|randomFill)$/;


/** Shown in messages: `POST /login`. */
function describeRoute(route: Route): string {
  const path = route.fullPath ?? route.path;
  return `${route.method.toUpperCase()} ${path ?? '(dynamic path)'}`;
}

function isLimiterObject(node: Node, index: FileIndex): boolean {
  const origin = index.originOf(node);
  if (origin) return LIMITER_MODULES.has(origin.module);
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return LIMITER_NAME.test(inner.name);
  if (inner.type === AST_NODE_TYPES.MemberExpression) return LIMITER_NAME.test(propertyName(inner) ?? '');
  return false;
}

/** A rate-limiter-flexible style `limiter.consume(key)` inside a function: the handler limits itself. */
const consumesLimiter = nodeMemo('limiter consumption', (body: Node, index: FileIndex): boolean => {
  let found = false;
  walk(body, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = unwrap(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && CONSUME_METHODS.has(propertyName(callee) ?? '') && isLimiterObject(callee.object, index)) {
      found = true;
    }
    return undefined;
  });
  return found;
});

function hasLimiter(route: Route, index: FileIndex): boolean {
  if (route.chain.some((middleware) => middleware.kinds.has('rateLimit'))) return true;
  const bodies = [...route.chain.map((middleware) => middleware.fn), route.handler?.fn].filter((fn) => fn != null);
  return bodies.some((fn) => consumesLimiter(fn.body, index));
}

/** Whether the chain or the handler checks a submitted credential. */
function checksCredentials(route: Route, index: FileIndex): boolean {
  // Only the route's own middleware: a credential check applied app-wide does not make every route a login.
  for (const middleware of route.ownMiddleware) {
    if (isCredentialStrategyCall(middleware.node, index)) return true;
    if (middleware.fn && credentialCheckIn(middleware.fn.body, index)) return true;
  }
  return route.handler !== null && credentialCheckIn(route.handler.fn.body, index) !== null;
}

function isSensitive(route: Route, index: FileIndex): boolean {
  if (isSubmittingMethod(route.method) && isSensitivePath(route.fullPath ?? route.path)) return true;
  return checksCredentials(route, index);
}

function isExpensiveCall(call: TSESTree.CallExpression | TSESTree.NewExpression, index: FileIndex): boolean {
  const origin = index.originOf(call.callee);
  const name = calleeName(call);
  if (origin) {
    if (EXPENSIVE_MODULES.has(origin.module)) return true;
    if ((origin.module === 'crypto' || origin.module === 'node:crypto') && EXPENSIVE_CRYPTO.test(name ?? '')) return true;
  }
  if (call.type === AST_NODE_TYPES.CallExpression && unwrap(call.callee).type === AST_NODE_TYPES.Identifier) {
    if (name === 'fetch' && index.isGlobal(unwrap(call.callee), 'fetch')) return true;
  }
  return unwrap(call.callee).type === AST_NODE_TYPES.MemberExpression && ROUND_TRIP_METHODS.has(name ?? '');
}

/** Whether the handler does work worth limiting (scope `all`), as CodeQL's missing-rate-limiting asks. */
function doesExpensiveWork(route: Route, index: FileIndex): boolean {
  if (!route.handler) return false;
  let found = false;
  walk(route.handler.fn.body, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && isExpensiveCall(node, index)) {
      found = true;
    }
    return undefined;
  });
  return found;
}

/** Routes whose chain the file cannot fully show are left alone when the project limits elsewhere. */
function limitedElsewhere(route: Route, analysis: FileAnalysis): boolean {
  return !route.chainComplete && analysis.settings.appliedElsewhere.has('rateLimit');
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
          if (limitedElsewhere(route, analysis) || hasLimiter(route, analysis.index)) continue;
          if (isSensitive(route, analysis.index)) {
            context.report({ node: route.node, messageId: 'missingRateLimit', data: { route: describeRoute(route) } });
          } else if (scope === 'all' && doesExpensiveWork(route, analysis.index)) {
            context.report({ node: route.node, messageId: 'missingRateLimitExpensive', data: { route: describeRoute(route) } });
          }
        }
      },
    };
  },
});
