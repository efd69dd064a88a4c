import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { requireHelmet } from '../../src/rules/require-helmet';
import { CLASSIFY_CJS_APP } from './cross-file-fixtures';

const ruleTester = new RuleTester();

ruleTester.run('require-helmet', requireHelmet, {
  valid: [
    {
      name: 'ESM app with helmet',
      code: `import express from 'express';
import helmet from 'helmet';
const app = express();
app.use(helmet());
app.get('/', (req, res) => res.send('ok'));`,
    },
    {
      name: 'CommonJS app with helmet from a const',
      filename: 'app.cjs',
      code: `const express = require('express');
const helmet = require('helmet');
const securityHeaders = helmet({ referrerPolicy: { policy: 'no-referrer' } });
const app = express();
app.use(securityHeaders);`,
    },
    {
      name: 'a router module never needs helmet',
      code: `import { Router } from 'express';
const router = Router();
router.get('/', (req, res) => res.json([]));
export default router;`,
    },
    {
      name: 'an app handed to a function that configures security',
      code: `import express from 'express';
import { configureSecurity } from './security';
const app = express();
configureSecurity(app);
app.get('/', (req, res) => res.end());`,
    },
    {
      name: 'an app handed to a required security module',
      filename: 'server.cjs',
      code: `const express = require('express');
const app = express();
require('./config/security')(app);`,
    },
    {
      name: 'header middleware named in settings',
      code: `import express from 'express';
import { secureHeaders } from './headers';
const app = express();
app.use(secureHeaders());`,
      settings: { 'express-security': { headerMiddleware: ['secureHeaders'] } },
    },
    {
      name: 'headers applied in another file, per settings',
      code: `import express from 'express';
export const app = express();
app.get('/', (req, res) => res.end());`,
      settings: { 'express-security': { appliedElsewhere: ['headers'] } },
    },
    {
      name: 'a shadowed express is not express',
      code: `function build(express) { return express(); }`,
    },
    {
      name: 'a CSP with an allowlisted CDN host is not weak',
      code: `import express from 'express';
import helmet from 'helmet';
const app = express();
app.use(helmet({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", 'https://cdn.jsdelivr.net'] } } }));`,
    },
    {
      name: 'a protection set from a value the file cannot see is not reported',
      code: `import express from 'express';
import helmet from 'helmet';
const app = express();
app.use(helmet({ contentSecurityPolicy: isProd ? undefined : false }));`,
    },
    {
      name: 'TypeScript app with types and helmet',
      code: `import express, { type Express } from 'express';
import helmet from 'helmet';
export function createApp(): Express {
  const app: Express = express();
  app.use(helmet() as express.RequestHandler);
  return app;
}`,
    },
    {
      name: 'an app that only sits behind an HTTP server serves nothing this file shows',
      filename: 'server.cjs',
      code: `const http = require('http');
const express = require('express');
const app = express();
http.createServer(app).listen(1337);`,
    },
    {
      name: 'an app built in a test file is not deployed',
      filename: 'routes/orders.test.ts',
      code: `import express from 'express';
const app = express();
app.get('/orders', (req, res) => res.json([]));`,
    },
    {
      name: 'odd code: computed members, spread arguments, optional calls',
      code: `import express from 'express';
import helmet from 'helmet';
const app = express();
app[method]('/x', h);
app.use(...middleware);
app?.use?.(helmet());`,
    },
  ],
  invalid: [
    {
      name: 'ESM app without helmet, with the suggestion',
      code: `import express from 'express';
const app = express();
app.get('/', (req, res) => res.send('ok'));`,
      errors: [
        {
          messageId: 'missingHelmet',
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'addHelmet',
              data: { app: 'app' },
              output: `import express from 'express';
import helmet from 'helmet';
const app = express();
app.use(helmet());
app.get('/', (req, res) => res.send('ok'));`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS app without helmet, with a require in the suggestion',
      filename: 'server.cjs',
      code: `const express = require('express');
const server = express();
server.use(express.static('public'));`,
      errors: [
        {
          messageId: 'missingHelmet',
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'addHelmet',
              data: { app: 'server' },
              output: `const express = require('express');
const helmet = require('helmet');
const server = express();
server.use(helmet());
server.use(express.static('public'));`,
            },
          ],
        },
      ],
    },
    {
      name: 'an app handed to a routes function is still reported',
      code: `import express from 'express';
import registerRoutes from './routes';
const app = express();
registerRoutes(app);`,
      errors: [
        {
          messageId: 'missingHelmet',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'addHelmet',
              data: { app: 'app' },
              output: `import express from 'express';
import registerRoutes from './routes';
import helmet from 'helmet';
const app = express();
app.use(helmet());
registerRoutes(app);`,
            },
          ],
        },
      ],
    },
    {
      name: 'strict: an app handed to a security function is reported too',
      code: `import express from 'express';
import { configureSecurity } from './security';
const app = express();
configureSecurity(app);`,
      options: [{ strict: true }],
      errors: [
        {
          messageId: 'missingHelmet',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'addHelmet',
              data: { app: 'app' },
              output: `import express from 'express';
import { configureSecurity } from './security';
import helmet from 'helmet';
const app = express();
app.use(helmet());
configureSecurity(app);`,
            },
          ],
        },
      ],
    },
    {
      name: 'helmet options that switch protections off',
      code: `import express from 'express';
import helmet from 'helmet';
const app = express();
app.use(helmet({ contentSecurityPolicy: false, frameguard: false, hsts: false, xContentTypeOptions: false }));`,
      errors: [
        { messageId: 'protectionDisabled', data: { option: 'contentSecurityPolicy', protection: 'the Content-Security-Policy header' }, line: 4, column: 18, endLine: 4, endColumn: 46 },
        { messageId: 'protectionDisabled', data: { option: 'frameguard', protection: 'clickjacking protection (X-Frame-Options)' }, line: 4, column: 48, endLine: 4, endColumn: 65 },
        { messageId: 'protectionDisabled', data: { option: 'hsts', protection: 'HTTP Strict Transport Security' }, line: 4, column: 67, endLine: 4, endColumn: 78 },
        { messageId: 'protectionDisabled', data: { option: 'xContentTypeOptions', protection: 'MIME-sniffing protection (X-Content-Type-Options)' }, line: 4, column: 80, endLine: 4, endColumn: 106 },
      ],
    },
    {
      name: 'CommonJS helmet options from a const object',
      filename: 'app.cjs',
      code: `const express = require('express');
const helmet = require('helmet');
const options = { noSniff: false };
const app = express();
app.use(helmet(options));`,
      errors: [{ messageId: 'protectionDisabled', line: 3, column: 19, endLine: 3, endColumn: 33 }],
    },
    {
      name: "'unsafe-inline' in scriptSrc",
      code: `import express from 'express';
import helmet from 'helmet';
const app = express();
app.use(helmet({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", "'unsafe-inline'"] } } }));`,
      errors: [
        { messageId: 'unsafeScriptSource', data: { directive: 'scriptSrc', source: "'unsafe-inline'" }, line: 4, column: 79, endLine: 4, endColumn: 96 },
      ],
    },
    {
      name: "helmet.contentSecurityPolicy with 'unsafe-eval' in script-src",
      filename: 'app.cjs',
      code: `const helmet = require('helmet');
module.exports = helmet.contentSecurityPolicy({ directives: { 'script-src': ["'self' 'unsafe-eval'"] } });`,
      errors: [
        { messageId: 'unsafeScriptSource', data: { directive: 'script-src', source: "'unsafe-eval'" }, line: 2, column: 78, endLine: 2, endColumn: 100 },
      ],
    },
    {
      name: 'a wildcard default-src stands in for script-src',
      code: `import helmet from 'helmet';
export const headers = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ['*'] } } });`,
      errors: [{ messageId: 'unsafeScriptSource', data: { directive: 'defaultSrc', source: '*' }, line: 2, column: 85, endLine: 2, endColumn: 88 }],
    },
    {
      name: 'helmet mounted after a route',
      code: `import express from 'express';
import helmet from 'helmet';
const app = express();
app.get('/status', (req, res) => res.json({ ok: true }));
app.use(helmet());`,
      errors: [{ messageId: 'lateHelmet', data: { route: 'GET /status (line 4)' }, line: 5, column: 1, endLine: 5, endColumn: 18 }],
    },
    {
      name: 'helmet mounted after a same-file router',
      filename: 'app.cjs',
      code: `const express = require('express');
const helmet = require('helmet');
const app = express();
const api = express.Router();
app.use('/api', api);
app.use(helmet());`,
      errors: [{ messageId: 'lateHelmet', data: { route: 'the router mounted at /api (line 5)' }, line: 6, column: 1, endLine: 6, endColumn: 18 }],
    },
  ],
});

