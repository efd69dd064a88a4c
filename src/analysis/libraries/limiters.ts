/**
 * What rate-limiting modules provide, as data: the modules whose middleware limits requests, the
 * general limiters a handler consumes itself, and the methods that consume them.
 */

/** Modules whose middleware limits how often a client may call a route. */
export const LIMITER_MIDDLEWARE_MODULES: ReadonlySet<string> = new Set(['express-rate-limit', 'express-slow-down', 'rate-limiter-flexible', 'express-brute']);

/** Modules whose limiter objects are consumed inside a handler (`await limiter.consume(req.ip)`). */
export const LIMITER_MODULES: ReadonlySet<string> = new Set([...LIMITER_MIDDLEWARE_MODULES, 'limiter', 'bottleneck']);

/** Methods of a limiter object that take a request's share of the limit. */
export const CONSUME_METHODS: ReadonlySet<string> = new Set(['consume', 'penalty', 'removeTokens', 'tryRemoveTokens']);
