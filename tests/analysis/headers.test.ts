import { describe, expect, it } from 'vitest';
import { firstRoutingBefore, handedToSecuritySetup, headerUseOf, servesContent } from '../../src/analysis/headers/apps';
import { weakenedProtections } from '../../src/analysis/headers/helmet-options';
import { analyze } from './analyze';

/** What the file's helmet calls weaken, as option or directive and the text it points at. */
function weakened(code: string) {
  const { index } = analyze(code);
  return weakenedProtections(index).map((found) =>
    found.kind === 'disabledProtection'
      ? { kind: found.kind, option: found.option, at: index.sourceCode.getText(found.property) }
      : { kind: found.kind, directive: found.directive, source: found.source, at: index.sourceCode.getText(found.node) },
  );
}

/** The file's first created app. */
function firstApp(code: string) {
  const analysis = analyze(code);
  const app = analysis.model.instances.find((instance) => instance.kind === 'app');
  if (!app) throw new Error('no app in the code');
  return { analysis, app };
}

describe('weakenedProtections', () => {
  it('finds protections switched off and unsafe script sources, call after call', () => {
    expect(
      weakened(`import helmet from 'helmet';
const csp = { directives: { scriptSrc: ["'self'", "'unsafe-inline'"] } };
app.use(helmet({ frameguard: false, hsts: true, contentSecurityPolicy: csp }));
app.use(helmet.contentSecurityPolicy({ directives: { 'default-src': '*' } }));`),
    ).toEqual([
      { kind: 'disabledProtection', option: 'frameguard', at: 'frameguard: false' },
      { kind: 'unsafeScriptSource', directive: 'scriptSrc', source: "'unsafe-inline'", at: `"'unsafe-inline'"` },
      { kind: 'unsafeScriptSource', directive: 'default-src', source: '*', at: "'*'" },
    ]);
  });

  it('reads nothing from a helmet that is not the module, or options it cannot see', () => {
    expect(weakened(`const helmet = (options) => options;\napp.use(helmet({ frameguard: false }));`)).toEqual([]);
    expect(weakened(`import helmet from 'helmet';\napp.use(helmet(loadOptions()));`)).toEqual([]);
  });
});

describe('the headers of an app', () => {
  it('finds the routing registered before a late helmet, the earliest first', () => {
    const { analysis, app } = firstApp(`import express from 'express';
import helmet from 'helmet';
import apiRoutes from './api';
const app = express();
app.use('/api', apiRoutes);
app.get('/health', (req, res) => res.send('ok'));
app.use(helmet());`);
    const headerUse = headerUseOf(app)!;
    const first = firstRoutingBefore(analysis, app, headerUse.node.range[0]);
    expect(first?.kind).toBe('routeMount');
    expect(first?.node.loc.start.line).toBe(5);
    expect(firstRoutingBefore(analysis, app, 0)).toBeNull();
  });

  it('tells an app that serves nothing here from one handed to a security setup', () => {
    const wrapped = firstApp(`import express from 'express';\nimport http from 'node:http';\nconst app = express();\nhttp.createServer(app).listen(3000);`).app;
    expect(servesContent(wrapped)).toBe(false);
    const handed = firstApp(`import express from 'express';\nimport { secureApp } from './security';\nconst app = express();\nsecureApp(app);`).app;
    expect(servesContent(handed)).toBe(true);
    expect(handedToSecuritySetup(handed)).toBe(true);
  });
});
