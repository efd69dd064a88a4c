// coverage(target, kind, settings): whether a defense covers a route, an app or a handler, and why:
// the file's chain, the project's chain (handed to the build by the audit), or the settings' claim.
import { describe, expect, it } from 'vitest';
import type { Coverage, Middleware, ProjectRouteChain } from '../../src/analysis/express';
import { coverage } from '../../src/analysis/express';
import { analyze } from './analyze';

const LIMITED_APP = `import express from 'express';
import rateLimit from 'express-rate-limit';
const app = express();
app.use(rateLimit({ max: 5 }));
app.post('/login', (req, res) => res.end());
app.get('/health', (req, res) => res.end());`;

const EXPORTED_ROUTER = `import { Router } from 'express';
export const router = Router();
router.post('/login', (req, res) => res.end());`;

function why(found: Coverage | null): string | null {
  if (!found) return null;
  if (found.by === 'chain') return `chain: ${middlewareText(found.middleware)}`;
  if (found.by === 'project') return `project: ${found.provider ? `${middlewareText(found.provider.middleware)} (${found.provider.file})` : '?'}`;
  return 'claim';
}

function middlewareText(middleware: Middleware): string {
  const node = middleware.node;
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier') return `${node.callee.name}()`;
  return node.type === 'Identifier' ? node.name : node.type;
}

describe('coverage of a route', () => {
  it('is the chain that shows the defense, for every route after it', () => {
    const { model, settings } = analyze(LIMITED_APP);
    expect(model.routes.map((route) => why(coverage(route, 'rateLimit', settings)))).toEqual(['chain: rateLimit()', 'chain: rateLimit()']);
    expect(model.routes.map((route) => why(coverage(route, 'headers', settings)))).toEqual([null, null]);
  });

  it('a route before the use is not covered by it', () => {
    const { model, settings } = analyze(`import express from 'express';
import rateLimit from 'express-rate-limit';
const app = express();
app.post('/login', (req, res) => res.end());
app.use(rateLimit({ max: 5 }));`);
    expect(why(coverage(model.routes[0]!, 'rateLimit', settings))).toBeNull();
  });

  it("is the settings' claim for every route of the file, whether or not its chain is complete", () => {
    const claim = { 'express-security': { appliedElsewhere: ['headers', 'rateLimit'] } };
    const app = analyze(LIMITED_APP.replace("app.use(rateLimit({ max: 5 }));\n", ''), { settings: claim });
    expect(app.model.routes.every((route) => route.chainComplete)).toBe(true);
    expect(app.model.routes.map((route) => why(coverage(route, 'rateLimit', app.settings)))).toEqual(['claim', 'claim']);
    const router = analyze(EXPORTED_ROUTER, { settings: claim });
    expect(why(coverage(router.model.routes[0]!, 'rateLimit', router.settings))).toBe('claim');
    expect(why(coverage(router.model.routes[0]!, 'validation', router.settings))).toBeNull();
  });

  it('the chain comes before the claim: what the file shows is named', () => {
    const { model, settings } = analyze(LIMITED_APP, { settings: { 'express-security': { appliedElsewhere: ['rateLimit'] } } });
    expect(why(coverage(model.routes[0]!, 'rateLimit', settings))).toBe('chain: rateLimit()');
  });

  it("is the project's chain when the audit hands it to the build, which leaves the model read-only", () => {
    const providerFile = analyze(`import rateLimit from 'express-rate-limit';
export const limiter = rateLimit({ max: 5 });
const app = require('express')();
app.use(limiter);`);
    const provider = providerFile.model.instances[0]!.uses[0]!.middleware[0]!;
    const project: ProjectRouteChain = {
      kinds: new Set(['rateLimit']),
      providers: [{ middleware: provider, file: '/project/server.ts' }],
      fullPath: '/api/login',
      mounted: true,
    };
    const registration = EXPORTED_ROUTER.indexOf('router.post(');
    const { model, settings } = analyze(EXPORTED_ROUTER, { projectChains: new Map([[registration, project]]) });
    const route = model.routes[0]!;
    expect(why(coverage(route, 'rateLimit', settings))).toBe('project: limiter (/project/server.ts)');
    expect(route.project).toBe(project);
    expect(route.chainComplete).toBe(true);
    expect(route.fullPath).toBe('/api/login');
    // Every reader of the chain sees the project's defense: one middleware stands for it at the registration.
    expect(route.chain.map((middleware) => [middleware.via, [...middleware.kinds]])).toEqual([['project', ['rateLimit']]]);
  });
});

describe('coverage of an app and of a handler', () => {
  it('an app is covered by any of its uses, or by the claim', () => {
    const shown = analyze(`import express from 'express';
import helmet from 'helmet';
const app = express();
app.get('/', (req, res) => res.end());
app.use(helmet());`);
    expect(why(coverage(shown.model.instances[0]!, 'headers', shown.settings))).toBe('chain: helmet()');
    const claimed = analyze(`import express from 'express';
export const app = express();
app.get('/', (req, res) => res.end());`, { settings: { 'express-security': { appliedElsewhere: ['headers'] } } });
    expect(why(coverage(claimed.model.instances[0]!, 'headers', claimed.settings))).toBe('claim');
    expect(why(coverage(claimed.model.instances[0]!, 'rateLimit', claimed.settings))).toBeNull();
  });

  it('a handler no route of the file registers is covered only by the claim', () => {
    const code = `export function update(req, res) { res.json(req.body); }`;
    const alone = analyze(code);
    expect(why(coverage(alone.model.unroutedHandlers[0]!, 'validation', alone.settings))).toBeNull();
    const claimed = analyze(code, { settings: { 'express-security': { appliedElsewhere: ['validation'] } } });
    expect(why(coverage(claimed.model.unroutedHandlers[0]!, 'validation', claimed.settings))).toBe('claim');
  });
});
