// SARIF for GitHub code scanning: what @microsoft/eslint-formatter-sarif makes of this plugin's
// findings on the example app, and the CWE-tagging formatter that docs/sarif.md documents.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../src/rules';
import { examplesESLint, ROOT } from './lint-examples';

const SARIF_FORMATTER = '@microsoft/eslint-formatter-sarif';
const DOCS_BASE = 'https://github.com/express-security/eslint-plugin-express-security/blob/main/docs/rules/';

interface SarifRegion {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; index: number }; region?: SarifRegion } }[];
  suppressions?: { kind: string; justification?: string }[];
}
interface SarifRule {
  id: string;
  helpUri: string;
  shortDescription?: { text: string };
  properties: Record<string, unknown>;
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: SarifRule[] } }; artifacts: { location: { uri: string } }[]; results: SarifResult[] }[];
}

type RuleId = keyof typeof rules;

/** The `meta.docs` of the plugin rule a SARIF rule id names. */
function docsOf(sarifRuleId: string): NonNullable<(typeof rules)[RuleId]['meta']['docs']> {
  const id = sarifRuleId.replace(/^express-security\//, '') as RuleId;
  const docs = rules[id].meta.docs;
  if (!docs) throw new Error(`${id} has no meta.docs`);
  return docs;
}

async function format(eslint: ESLint, formatterName: string, results: ESLint.LintResult[]): Promise<SarifLog> {
  const formatter = await eslint.loadFormatter(formatterName);
  return JSON.parse(await formatter.format(results)) as SarifLog;
}

/** The formatter file docs/sarif.md tells users to save, exactly as written there. */
function documentedFormatter(): string {
  const markdown = readFileSync(path.join(ROOT, 'docs/sarif.md'), 'utf8');
  const block = /^```js\n(\/\/ eslint-sarif-cwe\.cjs[\s\S]*?)^```$/m.exec(markdown);
  if (!block) throw new Error('docs/sarif.md has no ```js block starting with // eslint-sarif-cwe.cjs');
  return block[1]!;
}

let eslint: ESLint;
let results: ESLint.LintResult[];
let log: SarifLog;
let workspace = '';

beforeAll(async () => {
  eslint = examplesESLint();
  results = await eslint.lintFiles(['examples/vulnerable']);
  log = await format(eslint, SARIF_FORMATTER, results);
  workspace = mkdtempSync(path.join(os.tmpdir(), 'express-security-sarif-'));
}, 60_000);

afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('SARIF from @microsoft/eslint-formatter-sarif on examples/vulnerable', () => {
  it('is one SARIF 2.1.0 run of ESLint with a result for every finding', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.tool.driver.name).toBe('ESLint');
    const messages = results.flatMap((result) => result.messages);
    expect(messages.length).toBeGreaterThan(0);
    expect(log.runs[0]!.results).toHaveLength(messages.length);
  });

  it('names every rule of the plugin, each with its docs page as helpUri and its description', () => {
    const driverRules = log.runs[0]!.tool.driver.rules;
    expect(driverRules.map((rule) => rule.id).sort()).toEqual(Object.keys(rules).map((id) => `express-security/${id}`).sort());
    for (const rule of driverRules) {
      const id = rule.id.replace(/^express-security\//, '');
      expect(rule.helpUri).toBe(`${DOCS_BASE}${id}.md`);
      expect(rule.helpUri).toBe(docsOf(rule.id).url);
      expect(rule.shortDescription?.text).toBe(docsOf(rule.id).description);
    }
  });

  it('places each result where ESLint reported it: file URI and full region', () => {
    const expected = results.flatMap((result) =>
      result.messages.map((message) => ({
        ruleId: message.ruleId,
        level: 'error',
        text: message.message,
        uri: pathToFileURL(result.filePath).href,
        region: { startLine: message.line, startColumn: message.column, endLine: message.endLine, endColumn: message.endColumn },
      })),
    );
    const actual = log.runs[0]!.results.map((result) => ({
      ruleId: result.ruleId,
      level: result.level,
      text: result.message.text,
      uri: result.locations[0]!.physicalLocation.artifactLocation.uri,
      region: result.locations[0]!.physicalLocation.region,
    }));
    expect(actual).toEqual(expected);
  });

  it('reports require-helmet at the express() call of examples/vulnerable/app.js', () => {
    const helmet = log.runs[0]!.results.filter((result) => result.ruleId === 'express-security/require-helmet');
    expect(helmet).toHaveLength(1);
    expect(helmet[0]!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: {
        uri: pathToFileURL(path.join(ROOT, 'examples/vulnerable/app.js')).href,
        index: expect.any(Number),
      },
      region: { startLine: 8, startColumn: 13, endLine: 8, endColumn: 22 },
    });
    expect(helmet[0]!.message.text).toMatch(/never gets security headers/);
  });

  it('does not carry meta.docs.cwe into SARIF: rule properties stay empty (docs/sarif.md says so)', () => {
    for (const rule of log.runs[0]!.tool.driver.rules) {
      expect(docsOf(rule.id).cwe.length).toBeGreaterThan(0);
      expect(rule.properties).toEqual({});
    }
    expect(readFileSync(path.join(ROOT, 'docs/sarif.md'), 'utf8')).toContain('**The CWE ids are not carried over.**');
  });

  it('keeps a finding silenced by an eslint-disable comment, marked as suppressed in source with its reason', async () => {
    const code = `const express = require('express');
// eslint-disable-next-line express-security/require-helmet -- headers are set by the reverse proxy
const app = express();
app.get('/', (req, res) => res.send('ok'));
app.listen(3000);
`;
    const silenced = await eslint.lintText(code, { filePath: path.join(ROOT, 'examples/server.js') });
    expect(silenced[0]!.messages).toEqual([]);
    const silencedLog = await format(eslint, SARIF_FORMATTER, silenced);
    expect(silencedLog.runs[0]!.results).toEqual([
      expect.objectContaining({
        ruleId: 'express-security/require-helmet',
        suppressions: [{ kind: 'inSource', justification: 'headers are set by the reverse proxy' }],
      }),
    ]);
  });
});

