// The route map on the fixtures of tests/fixtures/shapes/: each shape production apps use, with
// every route at its full mounted path and, for each defense, the middleware that provides it.
import { describe, expect, it } from 'vitest';
import { routeLines } from './run';

describe('route map of the shapes fixtures', () => {
  it("inline-router: require('express').Router(), a destructured Router and an ESM Router import, mounted by require in the app", async () => {
    expect(await routeLines('tests/fixtures/shapes/inline-router')).toEqual([
      'GET /items/:id routes/items.js:4 | headers=helmet()@app.js:5 authentication=- authorization=- validation=- rateLimit=-',
      'GET /tags routes/tags.mjs:4 | headers=helmet()@app.js:5 authentication=- authorization=- validation=- rateLimit=-',
      'GET /users routes/users.js:4 | headers=helmet()@app.js:5 authentication=requireAuth@routes/users.js:4 authorization=- validation=- rateLimit=-',
      'POST /users/:id routes/users.js:5 | headers=helmet()@app.js:5 authentication=requireAuth@routes/users.js:5 authorization=- validation=- rateLimit=-',
    ]);
  });
});
