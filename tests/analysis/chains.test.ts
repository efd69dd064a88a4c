// The one chain computation (express/chains.ts), as the file's model uses it: shared chains,
// paths joined through mounts, and judges that judge a shared chain once.
import { describe, expect, it } from 'vitest';
import type { Middleware, Route } from '../../src/analysis/express';
import { judgedPerChain } from '../../src/analysis/express';
import { analyze } from './analyze';

const names = (chain: readonly Middleware[]): string[] =>
  chain.map((middleware) => (middleware.node.type === 'Identifier' ? middleware.node.name : middleware.node.type));
const byPath = (routes: readonly Route[], path: string): Route => routes.find((route) => route.fullPath === path)!;

/** A judge that counts a chain's middleware and notes, in `judged`, each one it looks at. */
function countingJudge(judged: string[]) {
  return judgedPerChain(
    (chain: readonly Middleware[]) => {
      judged.push(...names(chain));
      return chain.length;
    },
    (before: number, added) => {
      judged.push(...names(added));
      return before + added.length;
    },
  );
}

describe('chains', () => {
  it('routes with the same earlier uses share one chain array; a later use starts another', () => {
    const { model } = analyze(`import express from 'express';
const app = express();
app.use(a);
app.get('/x', (req, res) => res.end());
app.get('/y', (req, res) => res.end());
app.use(b);
app.get('/z', own, (req, res) => res.end());`);
    const [x, y, z] = model.routes;
    expect(x!.chainBefore).toBe(y!.chainBefore);
    expect(x!.chain).toBe(x!.chainBefore);
    expect(names(z!.chainBefore)).toEqual(['a', 'b']);
    expect(names(z!.chain)).toEqual(['a', 'b', 'own']);
  });

  it("a router's routes are judged with the parent's uses that cover their mounted path", () => {
    const { model } = analyze(`import express from 'express';
const app = express();
const router = express.Router();
app.use('/admin', adminLimiter);
app.use('/api', apiLimiter);
app.use(router);
router.post('/admin/login', (req, res) => res.end());
router.post('/login', (req, res) => res.end());`);
    expect(names(byPath(model.routes, '/admin/login').chain)).toEqual(['adminLimiter']);
    expect(names(byPath(model.routes, '/login').chain)).toEqual([]);
    expect(model.routes.every((route) => route.chainComplete)).toBe(true);
  });

  it('a mount path joins the prefix, and the mount call middleware comes before the router', () => {
    const { model } = analyze(`import express from 'express';
const app = express();
const router = express.Router();
app.use(helmetLike);
app.use('/api/', auth, router);
router.use(parse);
router.get('/users', (req, res) => res.end());`);
    const route = model.routes[0]!;
    expect(route.fullPath).toBe('/api/users');
    expect(names(route.chain)).toEqual(['helmetLike', 'auth', 'parse']);
  });

  it('a router mounted under itself stops where the cycle closes', () => {
    const { model } = analyze(`import express from 'express';
const a = express.Router();
const b = express.Router();
a.use('/b', b);
b.use('/a', a);
b.get('/x', (req, res) => res.end());`);
    expect(model.routes.map((route) => route.chainComplete)).toEqual([false]);
  });

  it('a judge extends its verdict on a shared chain by what later uses add, judging each middleware once', () => {
    const { model } = analyze(`import express from 'express';
const app = express();
app.use(a);
app.get('/1', (req, res) => res.end());
app.use(b);
app.get('/2', (req, res) => res.end());
app.use(c);
app.get('/3', (req, res) => res.end());`);
    const judged: string[] = [];
    const count = countingJudge(judged);
    expect(model.routes.map((route) => count(route.chainBefore))).toEqual([1, 2, 3]);
    expect(model.routes.map((route) => count(route.chainBefore))).toEqual([1, 2, 3]);
    expect(judged).toEqual(['a', 'b', 'c']);
  });

  it("given a route's parts, a judge extends the shared part's verdict by the route's own middleware", () => {
    const { model } = analyze(`import express from 'express';
const app = express();
app.use(a);
app.get('/1', own1, (req, res) => res.end());
app.get('/2', (req, res) => res.end());`);
    const judged: string[] = [];
    const count = countingJudge(judged);
    expect(model.routes.map((route) => count(route))).toEqual([2, 1]);
    // The shared `a` once; the route's own middleware is judged apart, not kept as the shared part's verdict.
    expect(judged).toEqual(['a', 'own1']);
  });
});
