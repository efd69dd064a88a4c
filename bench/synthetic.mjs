// Synthetic Express apps of N routes in one file, to show that no rule grows faster than the
// file: each shape is written at several sizes and timed rule by rule (see speed.mjs).
//   routes:      a few app-level middleware, then N routes of five kinds that every rule looks at
//   middleware:  N app-level middleware, then a fixed handful of routes (long chains)
//   mixed:       N routes with one more app-level middleware every ten routes (chains that grow)
import fs from 'node:fs';
import path from 'node:path';

export const SYNTHETIC_SHAPES = ['routes', 'middleware', 'mixed'];

const HEADER = [
  "'use strict';",
  "const express = require('express');",
  "const rateLimit = require('express-rate-limit');",
  "const passport = require('passport');",
  "const axios = require('axios');",
  "const db = require('./db');",
  '',
  'const app = express();',
  'app.use(express.json());',
  "const authenticate = passport.authenticate('jwt', { session: false });",
  'const limiter = rateLimit({ windowMs: 60000, max: 10 });',
  '',
];

/** One route of kind `index % 5`; every kind reads request data the rules care about. */
function route(index) {
  switch (index % 5) {
    case 0:
      return [
        `app.post('/login${index}', async (req, res) => {`,
        '  const user = await db.users.findOne({ email: req.body.email });',
        '  res.json({ ok: Boolean(user) });',
        '});',
      ];
    case 1:
      return [
        `app.get('/orders${index}/:id', authenticate, async (req, res) => {`,
        '  const order = await db.orders.findById(req.params.id);',
        '  res.json(order);',
        '});',
      ];
    case 2:
      return [
        `app.get('/proxy${index}', async (req, res) => {`,
        '  const { url } = req.query;',
        '  const upstream = await axios.get(url);',
        '  res.send(upstream.data);',
        '});',
      ];
    case 3:
      return [
        `app.post('/reset${index}', limiter, (req, res) => {`,
        `  const token = req.body.token + '${index}';`,
        '  res.json({ token });',
        '});',
      ];
    default:
      return [
        `function handler${index}(req, res, next) {`,
        '  if (!req.query.q) return next();',
        "  res.json({ q: String(req.query.q), key: process.env.API_KEY || '' });",
        '}',
        `app.get('/search${index}', handler${index});`,
      ];
  }
}

function middleware(index) {
  return [`app.use(function middleware${index}(req, res, next) { res.locals.m${index} = true; next(); });`];
}

export function syntheticSource(shape, size) {
  const lines = [...HEADER];
  if (shape === 'routes') {
    for (let index = 0; index < size; index += 1) lines.push(...route(index));
  } else if (shape === 'middleware') {
    for (let index = 0; index < size; index += 1) lines.push(...middleware(index));
    for (let index = 0; index < 10; index += 1) lines.push(...route(index));
  } else if (shape === 'mixed') {
    for (let index = 0; index < size; index += 1) {
      if (index % 10 === 0) lines.push(...middleware(index));
      lines.push(...route(index));
    }
  } else {
    throw new Error(`unknown synthetic shape ${shape}`);
  }
  lines.push('', 'app.listen(3000);', '');
  return lines.join('\n');
}

/** Writes `<dir>/app.js` for the shape and size, replacing what was there. */
export function writeSyntheticApp(dir, shape, size) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'app.js'), syntheticSource(shape, size));
}
