import { describe, expect, it } from 'vitest';
import { takesCredentials } from '../../src/analysis/rate-limit/credentials';
import { doesExpensiveWork } from '../../src/analysis/rate-limit/expensive-work';
import { consumesLimiter } from '../../src/analysis/rate-limit/limiters';
import { analyze } from './analyze';

describe('the rate-limit facts of a route', () => {
  it('finds a login route, a limiter consumed in the handler and expensive work', () => {
    const { model, index } = analyze(`import express from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import fs from 'node:fs';
const limiter = new RateLimiterMemory({ points: 5 });
const app = express();
app.post('/login', async (req, res) => { await limiter.consume(req.ip); res.send('ok'); });
app.get('/files', (req, res) => res.send(fs.readFileSync('list.txt')));`);
    const [login, files] = model.routes;
    expect(takesCredentials(login!, index)).toBe(true);
    expect(takesCredentials(files!, index)).toBe(false);
    expect(consumesLimiter(login!.handler!.fn.body, index)).toBe(true);
    expect(doesExpensiveWork(files!, index)).toBe(true);
    expect(doesExpensiveWork(login!, index)).toBe(false);
  });
});
