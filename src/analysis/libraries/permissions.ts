/** What access-control modules provide, as data. */

/** Modules whose middleware and calls decide what the requester may do. */
export const PERMISSION_MODULES: ReadonlySet<string> = new Set(['express-jwt-permissions', 'accesscontrol', 'casbin', '@casl/ability', '@casl/express']);
