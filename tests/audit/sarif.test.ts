// The audit's own SARIF against the SARIF 2.1.0 schema (tests/sarif-schema.ts): percent-encoded
// artifact URIs for paths with spaces and other characters a URI cannot hold, rules with the
// `fullDescription` and `help` GitHub code scanning shows, and files that did not parse as
// tool-execution notifications of an unsuccessful run.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pathToUri, relativeUri } from '../../src/audit/findings-output';
import { sarifErrors } from '../sarif-schema';
import { audit, temporaryProjects } from './run';

const { project, cleanUp } = temporaryProjects('express-security sarif # ');
afterAll(cleanUp);

interface Log {
  runs: {
    tool: { driver: { rules: { id: string; fullDescription?: { text: string }; help?: { text: string; markdown?: string } }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  }[];
}

const APP = "const express = require('express');\nconst app = express();\napp.post('/login', (req, res) => res.send(req.body.name));\n";

describe('the validator', () => {
  it('rejects what the schema rejects: a space in a uri, an unknown property, a missing id, a column of 0', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x', rules: [{ shortDescription: { text: 'y' } }] } },
          results: [{ message: { text: 'm' }, extra: 1, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b.js' }, region: { startLine: 1, startColumn: 0 } } }] }],
        },
      ],
    };
    expect(sarifErrors(log)).toEqual([
      "$.runs[0].tool.driver.rules[0]: reportingDescriptor requires 'id'",
      "$.runs[0].results[0]: property 'extra' is not allowed in result",
      "$.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri: 'a b.js' is not a valid uri-reference (characters must be percent-encoded)",
      '$.runs[0].results[0].locations[0].physicalLocation.region.startColumn: must be >= 1',
    ]);
  });
});

describe('audit --format sarif', () => {
  it('is valid SARIF 2.1.0 on the multi-file fixture', async () => {
    const { stdout } = await audit('tests/fixtures/audit-project', '--format', 'sarif');
    expect(sarifErrors(JSON.parse(stdout))).toEqual([]);
  });

  it('percent-encodes paths with spaces, #, % and non-ASCII, in the results and the root, and stays valid', async () => {
    const dir = project({ 'my routes/login handler #1.js': APP, 'café/100%.js': APP });
    const { status, stdout } = await audit(dir, '--format', 'sarif');
    expect(status).toBe(1);
    const log = JSON.parse(stdout) as Log;
    expect(sarifErrors(log)).toEqual([]);
    const uris = [...new Set(log.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri))].sort();
    expect(uris).toEqual(['caf%C3%A9/100%25.js', 'my%20routes/login%20handler%20%231.js']);
    const base = log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri;
    expect(base).toMatch(/^file:\/\/\/.*express-security%20sarif%20%23%20\w+\/$/);
    expect(decodeURIComponent(new URL(base).pathname)).toBe(`${dir}/`);
  });

  it('gives each rule a fullDescription and a help text with markdown, naming its CWEs and its doc', async () => {
    const dir = project({ 'server.js': APP });
    const log = JSON.parse((await audit(dir, '--format', 'sarif')).stdout) as Log;
    const helmet = log.runs[0]!.tool.driver.rules.find((rule) => rule.id === 'express-security/require-helmet')!;
    expect(helmet.fullDescription!.text).toBe(
      'Require helmet (or equivalent security-header middleware) on every Express app, with its protections on. Weaknesses: CWE-693, CWE-1021.',
    );
    expect(helmet.help!.text).toMatch(/How to fix it, with examples: https:\/\/\S+\/docs\/rules\/require-helmet\.md$/);
    expect(helmet.help!.markdown).toMatch(/\[require-helmet\]\(https:\/\/\S+\/docs\/rules\/require-helmet\.md\)$/);
    for (const rule of log.runs[0]!.tool.driver.rules) expect(rule.help, rule.id).toBeDefined();
  });

  it('reports a file that did not parse as a notification of an unsuccessful run, and stays valid', async () => {
    const dir = project({ 'broken file.js': 'const = ;\n', 'server.js': APP });
    const { status, stdout } = await audit(dir, '--format', 'sarif');
    expect(status).toBe(3);
    const log = JSON.parse(stdout) as Log;
    expect(sarifErrors(log)).toEqual([]);
    const [invocation] = log.runs[0]!.invocations;
    expect(invocation!.executionSuccessful).toBe(false);
    expect(invocation!.toolExecutionNotifications.map((n) => [n.locations[0]!.physicalLocation.artifactLocation.uri, n.message.text])).toEqual([
      ['broken%20file.js', expect.stringMatching(/^could not parse: Parsing error/)],
    ]);
  });
});

describe('URIs', () => {
  it('encode each path segment, keeping the slashes and a Windows drive', () => {
    expect(relativeUri('/a', path.join('/a', 'b c', 'd?.js'))).toBe('b%20c/d%3F.js');
    expect(pathToUri('/home/me/my app')).toBe('file:///home/me/my%20app');
  });
});
