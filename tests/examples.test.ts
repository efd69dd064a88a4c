// The example app (examples/vulnerable) and its fixed twin (examples/fixed), linted with the
// recommended config: the vulnerable app shows each rule's finding where its spec says it reports,
// the fixed app lints clean, and examples/README.md lists the same findings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/rules';
import { examplesESLint, findingsOf, ROOT } from './lint-examples';

/**
 * `file:line rule-id`, written from the example source and each rule's report location in the
 * design: require-helmet at the `express()` call, require-rate-limit at the route registration,
 * require-validation at the first unvalidated read, no-auth-without-authz at the data-access call,
 * no-hardcoded-secret at the string literal, no-unguarded-fetch at the request call.
 */
const VULNERABLE_FINDINGS = [
  'app.js:8 require-helmet', // const app = express(); with no helmet
  'app.js:13 no-hardcoded-secret', // session({ secret: 'keyboard cat' })
  'routes/auth.js:8 require-rate-limit', // router.post('/login', ...) with no limiter
  'routes/auth.js:9 require-validation', // const { email, password } = req.body;
  'routes/auth.js:14 no-hardcoded-secret', // process.env.JWT_SECRET || 'dev-secret' into jwt.sign
  'routes/orders.ts:9 no-auth-without-authz', // Order.findById(req.params.id) behind requireAuth only
  'routes/preview.mjs:7 no-unguarded-fetch', // fetch(req.query.url)
  'routes/preview.mjs:7 require-validation', // req.query.url read with no validation
].sort();

function filesUnder(folder: string): string[] {
  const base = path.join(ROOT, folder);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [path.relative(base, full).split(path.sep).join('/')];
    });
  return walk(base).sort();
}

/** The findings examples/README.md lists: `- \`file:line\`` bullets under each `## rule-id` heading. */
function findingsInReadme(): string[] {
  const readme = readFileSync(path.join(ROOT, 'examples/README.md'), 'utf8');
  const listed: string[] = [];
  let rule: string | null = null;
  for (const line of readme.split('\n')) {
    const heading = /^## ([\w-]+)$/.exec(line);
    if (heading) rule = heading[1]! in rules ? heading[1]! : null;
    const bullet = /^- `vulnerable\/([\w./-]+):(\d+)`/.exec(line);
    if (bullet && rule) listed.push(`${bullet[1]}:${bullet[2]} ${rule}`);
  }
  return listed.sort();
}

describe('the example app', () => {
  it('has a fixed twin for every vulnerable file, in JavaScript (CommonJS and ESM) and TypeScript', () => {
    const vulnerable = filesUnder('examples/vulnerable');
    expect(filesUnder('examples/fixed')).toEqual(vulnerable);
    expect(vulnerable.map((file) => path.extname(file)).sort()).toEqual(expect.arrayContaining(['.js', '.mjs', '.ts']));
  });

  it('vulnerable: reports exactly the findings its source and the rule specs call for', async () => {
    const results = await examplesESLint().lintFiles(['examples/vulnerable']);
    expect(findingsOf(results, 'examples/vulnerable')).toEqual(VULNERABLE_FINDINGS);
  });

  it('vulnerable: shows at least one finding of every rule', () => {
    const shown = new Set(VULNERABLE_FINDINGS.map((finding) => finding.split(' ')[1]));
    expect([...shown].sort()).toEqual(Object.keys(rules).sort());
  });

  it('fixed: lints clean', async () => {
    const results = await examplesESLint().lintFiles(['examples/fixed']);
    // Every source file; package.json, its lockfile and .github/dependabot.yml are for the audit's dependency section.
    expect(results.length).toBe(filesUnder('examples/fixed').filter((file) => /\.[cm]?[jt]s$/.test(file)).length);
    expect(findingsOf(results, 'examples/fixed')).toEqual([]);
  });

  it('examples/README.md lists the same findings, under each rule', () => {
    expect(findingsInReadme()).toEqual(VULNERABLE_FINDINGS);
  });
});
