import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/analysis/engine/ast';
import { enclosingFunction } from '../../src/analysis/engine/ast';
import type { FileIndex } from '../../src/analysis/engine/file-index';
import { hasFilteringAgent, isGuarded, outboundRequests, prefixFixesHost, urlControl } from '../../src/analysis/outbound/outbound';
import { analyze } from './analyze';

const noGuards = { urlGuards: new Set<string>() };

function requestsOf(code: string, filename = 'file.ts'): { index: FileIndex; requests: ReturnType<typeof outboundRequests> } {
  const { index } = analyze(code, { filename });
  return { index, requests: outboundRequests(index, noGuards) };
}

/** What a request looks like in a test: its library and the source text of its URL parts. */
function summary(code: string, filename?: string): string[] {
  const { index, requests } = requestsOf(code, filename);
  return requests.map((request) => `${request.library}: ${request.url.map((part) => `${part.kind} ${index.sourceCode.getText(part.node)}`).join(' | ')}`);
}

/** A leaf that treats identifiers named `tainted` (and members of them) as client data. */
function taintedLeaf(node: Node): string | null {
  let inner: Node = node;
  while (inner.type === AST_NODE_TYPES.MemberExpression) inner = inner.object;
  return inner.type === AST_NODE_TYPES.Identifier && inner.name === 'tainted' ? 'tainted' : null;
}

/** Whether the first request of the file reaches its host from `tainted`. */
function hostControlled(code: string, anyPosition = false): boolean {
  const { index, requests } = requestsOf(code);
  const request = requests[0];
  if (!request) throw new Error('no request found');
  return request.url.some((part) => urlControl(part, taintedLeaf, index, anyPosition) !== null);
}

/** Whether the first request of the file is guarded inside its function. */
function guarded(code: string, settings = noGuards): boolean {
  const { index, requests } = requestsOf(code);
  const request = requests[0];
  if (!request) throw new Error('no request found');
  const fn = enclosingFunction(request.call);
  if (!fn) throw new Error('request outside a function');
  return isGuarded(request.call, fn, index, settings);
}

describe('outboundRequests: sinks by module', () => {
  it('finds global fetch and new Request, and undici calls and origins', () => {
    expect(
      summary(`import { request, Pool } from 'undici';
fetch(a);
new Request(b);
request(c);
new Pool(d);`),
    ).toEqual(['fetch: url a', 'Request: url b', 'undici: url c', 'undici: url d']);
  });

  it('finds axios calls, config objects and axios.create() instances, and skips axios.create itself', () => {
    expect(
      summary(
        `const axios = require('axios');
const client = axios.create({ baseURL: 'https://api.example.com/' });
axios(a);
axios({ url: b, baseURL: c, data: d });
axios.get(e, { baseURL: f });
client.get(g);`,
        'x.cjs',
      ),
    ).toEqual([
      'axios: url a',
      'axios: url b | url c',
      'axios: url e | url f',
      "axios: url g | url 'https://api.example.com/'",
    ]);
  });

  it('does not take the body of axios.post for a destination', () => {
    expect(summary(`import axios from 'axios';
axios.post(a, { url: b }, { baseURL: c });`)).toEqual(['axios: url a | url c']);
  });

  it('finds got, got.extend() instances, superagent, request, needle, phin, ky and node-fetch', () => {
    expect(
      summary(`import got from 'got';
import superagent from 'superagent';
import request from 'request';
import needle from 'needle';
import phin from 'phin';
import ky from 'ky';
import nodeFetch from 'node-fetch';
const api = got.extend({ prefixUrl: p });
got(a);
api.post(b);
superagent.get(c);
superagent('GET', d);
request({ uri: e });
needle('get', f);
phin({ url: g });
ky.get(h);
nodeFetch(i);`),
    ).toEqual([
      'got: url a',
      'got: url b | url p',
      'superagent: url c',
      'superagent: url d',
      'request: url e',
      'needle: url f',
      'phin: url g',
      'ky: url h',
      'node-fetch: url i',
    ]);
  });

  it('finds http(s).get/request with a URL, a URL object or host options', () => {
    expect(
      summary(
        `const http = require('http');
const https = require('node:https');
http.get(a);
https.request({ hostname: b, path: '/x' });
http.request(new URL(c), { host: d });
http.createServer(e);`,
        'x.cjs',
      ),
    ).toEqual(['http.get: url a', 'https.request: host b', 'http.request: url new URL(c) | host d']);
  });

  it('finds calls of same-file wrappers that pass a parameter on as the URL', () => {
    const { index, requests } = requestsOf(`async function getJson(url) { return (await fetch(url)).json(); }
const download = (link) => getJson(link);
download(x);`);
    expect(requests.map((request) => [request.library, request.wrapper ? 'wrapper' : 'library', request.url.map((part) => index.sourceCode.getText(part.node))])).toEqual([
      ['fetch', 'library', ['url']],
      ['getJson', 'wrapper', ['link']],
      ['download', 'wrapper', ['x']],
    ]);
  });

  it('does not treat a wrapper that checks the host as a sink', () => {
    expect(
      summary(`const ALLOWED = ['api.example.com'];
async function getAllowed(url) {
  if (!ALLOWED.includes(new URL(url).hostname)) throw new Error('no');
  return fetch(url);
}
getAllowed(x);`),
    ).toEqual(['fetch: url url']);
  });

  it('ignores shadowed and unknown callees', () => {
    expect(summary(`function run(fetch, axios) { fetch(a); axios.get(b); }
import { get } from './http-client';
get(c);`)).toEqual([]);
  });
});