describe('the CWE-tagging formatter of docs/sarif.md', () => {
  let tagged: SarifLog;

  beforeAll(async () => {
    // The user's project: the documented file beside a node_modules that has the Microsoft formatter.
    const formatterLink = path.join(workspace, 'node_modules', '@microsoft', 'eslint-formatter-sarif');
    mkdirSync(path.dirname(formatterLink), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', '@microsoft', 'eslint-formatter-sarif'), formatterLink, 'dir');
    const file = path.join(workspace, 'eslint-sarif-cwe.cjs');
    writeFileSync(file, documentedFormatter());
    tagged = await format(eslint, file, results);
  }, 60_000);

  it("tags each rule 'security' and with its CWE ids as external/cwe/cwe-N", () => {
    const driverRules = tagged.runs[0]!.tool.driver.rules;
    expect(driverRules.length).toBe(Object.keys(rules).length);
    for (const rule of driverRules) {
      const cwe = docsOf(rule.id).cwe;
      expect(rule.properties).toEqual({ tags: ['security', ...cwe.map((id) => `external/cwe/${id.toLowerCase()}`)] });
    }
    const helmet = driverRules.find((rule) => rule.id === 'express-security/require-helmet');
    expect(helmet?.properties.tags).toEqual(['security', 'external/cwe/cwe-693', 'external/cwe/cwe-1021']);
  });

  it('keeps everything else the Microsoft formatter wrote', () => {
    const untagged = structuredClone(tagged);
    for (const rule of untagged.runs[0]!.tool.driver.rules) rule.properties = {};
    expect(untagged).toEqual(log);
  });

  it('leaves rules without CWE metadata (core rules, other plugins) as they were', () => {
    const formatWithCwe = createRequire(__filename)(path.join(workspace, 'eslint-sarif-cwe.cjs')) as (
      results: unknown[],
      data: { rulesMeta: Record<string, unknown> },
    ) => string;
    const message = (ruleId: string) => ({ ruleId, message: 'found', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 2 });
    const output = JSON.parse(
      formatWithCwe([{ filePath: path.join(ROOT, 'examples/x.js'), messages: [message('no-debugger'), message('other/rule'), message('express-security/require-helmet')] }], {
        rulesMeta: {
          'no-debugger': { docs: { description: 'Disallow the use of `debugger`', url: 'https://eslint.org/docs/latest/rules/no-debugger' } },
          'other/rule': { type: 'problem' },
          'express-security/require-helmet': rules['require-helmet'].meta,
        },
      }),
    ) as SarifLog;
    expect(output.runs[0]!.tool.driver.rules.map((rule) => [rule.id, rule.properties])).toEqual([
      ['no-debugger', {}],
      ['other/rule', { category: 'No category provided' }],
      ['express-security/require-helmet', { tags: ['security', 'external/cwe/cwe-693', 'external/cwe/cwe-1021'] }],
    ]);
  });

  it('is the file the documented workflow runs and uploads', () => {
    const markdown = readFileSync(path.join(ROOT, 'docs/sarif.md'), 'utf8');
    const workflow = /^```yaml\n([\s\S]*?)^```$/m.exec(markdown)?.[1] ?? '';
    expect(workflow).toContain('security-events: write');
    expect(workflow).toContain('npx eslint . --format ./eslint-sarif-cwe.cjs --output-file eslint-results.sarif');
    expect(workflow).toContain('uses: github/codeql-action/upload-sarif@v3');
    expect(workflow).toMatch(/sarif_file: eslint-results\.sarif$/m);
  });
});
