/**
 * What HTTP modules provide, as data: the clients that send requests (node's http modules,
 * fetch-like modules, undici), how their calls take the destination, the agents that filter
 * private addresses, and the calls that put an app behind a server.
 */

/** Property names of a request's options object that hold a whole URL. */
export const URL_PROPERTIES: ReadonlySet<string> = new Set(['url', 'uri', 'baseURL', 'baseUrl', 'prefixUrl', 'href', 'origin']);
/** Property names of a request's options object that hold a host on its own. */
export const HOST_PROPERTIES: ReadonlySet<string> = new Set(['host', 'hostname']);
/** Methods of request libraries that take the URL first. */
export const HTTP_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'request', 'stream', 'json', 'text', 'paginate']);
/** Modules whose default export (and its methods) fetch a URL given first. */
export const FETCH_LIKE_MODULES: ReadonlySet<string> = new Set([
  'node-fetch',
  'cross-fetch',
  'isomorphic-fetch',
  'isomorphic-unfetch',
  'make-fetch-happen',
  'phin',
  'ky',
  'got',
  'axios',
  'request',
  'request-promise',
  'request-promise-native',
  'superagent',
  'needle',
]);
/** Methods whose second argument is the request body in axios, superagent and needle. */
export const BODY_METHODS: ReadonlySet<string> = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
export const BODY_SECOND_MODULES: ReadonlySet<string> = new Set(['axios', 'superagent', 'needle']);
/** Factories returning an instance with the same request methods. */
export const INSTANCE_FACTORIES: ReadonlySet<string> = new Set(['create', 'extend', 'defaults']);
export const NODE_HTTP_MODULES: ReadonlySet<string> = new Set(['http', 'https', 'node:http', 'node:https', 'http2', 'node:http2']);
export const UNDICI_FUNCTIONS: ReadonlySet<string> = new Set(['request', 'fetch', 'stream', 'pipeline', 'connect', 'Pool', 'Client', 'Agent', 'Request']);
/** Every module whose exports send requests: a file importing none of them sends only by `fetch`. */
export const CLIENT_MODULES: ReadonlySet<string> = new Set([...FETCH_LIKE_MODULES, ...NODE_HTTP_MODULES, 'undici']);
/** Modules whose agents refuse private and loopback addresses. */
export const FILTERING_AGENT_MODULES: ReadonlySet<string> = new Set(['ssrf-req-filter', 'request-filtering-agent', 'ssrf-agent', 'ssrf-agent-guard']);

/** Calls that put an app behind a server without adding routes or middleware to it. */
export const SERVER_WRAPPERS: ReadonlySet<string> = new Set(['createServer', 'createSecureServer']);