describe('prefixFixesHost', () => {
  it.each([
    ['https://api.example.com/', true],
    ['https://api.example.com/users/', true],
    ['http://api.example.com?q=', true],
    ['/api/', true],
    ['//cdn.example.com/', true],
    ['', false],
    ['https://', false],
    ['http', false],
    ['https://api.example.com', false],
    ['https://user@', false],
    ['//', false],
  ])('%j fixes the host: %s', (prefix, expected) => {
    expect(prefixFixesHost(prefix)).toBe(expected);
  });
});

describe('urlControl: can the client reach the scheme or host?', () => {
  it('a whole tainted URL does', () => {
    expect(hostControlled('fetch(tainted.url);')).toBe(true);
  });

  it('a template or concatenation that starts with taint does', () => {
    expect(hostControlled('fetch(`${tainted.host}/api`);')).toBe(true);
    expect(hostControlled("fetch(tainted.host + '/api');")).toBe(true);
  });

  it('taint inside the host of a template does', () => {
    expect(hostControlled('fetch(`https://${tainted.tenant}.example.com/`);')).toBe(true);
  });

  it('a fixed origin with no slash before the taint does', () => {
    expect(hostControlled("fetch('https://api.example.com' + tainted.path);")).toBe(true);
  });

  it('a fixed origin then a slash then taint does not, unless any position counts', () => {
    expect(hostControlled('fetch(`https://api.example.com/users/${tainted.id}`);')).toBe(false);
    expect(hostControlled('fetch(`https://api.example.com/users/${tainted.id}`);', true)).toBe(true);
  });

  it('follows const bindings of strings and URL objects', () => {
    expect(hostControlled(`const base = 'https://api.example.com/';
const url = base + tainted.path;
fetch(url);`)).toBe(false);
    expect(hostControlled(`const target = new URL(tainted.url);
fetch(target.href);`)).toBe(true);
  });

  it('new URL(path, base): a tainted base does, a tainted relative path does not', () => {
    expect(hostControlled("fetch(new URL('/status', tainted.base));")).toBe(true);
    expect(hostControlled("fetch(new URL(`/users/${tainted.id}`, 'https://api.example.com'));")).toBe(false);
    expect(hostControlled("fetch(new URL(tainted.path, 'https://api.example.com'));")).toBe(true);
  });

  it('a host option is the host whatever its shape', () => {
    expect(hostControlled("import http from 'http'; http.get({ hostname: `${tainted.name}`, path: '/' });")).toBe(true);
  });

  it('a value after an unseen base is left alone', () => {
    expect(hostControlled('fetch(`${process.env.BASE}${tainted.path}`);')).toBe(false);
  });
});

