import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { pluginStats, STATS_KEY } from '../../src/analysis/engine/stats';

describe('the first check before the Express model', () => {
  it('gives a file with no express, no route call and no handler an empty model without building it', () => {
    const skippedBefore = pluginStats.files.skipped;
    const analysis = analyze(`
      import { db } from './db';
      export class UserService {
        constructor(private readonly cache: Map<string, unknown>) {}
        async find(id: string) { return this.cache.get(id) ?? db.users.findOne({ id }); }
      }
      export const format = (user: { name: string }) => user.name.trim();
    `);
    expect(analysis.modelBuilt).toBe(false);
    expect(analysis.model).toEqual({ instances: [], routes: [], unroutedHandlers: [], importsExpress: false });
    expect(pluginStats.files.skipped).toBe(skippedBefore + 1);
  });

  it('builds the model of a route module that receives the router and imports nothing', () => {
    const analysis = analyze(`
      module.exports = function routes(router, controllers) {
        router.get('/users/:id', controllers.users.show);
        router.post('/users', controllers.users.create);
      };
    `, { filename: 'routes.js' });
    expect(analysis.modelBuilt).toBe(true);
    expect(analysis.model.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['get /users/:id', 'post /users']);
  });

  it('skips a file whose only route-method calls are one-argument reads of a map or a promise helper', () => {
    const analysis = analyze(`
      const cache = new Map();
      module.exports = function load(ids, store) {
        const hit = cache.get(ids[0]);
        return hit ?? Promise.all(ids.map((id) => store.get(id)));
      };
    `, { filename: 'load.js' });
    expect(analysis.modelBuilt).toBe(false);
  });

  it('builds the model of a route module whose one-argument call is made on an app-like name or an annotated binding', () => {
    const named = analyze(`module.exports = (app) => { app.get('trust proxy'); };`, { filename: 'settings.js' });
    expect(named.modelBuilt).toBe(true);
    const annotated = analyze(`
      import type { Router } from 'express';
      export function mount(r: Router) { r.all(everything); }
    `);
    expect(annotated.modelBuilt).toBe(true);
  });

  it('does not read the text of a plain JavaScript file for type names: espree gives no annotation to read', () => {
    const code = `
      // The Router and the Application are set up elsewhere.
      module.exports = function load(cache, key) { return cache.get(key); };
    `;
    expect(analyze(code, { filename: 'load.js', javascript: true }).modelBuilt).toBe(false);
    // With the TypeScript parser the same words may name an annotated binding's type.
    expect(analyze(code, { filename: 'load.ts' }).modelBuilt).toBe(true);
  });

  it('builds the model of a controller file whose handlers no route of the file registers', () => {
    const analysis = analyze(`exports.show = async (req, res) => res.json(await find(req.params.id));`, { filename: 'users.js' });
    expect(analysis.modelBuilt).toBe(true);
    expect(analysis.model.unroutedHandlers).toHaveLength(1);
  });

  it('builds the model of a handler declared as a RequestHandler, whatever its parameters are named', () => {
    const analysis = analyze(`
      import type { RequestHandler } from 'express-serve-static-core';
      export const show: RequestHandler = (a, b) => { b.json(a.params); };
    `);
    expect(analysis.modelBuilt).toBe(true);
    expect(analysis.model.unroutedHandlers).toHaveLength(1);
  });

  it('builds the model of a file that imports express', () => {
    const analysis = analyze(`import express from 'express'; export const app = express();`);
    expect(analysis.modelBuilt).toBe(true);
    expect(analysis.model.instances).toHaveLength(1);
  });

  it('keeps its counters behind a registered symbol on globalThis', () => {
    expect((globalThis as Record<symbol, unknown>)[STATS_KEY]).toBe(pluginStats);
  });
});
