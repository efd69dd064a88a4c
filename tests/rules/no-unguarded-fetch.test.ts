import { RuleTester } from '@typescript-eslint/rule-tester';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { noUnguardedFetch } from '../../src/rules/no-unguarded-fetch';

const ruleTester = new RuleTester();

ruleTester.run('no-unguarded-fetch', noUnguardedFetch, {
  valid: [
    {
      name: 'a fixed host followed by a client path segment',
      code: `import express from 'express';
import axios from 'axios';
const app = express();
app.get('/profiles/:id', async (req, res) => {
  const { data } = await axios.get(\`https://api.example.com/users/\${req.params.id}\`);
  res.json(data);
});`,
    },
    {
      name: 'a fixed host followed by a client path segment, in CommonJS with concatenation',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.get('/repos/:name', async (req, res) => {
  const response = await fetch('https://api.github.com/repos/' + req.params.name);
  res.json(await response.json());
});`,
    },
    {
      name: 'a URL from the environment',
      filename: 'x.cjs',
      code: `const express = require('express');
const got = require('got');
const INVENTORY_URL = process.env.INVENTORY_URL;
const app = express();
app.get('/stock/:sku', async (req, res) => {
  res.json(await got(\`\${INVENTORY_URL}/v1/stock/\${req.params.sku}\`).json());
});`,
    },
    {
      name: 'a URL from config with a client value after an unseen base',
      code: `import express from 'express';
import config from './config.js';
const app = express();
app.get('/search', async (req, res) => {
  res.json(await (await fetch(config.searchUrl + req.query.q)).json());
});`,
    },
    {
      name: 'an allowlist of hostnames checked with includes and return',
      code: `import express from 'express';
const ALLOWED_IMAGE_HOSTS = ['images.example.com', 'cdn.example.com'];
const app = express();
app.get('/image', async (req, res) => {
  const target = new URL(req.query.src);
  if (target.protocol !== 'https:' || !ALLOWED_IMAGE_HOSTS.includes(target.hostname)) {
    return res.status(400).json({ error: 'host not allowed' });
  }
  res.send(Buffer.from(await (await fetch(target)).arrayBuffer()));
});`,
    },
    {
      name: 'a Set of hosts checked with has and throw, in CommonJS',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const allowed = new Set(['hooks.example.com']);
const app = express();
app.post('/hook', async (req, res) => {
  if (!allowed.has(new URL(req.body.url).host)) throw new Error('host not allowed');
  await axios.post(req.body.url, {});
  res.end();
});`,
    },
    {
      name: 'a === comparison of the hostname',
      code: `import express from 'express';
const app = express();
app.get('/partner', async (req, res) => {
  const url = new URL(req.query.url);
  if (url.hostname !== 'partner.example.com') return res.sendStatus(400);
  res.send(await (await fetch(url)).text());
});`,
    },
    {
      name: 'a failing branch that calls next(err)',
      filename: 'x.cjs',
      code: `const express = require('express');
const ALLOWED = ['api.example.com'];
const app = express();
app.get('/next', async (req, res, next) => {
  const url = new URL(req.query.url);
  if (!ALLOWED.includes(url.host)) {
    next(new Error('forbidden host'));
    return;
  }
  res.send(await (await fetch(url)).text());
});`,
    },
    {
      name: 'a same-file guard function used in a failing branch',
      code: `import express from 'express';
function isAllowedUrl(value) {
  return new URL(value).hostname === 'api.example.com';
}
const app = express();
app.get('/guarded', async (req, res) => {
  if (!isAllowedUrl(req.query.url)) return res.sendStatus(400);
  res.send(await (await fetch(req.query.url)).text());
});`,
    },
    {
      name: 'an assert-style same-file guard',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
function assertSafeUrl(value) {
  if (!['api.example.com'].includes(new URL(value).hostname)) throw new Error('unsafe');
}
const app = express();
app.post('/hook', async (req, res) => {
  assertSafeUrl(req.body.url);
  await axios.post(req.body.url);
  res.end();
});`,
    },
    {
      name: 'an imported guard named in settings',
      settings: { 'express-security':{ urlGuards: ['checkOutbound'] } },
      code: `import express from 'express';
import { checkOutbound } from './outbound-policy.js';
const app = express();
app.get('/out', async (req, res) => {
  await checkOutbound(req.query.url);
  res.send(await (await fetch(req.query.url)).text());
});`,
    },
    {
      name: 'an ssrf-req-filter agent on the axios call',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const ssrfFilter = require('ssrf-req-filter');
const app = express();
app.get('/fetch', async (req, res) => {
  const url = req.query.url;
  const { data } = await axios.get(url, { httpAgent: ssrfFilter(url), httpsAgent: ssrfFilter(url) });
  res.send(data);
});`,
    },
    {
      name: 'a request-filtering-agent on an axios instance',
      code: `import express from 'express';
import axios from 'axios';
import { globalHttpAgent, globalHttpsAgent } from 'request-filtering-agent';
const client = axios.create({ httpAgent: globalHttpAgent, httpsAgent: globalHttpsAgent });
const app = express();
app.get('/fetch', async (req, res) => {
  res.send((await client.get(req.query.url)).data);
});`,
    },
    {
      name: 'an anchored regular expression with a fixed host',
      code: `import express from 'express';
const app = express();
app.get('/docs', async (req, res) => {
  const url = String(req.query.url);
  if (!/^https:\\/\\/docs\\.example\\.com\\//.test(url)) return res.sendStatus(400);
  res.send(await (await fetch(url)).text());
});`,
    },
    {
      name: 'the request inside the passing branch of an allowlist check',
      filename: 'x.cjs',
      code: `const express = require('express');
const TRUSTED = ['a.example.com', 'b.example.com'];
const app = express();
app.get('/in-branch', async (req, res) => {
  const url = new URL(req.query.url);
  if (TRUSTED.includes(url.hostname)) {
    res.send(await (await fetch(url)).text());
  } else {
    res.sendStatus(400);
  }
});`,
    },
    {
      name: 'an axios instance with a fixed baseURL and client params',
      code: `import express from 'express';
import axios from 'axios';
const maps = axios.create({ baseURL: 'https://maps.example.com/api' });
const app = express();
app.get('/geocode', async (req, res) => {
  const { data } = await maps.get('/geocode', { params: { address: req.query.address } });
  res.json(data);
});`,
    },
    {
      name: 'new URL with a client path against a fixed base',
      code: `import express from 'express';
const app = express();
app.get('/users/:id', async (req, res) => {
  const url = new URL(\`/users/\${req.params.id}\`, 'https://api.example.com');
  res.json(await (await fetch(url)).json());
});`,
    },
    {
      name: 'a shadowed fetch is not the global one',
      code: `import express from 'express';
import { fakeFetch } from './test-utils.js';
const app = express();
app.get('/x', async (req, res) => {
  const fetch = fakeFetch;
  res.json(await fetch(req.query.url));
});`,
    },
    {
      name: 'an unresolvable URL value',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const { endpointFor } = require('./endpoints');
const app = express();
app.get('/x', async (req, res) => {
  res.json((await axios.get(endpointFor('status'))).data);
});`,
    },
    {
      name: 'TypeScript syntax around a fixed host',
      filename: 'x.ts',
      code: `import express, { type Request, type Response } from 'express';
import axios from 'axios';
const app = express();
app.get('/items/:id', async (req: Request<{ id: string }>, res: Response) => {
  const { data } = await axios.get<{ name: string }>(\`https://api.example.com/items/\${req.params.id as string}\`);
  res.json(data satisfies { name: string });
});`,
    },
    {
      name: 'odd code: computed members, spread arguments and optional chaining',
      code: `import express from 'express';
import axios from 'axios';
const app = express();
app.get('/odd', async (req, res) => {
  const method = req.query.method;
  const args = ['https://api.example.com/'];
  await axios[method]?.('https://api.example.com/ping');
  await fetch(...args);
  await fetch?.(\`https://api.example.com/\${req.query?.id}\`);
  await globalThis['fetch']('https://api.example.com/');
  res.end();
});`,
    },
    {
      name: 'a request outside any handler',
      code: `import axios from 'axios';
export async function warmUp() {
  await axios.get(process.env.WARMUP_URL);
}`,
    },
    {
      name: 'a wrapper that checks the host itself',
      code: `import express from 'express';
const ALLOWED_HOSTS = ['api.example.com'];
async function fetchAllowed(url) {
  if (!ALLOWED_HOSTS.includes(new URL(url).hostname)) throw new Error('host not allowed');
  return fetch(url);
}
const app = express();
app.get('/wrapped', async (req, res) => {
  res.send(await (await fetchAllowed(req.query.url)).text());
});`,
    },
    {
      name: 'a fixed origin followed by a client path is allowed without checkPath',
      filename: 'x.cjs',
      code: `const express = require('express');
const superagent = require('superagent');
const app = express();
app.get('/r/:slug', async (req, res) => {
  res.send((await superagent.get('https://cms.example.com/pages/' + req.params.slug)).text);
});`,
    },
    {
      name: 'http.get with a fixed host option and a client path',
      filename: 'x.cjs',
      code: `const express = require('express');
const http = require('http');
const app = express();
app.get('/status/:name', (req, res) => {
  http.get({ hostname: 'status.internal', path: '/' + req.params.name }, (r) => res.sendStatus(r.statusCode));
});`,
    },
    {
      name: 'a body object with a url key is not the destination of axios.post',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const app = express();
app.post('/bookmarks', async (req, res) => {
  await axios.post('https://bookmarks.example.com/api/items', { url: req.body.url, title: req.body.title });
  res.sendStatus(201);
});`,
    },
    {
      name: 'a same-file wrapper called with a fixed URL and client data in the body',
      code: `import express from 'express';
import axios from 'axios';
const send = (options) => axios(options);
const app = express();
app.post('/send', async (req, res) => {
  const { data } = await send({ method: 'post', url: 'https://queue.example.com/jobs', data: req.body });
  res.json(data);
});`,
    },
    {
      name: 'an imported guard whose name says it allows the URL',
      code: `import express from 'express';
import { isAllowedUrl } from '../lib/url-policy.js';
const app = express();
app.get('/checked', async (req, res) => {
  if (!(await isAllowedUrl(req.query.url))) return res.sendStatus(403);
  res.send(await (await fetch(req.query.url)).text());
});`,
    },
    {
      name: 'a private-address check that throws',
      filename: 'x.cjs',
      code: `const express = require('express');
const got = require('got');
const { isPrivateIp } = require('./net');
const app = express();
app.get('/fetch', async (req, res) => {
  const url = new URL(req.query.url);
  if (await isPrivateIp(url.hostname)) throw new Error('private address');
  res.send(await got(url).text());
});`,
    },
    {
      name: 'a same-file validateWebhookUrl with an allowlist inside, as an assertion',
      code: `import express from 'express';
const WEBHOOK_HOSTS = ['hooks.slack.com', 'discord.com'];
function validateWebhookUrl(value) {
  if (!WEBHOOK_HOSTS.includes(new URL(value).hostname)) throw new Error('webhook host not allowed');
}
const app = express();
app.post('/webhooks', async (req, res) => {
  validateWebhookUrl(req.body.url);
  await fetch(req.body.url, { method: 'POST', body: '{}' });
  res.sendStatus(201);
});`,
    },
    {
      name: 'a startsWith check with a complete fixed origin',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.get('/docs', async (req, res) => {
  const url = String(req.query.url);
  if (!url.startsWith('https://docs.example.com/')) return res.sendStatus(400);
  res.send(await (await fetch(url)).text());
});`,
    },
    {
      name: 'a let URL with a fixed origin that only gets client query parameters appended',
      code: `import express from 'express';
const app = express();
app.get('/search', async (req, res) => {
  let url = 'https://search.example.com/api?q=' + encodeURIComponent(String(req.query.q));
  if (req.query.page) url += '&page=' + req.query.page;
  res.json(await (await fetch(url)).json());
});`,
    },
    {
      name: 'toString() of a URL object with a fixed base',
      filename: 'x.cjs',
      code: `const express = require('express');
const got = require('got');
const app = express();
app.get('/items/:id', async (req, res) => {
  const url = new URL('/items/' + req.params.id, 'https://api.example.com');
  res.json(await got(url.toString()).json());
});`,
    },
    {
      name: 'an allowlist of domain suffixes checked with some() and endsWith()',
      code: `import express from 'express';
const allowedDomains = ['.example.com'];
const app = express();
app.get('/suffix', async (req, res) => {
  const { hostname } = new URL(req.query.url);
  if (!allowedDomains.some((domain) => hostname.endsWith(domain))) return res.status(403).end();
  res.send(await (await fetch(req.query.url)).text());
});`,
    },
    {
      name: 'a check inside try whose catch returns',
      filename: 'x.cjs',
      code: `const express = require('express');
const HOSTS = ['a.example.com'];
const app = express();
app.get('/try', async (req, res) => {
  let target;
  try {
    target = new URL(req.query.url);
    if (!HOSTS.includes(target.hostname)) throw new Error('host not allowed');
  } catch {
    return res.status(400).end();
  }
  res.send(await (await fetch(target)).text());
});`,
    },
    {
      name: 'an imported isAllowed() in a failing branch',
      code: `import express from 'express';
import { isAllowed } from './policy.js';
const app = express();
app.get('/allowed', async (req, res) => {
  const url = req.query.url;
  if (!isAllowed(url)) return res.sendStatus(403);
  res.send(await (await fetch(url)).text());
});`,
    },
    {
      name: 'validator isURL with a host_whitelist option',
      filename: 'x.cjs',
      code: `const express = require('express');
const validator = require('validator');
const app = express();
app.get('/wl', async (req, res) => {
  const url = String(req.query.url);
  if (!validator.isURL(url, { host_whitelist: ['cdn.example.com'] })) return res.sendStatus(400);
  res.send(await (await fetch(url)).text());
});`,
    },
  ],
  invalid: [
    {
      name: 'one handler on two routes: one report, naming the first route that registers it',
      code: `import express from 'express';
const app = express();
async function preview(req, res) {
  res.send(await (await fetch(req.query.url)).text());
}
app.get('/preview', preview);
app.post('/preview', preview);`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /preview', source: 'req.query.url' },
          line: 4,
          column: 25,
          endLine: 4,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'a request in a callback nested inside the handler',
      code: `import express from 'express';
const app = express();
app.post('/hooks', (req, res) => {
  const urls = [req.body.url];
  Promise.all(urls.map(async () => {
    await fetch(req.body.url, { method: 'POST' });
  })).then(() => res.sendStatus(204));
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in POST /hooks', source: 'req.body.url' },
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 50,
        },
      ],
    },
    {
      name: 'global fetch of req.query.url in an ESM route',
      code: `import { Router } from 'express';
const router = Router();
router.get('/preview', async (req, res) => {
  const response = await fetch(req.query.url);
  res.send(await response.text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /preview', source: 'req.query.url' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 46,
        },
      ],
    },
    {
      name: 'global fetch of a body field in a CommonJS route, through a variable',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.post('/webhooks/test', async (req, res) => {
  const target = req.body.callbackUrl;
  await fetch(target, { method: 'POST' });
  res.sendStatus(204);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in POST /webhooks/test', source: 'req.body.callbackUrl' },
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 42,
        },
      ],
    },
    {
      name: 'new Request() with a query URL',
      code: `import express from 'express';
const app = express();
app.get('/proxy', async (req, res) => {
  const request = new Request(req.query.url);
  res.json(await (await fetch('https://relay.example.com/', { method: 'POST', body: request.url })).json());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'Request', route: ' in GET /proxy', source: 'req.query.url' },
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'undici request in ESM',
      code: `import express from 'express';
import { request } from 'undici';
const app = express();
app.post('/check', async (req, res) => {
  const { statusCode } = await request(req.body.url);
  res.json({ statusCode });
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'undici', route: ' in POST /check', source: 'req.body.url' },
          line: 5,
          column: 32,
          endLine: 5,
          endColumn: 53,
        },
      ],
    },
    {
      name: 'undici Pool origin in CommonJS',
      filename: 'x.cjs',
      code: `const express = require('express');
const { Pool } = require('undici');
const app = express();
app.post('/pool', (req, res) => {
  const pool = new Pool(req.body.origin);
  res.json({ ok: Boolean(pool) });
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'undici', route: ' in POST /pool', source: 'req.body.origin' },
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 41,
        },
      ],
    },
    {
      name: 'node-fetch with a template that is all request data',
      code: `import express from 'express';
import fetch from 'node-fetch';
const app = express();
app.get('/fetch', async (req, res) => {
  const response = await fetch(\`\${req.query.url}\`);
  res.send(await response.text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'node-fetch', route: ' in GET /fetch', source: 'req.query.url' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 51,
        },
      ],
    },
    {
      name: 'axios(url) in CommonJS',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const router = express.Router();
router.get('/mirror', async (req, res) => {
  const { data } = await axios(req.query.src);
  res.send(data);
});
module.exports = router;`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in GET /mirror', source: 'req.query.src' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 46,
        },
      ],
    },
    {
      name: 'axios({ url }) config object in ESM',
      code: `import express from 'express';
import axios from 'axios';
const app = express();
app.post('/relay', async (req, res) => {
  const { data } = await axios({ method: 'get', url: req.body.url });
  res.json(data);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in POST /relay', source: 'req.body.url' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 69,
        },
      ],
    },
    {
      name: 'axios config with a client-chosen baseURL',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const app = express();
app.get('/status', async (req, res) => {
  const { data } = await axios.request({ baseURL: req.query.base, url: '/status' });
  res.json(data);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in GET /status', source: 'req.query.base' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 84,
        },
      ],
    },
    {
      name: 'axios.post to a webhook from the body',
      code: `import express from 'express';
import axios from 'axios';
const app = express();
app.post('/notify', async (req, res) => {
  await axios.post(req.body.webhook, { event: 'ping' });
  res.sendStatus(202);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in POST /notify', source: 'req.body.webhook' },
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 56,
        },
      ],
    },
    {
      name: 'an axios.create() instance',
      code: `import express from 'express';
import axios from 'axios';
const http = axios.create({ timeout: 2000 });
const app = express();
app.get('/fetch', async (req, res) => {
  const { data } = await http.get(req.query.url);
  res.json(data);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in GET /fetch', source: 'req.query.url' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 49,
        },
      ],
    },
    {
      name: 'got with a destructured body field in TypeScript',
      filename: 'x.ts',
      code: `import express from 'express';
import type { Request, Response } from 'express';
import got from 'got';
const app = express();
app.post('/import', async (req: Request, res: Response) => {
  const { sourceUrl } = req.body as { sourceUrl: string };
  const csv = await got(sourceUrl!).text();
  res.send(csv);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'got', route: ' in POST /import', source: 'req.body.sourceUrl' },
          line: 7,
          column: 21,
          endLine: 7,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'a got.extend() instance in CommonJS',
      filename: 'x.cjs',
      code: `const express = require('express');
const got = require('got');
const client = got.extend({ timeout: { request: 1000 } });
const app = express();
app.get('/get', async (req, res) => {
  res.send(await client.get(req.query.url).text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'got', route: ' in GET /get', source: 'req.query.url' },
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 43,
        },
      ],
    },
    {
      name: 'superagent.get',
      code: `import express from 'express';
import superagent from 'superagent';
const app = express();
app.get('/sa', async (req, res) => {
  const response = await superagent.get(req.query.url);
  res.send(response.text);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'superagent', route: ' in GET /sa', source: 'req.query.url' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 55,
        },
      ],
    },
    {
      name: 'request(url, callback) in CommonJS',
      filename: 'x.cjs',
      code: `const express = require('express');
const request = require('request');
const app = express();
app.get('/legacy', (req, res) => {
  request(req.query.url, (err, response, body) => res.send(body));
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'request', route: ' in GET /legacy', source: 'req.query.url' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 66,
        },
      ],
    },
    {
      name: 'needle(\'get\', url)',
      filename: 'x.cjs',
      code: `const express = require('express');
const needle = require('needle');
const app = express();
app.get('/needle', (req, res) => {
  needle('get', req.query.url).then((response) => res.send(response.body));
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'needle', route: ' in GET /needle', source: 'req.query.url' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 31,
        },
      ],
    },
    {
      name: 'phin with an options object',
      code: `import express from 'express';
import phin from 'phin';
const app = express();
app.post('/phin', async (req, res) => {
  const response = await phin({ url: req.body.url, method: 'GET' });
  res.send(response.body);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'phin', route: ' in POST /phin', source: 'req.body.url' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 68,
        },
      ],
    },
    {
      name: 'ky.get',
      code: `import express from 'express';
import ky from 'ky';
const app = express();
app.get('/ky', async (req, res) => {
  res.json(await ky.get(req.query.url).json());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'ky', route: ' in GET /ky', source: 'req.query.url' },
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 39,
        },
      ],
    },
    {
      name: 'http.get with a URL string in CommonJS',
      filename: 'x.cjs',
      code: `const express = require('express');
const http = require('http');
const app = express();
app.get('/ping', (req, res) => {
  http.get(req.query.target, (upstream) => res.sendStatus(upstream.statusCode));
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'http.get', route: ' in GET /ping', source: 'req.query.target' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 80,
        },
      ],
    },
    {
      name: 'https.request with a client-chosen hostname option',
      filename: 'x.cjs',
      code: `const express = require('express');
const https = require('node:https');
const app = express();
app.post('/probe', (req, res) => {
  const outgoing = https.request({ hostname: req.body.host, path: '/health' }, (r) => res.sendStatus(r.statusCode));
  outgoing.end();
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'https.request', route: ' in POST /probe', source: 'req.body.host' },
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 116,
        },
      ],
    },
    {
      name: 'http.get with a URL object built from the query',
      code: `import express from 'express';
import http from 'node:http';
const app = express();
app.get('/ping', (req, res) => {
  const target = new URL(req.query.target);
  http.get(target, (upstream) => res.sendStatus(upstream.statusCode));
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'http.get', route: ' in GET /ping', source: 'req.query.target' },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 70,
        },
      ],
    },
    {
      name: 'new URL(path, base) with a client-chosen base',
      code: `import express from 'express';
const app = express();
app.get('/status', async (req, res) => {
  const url = new URL('/status', req.query.base);
  res.json(await (await fetch(url)).json());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /status', source: 'req.query.base' },
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 35,
        },
      ],
    },
    {
      name: 'a host from the body concatenated with a path',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const app = express();
app.post('/api', async (req, res) => {
  const { data } = await axios.get(req.body.host + '/api');
  res.json(data);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in POST /api', source: 'req.body.host' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 59,
        },
      ],
    },
    {
      name: 'request data inside the host part of a template',
      code: `import express from 'express';
const app = express();
app.get('/tenant', async (req, res) => {
  const response = await fetch(\`https://\${req.query.tenant}.example.com/api\`);
  res.json(await response.json());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /tenant', source: 'req.query.tenant' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 78,
        },
      ],
    },
    {
      name: 'a fixed origin with no slash before the client path',
      code: `import express from 'express';
const app = express();
app.get('/passthrough', async (req, res) => {
  const response = await fetch('https://api.example.com' + req.query.path);
  res.json(await response.json());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /passthrough', source: 'req.query.path' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 75,
        },
      ],
    },
    {
      name: 'a same-file wrapper function around fetch',
      code: `import express from 'express';
async function fetchJson(url) {
  const response = await fetch(url);
  return response.json();
}
const app = express();
app.get('/unfurl', async (req, res) => {
  res.json(await fetchJson(req.query.url));
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetchJson', route: ' in GET /unfurl', source: 'req.query.url' },
          line: 8,
          column: 18,
          endLine: 8,
          endColumn: 42,
        },
      ],
    },
    {
      name: 'a same-file arrow wrapper around axios in CommonJS',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const download = (link, timeout = 1000) => axios.get(link, { timeout });
const app = express();
app.post('/download', async (req, res) => {
  const { data } = await download(req.body.link);
  res.send(data);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'download', route: ' in POST /download', source: 'req.body.link' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 49,
        },
      ],
    },
    {
      name: 'a controller function with no route in the file',
      code: `export async function preview(req, res) {
  const response = await fetch(req.query.url);
  res.send(await response.text());
}`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: '', source: 'req.query.url' },
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 46,
        },
      ],
    },
    {
      name: 'a redirect without return on failure is no guard',
      code: `import express from 'express';
const ALLOWED_HOSTS = ['api.example.com'];
const app = express();
app.get('/go', async (req, res) => {
  const url = new URL(req.query.url);
  if (!ALLOWED_HOSTS.includes(url.hostname)) {
    res.redirect('/error');
  }
  res.send(await (await fetch(url)).text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /go', source: 'req.query.url' },
          line: 9,
          column: 25,
          endLine: 9,
          endColumn: 35,
        },
      ],
    },
    {
      name: 'startsWith(\'http\') is no guard',
      filename: 'x.cjs',
      code: `const express = require('express');
const app = express();
app.get('/get', async (req, res) => {
  const url = req.query.url;
  if (!url.startsWith('http')) return res.status(400).end();
  res.send(await (await fetch(url)).text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /get', source: 'req.query.url' },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 35,
        },
      ],
    },
    {
      name: 'format validation (express-validator isURL) is no guard',
      code: `import express from 'express';
import { query, validationResult } from 'express-validator';
const app = express();
app.get('/preview', query('url').isURL(), async (req, res) => {
  if (!validationResult(req).isEmpty()) return res.status(400).end();
  res.send(await (await fetch(req.query.url)).text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /preview', source: 'req.query.url' },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'a guard after the request does not protect it',
      code: `import express from 'express';
const ALLOWED_HOSTS = new Set(['api.example.com']);
const app = express();
app.get('/late', async (req, res) => {
  const response = await fetch(req.query.url);
  if (!ALLOWED_HOSTS.has(new URL(req.query.url).host)) return res.status(400).end();
  res.send(await response.text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /late', source: 'req.query.url' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 46,
        },
      ],
    },
    {
      name: 'a guard in another branch does not protect the request',
      code: `import express from 'express';
const app = express();
app.get('/maybe', async (req, res) => {
  if (req.query.strict) {
    if (new URL(req.query.url).hostname !== 'api.example.com') return res.status(400).end();
  }
  res.send(await (await fetch(req.query.url)).text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /maybe', source: 'req.query.url' },
          line: 7,
          column: 25,
          endLine: 7,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'the Host header as the origin',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const app = express();
app.get('/self', async (req, res) => {
  const { data } = await axios.get(\`http://\${req.get('host')}/internal/status\`);
  res.json(data);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in GET /self', source: 'req.get(\'host\')' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 80,
        },
      ],
    },
    {
      name: 'checkPath: a client id after a fixed origin',
      options: [{ checkPath: true }],
      code: `import express from 'express';
import axios from 'axios';
const app = express();
app.get('/users/:id', async (req, res) => {
  const { data } = await axios.get(\`https://api.example.com/users/\${req.params.id}\`);
  res.json(data);
});`,
      errors: [
        {
          messageId: 'unguardedPath',
          data: { library: 'axios', route: ' in GET /users/:id', source: 'req.params.id' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 85,
        },
      ],
    },
    {
      name: 'a same-file isValidUrl that only parses the URL is no guard',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
function isValidUrl(value) {
  try { new URL(value); return true; } catch { return false; }
}
const app = express();
app.post('/hook', async (req, res) => {
  if (!isValidUrl(req.body.url)) return res.sendStatus(400);
  await axios.post(req.body.url, { ok: true });
  res.end();
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in POST /hook', source: 'req.body.url' },
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 47,
        },
      ],
    },
    {
      name: 'a same-file wrapper taking an options object',
      code: `import express from 'express';
import axios from 'axios';
const send = (options) => axios(options);
const app = express();
app.post('/send', async (req, res) => {
  const { data } = await send({ method: 'post', url: req.body.target, data: {} });
  res.json(data);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'send', route: ' in POST /send', source: 'req.body.target' },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 82,
        },
      ],
    },
    {
      name: 'a client host after a scheme the file cannot see',
      code: `import express from 'express';
const app = express();
app.get('/relay', async (req, res) => {
  const response = await fetch(\`\${req.protocol}://\${req.query.host}/api\`);
  res.json(await response.json());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /relay', source: 'req.query.host' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 74,
        },
      ],
    },
    {
      name: 'a let URL that starts from request data and is completed later',
      filename: 'x.cjs',
      code: `const express = require('express');
const axios = require('axios');
const app = express();
app.get('/normalize', async (req, res) => {
  let url = req.query.url;
  if (!url.includes('://')) url = 'https://' + url;
  const { data } = await axios.get(url);
  res.send(data);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in GET /normalize', source: 'req.query.url' },
          line: 7,
          column: 26,
          endLine: 7,
          endColumn: 40,
        },
      ],
    },
    {
      name: 'a method of a same-file controller class',
      code: `class ProxyController {
  async proxy(req, res) {
    const upstream = await fetch(req.query.url);
    res.send(await upstream.text());
  }
}
export default new ProxyController();`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: '', source: 'req.query.url' },
          line: 3,
          column: 28,
          endLine: 3,
          endColumn: 48,
        },
      ],
    },
    {
      name: 'an asyncHandler-wrapped route with a shorthand url option',
      filename: 'x.cjs',
      code: `const express = require('express');
const asyncHandler = require('express-async-handler');
const axios = require('axios');
const router = express.Router();
router.post('/fetch', asyncHandler(async (req, res) => {
  const { url } = req.body;
  const response = await axios({ url, method: 'GET' });
  res.json(response.data);
}));`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'axios', route: ' in POST /fetch', source: 'req.body.url' },
          line: 7,
          column: 26,
          endLine: 7,
          endColumn: 55,
        },
      ],
    },
    {
      name: 'request.get with an options object, piped',
      filename: 'x.cjs',
      code: `const express = require('express');
const request = require('request');
const router = express.Router();
router.get('/pipe', (req, res) => {
  request.get({ url: req.query.url }).pipe(res);
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'request', route: ' in GET /pipe', source: 'req.query.url' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 38,
        },
      ],
    },
    {
      name: 'an allowlist check of another parameter is no guard for the URL',
      code: `import express from 'express';
const FORMATS = ['json', 'xml'];
const app = express();
app.get('/convert', async (req, res) => {
  if (!FORMATS.includes(req.query.format)) return res.sendStatus(400);
  res.send(await (await fetch(req.query.url)).text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /convert', source: 'req.query.url' },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'a scheme allowlist is no host guard',
      filename: 'x.cjs',
      code: `const express = require('express');
const ALLOWED_PROTOCOLS = ['http:', 'https:'];
const app = express();
app.get('/scheme', async (req, res) => {
  const urlProtocol = new URL(req.query.url).protocol;
  if (!ALLOWED_PROTOCOLS.includes(urlProtocol)) return res.sendStatus(400);
  res.send(await (await fetch(req.query.url)).text());
});`,
      errors: [
        {
          messageId: 'unguardedUrl',
          data: { library: 'fetch', route: ' in GET /scheme', source: 'req.query.url' },
          line: 7,
          column: 25,
          endLine: 7,
          endColumn: 45,
        },
      ],
    },
  ],
});

describe('no-unguarded-fetch options', () => {
  it('rejects an unknown option with a schema error that names it', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = (): unknown =>
      linter.verify('fetch(url);', [
        {
          languageOptions: { parser: tsParser },
          plugins: { 'express-security': { rules: { 'no-unguarded-fetch': noUnguardedFetch } } as never },
          rules: { 'express-security/no-unguarded-fetch': ['error', { checkPaths: true }] },
        },
      ]);
    expect(lint).toThrow(/checkPaths/);
  });

  it('rejects a checkPath that is not a boolean', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = (): unknown =>
      linter.verify('fetch(url);', [
        {
          languageOptions: { parser: tsParser },
          plugins: { 'express-security': { rules: { 'no-unguarded-fetch': noUnguardedFetch } } as never },
          rules: { 'express-security/no-unguarded-fetch': ['error', { checkPath: 'yes' }] },
        },
      ]);
    expect(lint).toThrow(/"yes" should be boolean/);
  });
});