describe('require-helmet options', () => {
  it('fails with a schema error that names an unknown option', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = () =>
      linter.verify('const a = 1;', [
        {
          plugins: { 'express-security': { rules: { 'require-helmet': requireHelmet } } as never },
          rules: { 'express-security/require-helmet': ['error', { strictt: true }] },
        },
      ]);
    expect(lint).toThrow(/Unexpected property "strictt"\. Expected properties: "strict"/);
  });

  it('fails with a schema error when strict is not a boolean', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = () =>
      linter.verify('const a = 1;', [
        {
          plugins: { 'express-security': { rules: { 'require-helmet': requireHelmet } } as never },
          rules: { 'express-security/require-helmet': ['error', { strict: 'yes' }] },
        },
      ]);
    expect(lint).toThrow(/express-security\/require-helmet":\s+Value "yes" should be boolean/);
  });
});

ruleTester.run('require-helmet: middleware classified by its definition', requireHelmet, {
  valid: [
    {
      name: 'CommonJS: a project middleware that sets Content-Security-Policy and X-Frame-Options',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const { secure } = require('./middleware/headers');
const app = express();
app.use(secure);
app.get('/', (req, res) => res.end());`,
    },
    {
      name: 'CommonJS: featurePolicy() (a policy name) sets a security header',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const { featurePolicy } = require('./middleware/headers');
const app = express();
app.use(featurePolicy());
app.get('/', (req, res) => res.end());`,
    },
  ],
  invalid: [
    {
      name: 'CommonJS: securityHeaders only checks the session: no headers',
      filename: CLASSIFY_CJS_APP,
      code: `const express = require('express');
const { securityHeaders } = require('./middleware/headers');
const app = express();
app.use(securityHeaders);
app.get('/', (req, res) => res.end());`,
      errors: [
        {
          messageId: 'missingHelmet',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 22,
          suggestions: [
            {
              messageId: 'addHelmet',
              data: { app: 'app' },
              output: `const express = require('express');
const helmet = require('helmet');
const { securityHeaders } = require('./middleware/headers');
const app = express();
app.use(helmet());
app.use(securityHeaders);
app.get('/', (req, res) => res.end());`,
            },
          ],
        },
      ],
    },
  ],
});