describe('isGuarded: guard shapes', () => {
  it('an allowlist includes() whose failing branch returns', () => {
    expect(guarded(`const ALLOWED_HOSTS = ['a.example.com'];
async function f(u) {
  if (!ALLOWED_HOSTS.includes(new URL(u).hostname)) return null;
  return fetch(u);
}`)).toBe(true);
  });

  it('a Set has() whose failing branch throws', () => {
    expect(guarded(`const hosts = new Set(['a.example.com']);
async function f(u) {
  if (!hosts.has(new URL(u).host)) { throw new Error('no'); }
  return fetch(u);
}`)).toBe(true);
  });

  it('a === comparison on the hostname with next(err)', () => {
    expect(guarded(`async function f(req, res, next) {
  const u = new URL(req.query.url);
  if (u.hostname !== 'a.example.com') { next(new Error('no')); }
  return fetch(u);
}`)).toBe(true);
  });

  it('a failing branch that only redirects is no guard', () => {
    expect(guarded(`const ALLOWED = ['a.example.com'];
async function f(req, res) {
  const u = new URL(req.query.url);
  if (!ALLOWED.includes(u.hostname)) { res.redirect('/'); }
  return fetch(u);
}`)).toBe(false);
  });

  it('a protocol check alone is no guard', () => {
    expect(guarded(`async function f(u) {
  if (new URL(u).protocol !== 'https:') return null;
  return fetch(u);
}`)).toBe(false);
  });

  it("startsWith('http') is no guard; startsWith of a whole origin is", () => {
    expect(guarded(`async function f(u) {
  if (!u.startsWith('http')) return null;
  return fetch(u);
}`)).toBe(false);
    expect(guarded(`async function f(u) {
  if (!u.startsWith('https://a.example.com/')) return null;
  return fetch(u);
}`)).toBe(true);
  });

  it('an anchored regular expression with a fixed host is a guard; an unanchored one is not', () => {
    expect(guarded(`async function f(u) {
  if (!/^https:\\/\\/a\\.example\\.com\\//.test(u)) return null;
  return fetch(u);
}`)).toBe(true);
    expect(guarded(`async function f(u) {
  if (!/example\\.com/.test(u)) return null;
  return fetch(u);
}`)).toBe(false);
  });

  it('the request inside the passing branch of a check', () => {
    expect(guarded(`const TRUSTED = ['a.example.com'];
async function f(u) {
  if (TRUSTED.includes(new URL(u).hostname)) { return fetch(u); }
  return null;
}`)).toBe(true);
  });

  it('named guards: same-file with an allowlist inside, strong names, settings; not a bare format check', () => {
    expect(guarded(`const HOSTS = ['a.example.com'];
function validateWebhookUrl(u) { if (!HOSTS.includes(new URL(u).host)) throw new Error('no'); }
async function f(u) {
  validateWebhookUrl(u);
  return fetch(u);
}`)).toBe(true);
    expect(guarded(`import { assertSafeUrl } from './ssrf';
async function f(u) {
  await assertSafeUrl(u);
  return fetch(u);
}`)).toBe(true);
    expect(guarded(`import { vetDestination } from './policy';
async function f(u) {
  vetDestination(u);
  return fetch(u);
}`, { urlGuards: new Set(['vetDestination']) })).toBe(true);
    expect(guarded(`function isValidUrl(u) { try { new URL(u); return true; } catch { return false; } }
async function f(u) {
  if (!isValidUrl(u)) return null;
  return fetch(u);
}`)).toBe(false);
  });

  it('a check after the request, or in a branch the request does not share, is no guard', () => {
    expect(guarded(`const ALLOWED = ['a.example.com'];
async function f(u, strict) {
  if (strict) { if (!ALLOWED.includes(new URL(u).host)) return null; }
  return fetch(u);
}`)).toBe(false);
    expect(guarded(`const ALLOWED = ['a.example.com'];
async function f(u) {
  const response = fetch(u);
  if (!ALLOWED.includes(new URL(u).host)) return null;
  return response;
}`)).toBe(false);
  });
});

describe('hasFilteringAgent', () => {
  it('sees ssrf-req-filter on the call and request-filtering-agent on an axios instance', () => {
    const direct = requestsOf(`const ssrfFilter = require('ssrf-req-filter');
const axios = require('axios');
axios.get(u, { httpAgent: ssrfFilter(u) });`, 'x.cjs');
    expect(hasFilteringAgent(direct.requests[0]!, direct.index)).toBe(true);
    const instance = requestsOf(`import axios from 'axios';
import { globalHttpsAgent } from 'request-filtering-agent';
const agentOptions = { httpsAgent: globalHttpsAgent };
const client = axios.create(agentOptions);
client.get(u);`);
    expect(hasFilteringAgent(instance.requests[0]!, instance.index)).toBe(true);
  });

  it('does not count an ordinary agent', () => {
    const plain = requestsOf(`import https from 'https';
import axios from 'axios';
axios.get(u, { httpsAgent: new https.Agent({ keepAlive: true }) });`);
    expect(hasFilteringAgent(plain.requests[0]!, plain.index)).toBe(false);
  });
});
