// What a reader sees in a terminal: each finding of the five rules below says what is missing in a
// first sentence of under 100 characters and at most a short fix after it; the how-to (examples per
// library, settings, the reasons) is in docs/rules/<rule>.md, which every finding links.
// require-validation's messages are written elsewhere and not held to this here.
import { describe, expect, it } from 'vitest';
import { examplesESLint } from './lint-examples';

const SHORT_RULES = ['require-helmet', 'require-rate-limit', 'no-auth-without-authz', 'no-hardcoded-secret', 'no-unguarded-fetch'];

describe('messages of the vulnerable example', () => {
  it('are the short texts, word for word', async () => {
    const results = await examplesESLint().lintFiles(['examples/vulnerable']);
    const messages = results
      .flatMap((result) => result.messages)
      .filter((message) => SHORT_RULES.includes(message.ruleId?.replace(/^express-security\//, '') ?? ''))
      .map((message) => message.message)
      .sort();
    expect(messages).toEqual(
      [
        'This Express app never gets security headers; add `app.use(helmet())` after creating it.',
        'This express-session secret is written into the source (keyb…[redacted]); load it from the environment and rotate it.',
        'POST /login has no rate limiter in its middleware chain; add one before the handler.',
        'This JWT signing key falls back to a literal ([redacted]) when `process.env.JWT_SECRET` is unset; fail at startup instead.',
        'GET /orders/:id loads Order by req.params.id with no authorization check; scope it to the current user.',
        'This fetch call in GET /preview requests a host taken from req.query.url with no allowlist check.',
      ].sort(),
    );
    for (const message of messages) {
      expect(message.split(/[;.] /)[0]!.length, message).toBeLessThan(100);
      expect(message.length, message).toBeLessThanOrEqual(125);
    }
  });
});
