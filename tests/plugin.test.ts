import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import * as espree from 'espree';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';
import { rules } from '../src/rules';

const ROOT = path.resolve(__dirname, '..');
const NAMESPACE = 'express-security';
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  repository: { url: string };
};
/** `git+https://github.com/owner/repo.git` -> `https://github.com/owner/repo`. */
const REPOSITORY_URL = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** The CWE ids the design gives each rule; SARIF and the docs carry them to users. */
const EXPECTED_CWE: Record<string, string[]> = {
  'no-auth-without-authz': ['CWE-639', 'CWE-862', 'CWE-285'],
  'no-hardcoded-secret': ['CWE-798', 'CWE-259', 'CWE-321'],
  'no-unguarded-fetch': ['CWE-918'],
  'require-helmet': ['CWE-693', 'CWE-1021'],
  'require-rate-limit': ['CWE-307', 'CWE-770'],
  'require-validation': ['CWE-20'],
};

interface JsonSchemaObject {
  type?: string;
  properties?: Record<string, { description?: string }>;
  additionalProperties?: boolean;
}

const ruleIds = Object.keys(rules).sort();

type RuleId = keyof typeof rules;

/** A rule's `meta.docs`; every rule of this plugin must have one. */
function docsOf(id: string): NonNullable<(typeof rules)[RuleId]['meta']['docs']> {
  const docs = rules[id as RuleId].meta.docs;
  if (!docs) throw new Error(`${id} has no meta.docs`);
  return docs;
}

function baseNames(folder: string, extension: string): string[] {
  return readdirSync(path.join(ROOT, folder))
    .filter((file) => file.endsWith(extension) && file !== `index${extension}`)
    .map((file) => file.slice(0, -extension.length))
    .sort();
}

function readDoc(id: string): string {
  return readFileSync(path.join(ROOT, 'docs/rules', `${id}.md`), 'utf8');
}

/** The `##` headings of a Markdown page, outside code blocks. */
function headings(markdown: string): string[] {
  const withoutCode = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  return [...withoutCode.matchAll(/^## (.+)$/gm)].map((match) => match[1]!.trim());
}

/** Fenced code blocks with their language tag and the line they start on. */
function codeBlocks(markdown: string): { lang: string; code: string; line: number }[] {
  const blocks: { lang: string; code: string; line: number }[] = [];
  for (const match of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    blocks.push({ lang: match[1]!, code: match[2]!, line });
  }
  return blocks;
}

/** Parses a block as its language: JavaScript with espree (no TypeScript slips through), TS with typescript-eslint. */
function parseBlock(lang: string, code: string): void {
  if (lang === 'ts') {
    tsParser.parse(code, { sourceType: 'module', ecmaVersion: 'latest' });
  } else {
    espree.parse(code, { sourceType: 'module', ecmaVersion: 'latest' });
  }
}

function hasOptions(id: string): boolean {
  const schema = rules[id as RuleId].meta.schema as JsonSchemaObject[];
  return schema.some((item) => Object.keys(item.properties ?? {}).length > 0);
}

describe('the plugin object', () => {
  it('has meta.name and meta.version equal to package.json (needed by --cache)', () => {
    expect(plugin.meta.name).toBe(packageJson.name);
    expect(plugin.meta.version).toBe(packageJson.version);
    expect(plugin.meta.name).toBe('eslint-plugin-express-security');
  });

  it('exports exactly the rules of src/rules/index.ts, sorted by id', () => {
    expect(plugin.rules).toBe(rules);
    expect(Object.keys(plugin.rules)).toEqual(ruleIds);
    expect(ruleIds).toEqual([
      'no-auth-without-authz',
      'no-hardcoded-secret',
      'no-unguarded-fetch',
      'require-helmet',
      'require-rate-limit',
      'require-validation',
    ]);
  });

  it('has configs.recommended and configs.strict that carry the plugin itself', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(['recommended', 'strict']);
    for (const config of [plugin.configs.recommended, plugin.configs.strict]) {
      expect(config.plugins).toEqual({ [NAMESPACE]: plugin });
      expect(config.plugins?.[NAMESPACE]).toBe(plugin);
    }
    expect(plugin.configs.recommended.name).toBe('express-security/recommended');
    expect(plugin.configs.strict.name).toBe('express-security/strict');
  });

  it('turns on every recommended rule in recommended, as an error', () => {
    const expected: Record<string, string> = {};
    for (const id of ruleIds) {
      if (docsOf(id).recommended) expected[`${NAMESPACE}/${id}`] = 'error';
    }
    expect(plugin.configs.recommended.rules).toEqual(expected);
  });

  it('turns on every rule in strict, with the strict options each rule names', () => {
    expect(plugin.configs.strict.rules).toEqual({
      'express-security/no-auth-without-authz': ['error', ...(docsOf('no-auth-without-authz').strictOptions ?? [])],
      'express-security/no-hardcoded-secret': ['error', ...(docsOf('no-hardcoded-secret').strictOptions ?? [])],
      'express-security/no-unguarded-fetch': ['error', ...(docsOf('no-unguarded-fetch').strictOptions ?? [])],
      'express-security/require-helmet': ['error', { strict: true }],
      'express-security/require-rate-limit': ['error', { scope: 'all' }],
      'express-security/require-validation': ['error', ...(docsOf('require-validation').strictOptions ?? [])],
    });
  });

  it('has configs that ESLint accepts: every rule option passes its schema', () => {
    for (const config of [plugin.configs.recommended, plugin.configs.strict]) {
      const linter = new Linter({ configType: 'flat' });
      const messages = linter.verify(
        'const app = 1;\n',
        [{ files: ['**/*.js'] }, config as Linter.Config],
        'file.js',
      );
      expect(messages).toEqual([]);
    }
  });
});

describe('one name, four places', () => {
  it('every rule id has src/rules/<id>.ts, tests/rules/<id>.test.ts and docs/rules/<id>.md, and nothing else does', () => {
    expect(baseNames('src/rules', '.ts')).toEqual(ruleIds);
    expect(baseNames('docs/rules', '.md')).toEqual(ruleIds);
    expect(baseNames('tests/rules', '.test.ts')).toEqual(ruleIds);
  });

  it('the rule object knows its own id (the name createRule builds the docs URL from)', () => {
    for (const id of ruleIds) {
      expect(docsOf(id).url, id).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`);
    }
  });

  it('the README rules table lists every rule once, linked to its docs page, and no other', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = /<!-- begin auto-generated rules list -->([\s\S]*?)<!-- end auto-generated rules list -->/.exec(readme);
    expect(table).not.toBeNull();
    const listed = [...table![1]!.matchAll(/^\| \[([\w-]+)\]\(docs\/rules\/([\w-]+)\.md\)/gm)].map((match) => {
      expect(match[2]).toBe(match[1]);
      return match[1];
    });
    expect(listed).toEqual(ruleIds);
  });

  it('the README rules table shows each rule with its own description', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const id of ruleIds) {
      const row = readme.split('\n').find((line) => line.startsWith(`| [${id}](`));
      expect(row, id).toContain(`| ${docsOf(id).description} `);
    }
  });
});

describe('rule metadata', () => {
  for (const id of ruleIds) {
    const rule = rules[id as RuleId];

    describe(id, () => {
      it('has a description starting with Require/Disallow/Enforce, without a trailing period', () => {
        expect(docsOf(id).description).toMatch(/^(?:Require|Disallow|Enforce) \S/);
        expect(docsOf(id).description).not.toMatch(/\.$/);
      });

      it('is recommended and carries its CWE ids', () => {
        expect(docsOf(id).recommended).toBe(true);
        expect(docsOf(id).cwe).toEqual(EXPECTED_CWE[id]);
      });

      it('has a schema of objects that forbid unknown properties and describe each one, and default options', () => {
        const schema = rule.meta.schema as JsonSchemaObject[];
        expect(Array.isArray(schema)).toBe(true);
        for (const item of schema) {
          expect(item.type).toBe('object');
          expect(item.additionalProperties).toBe(false);
          for (const [property, definition] of Object.entries(item.properties ?? {})) {
            expect(definition.description, `${id} option ${property}`).toMatch(/\S/);
          }
        }
        expect(rule.defaultOptions).toHaveLength(schema.length);
      });

      it('has a message for every messageId, each one sentence', () => {
        const messages = Object.entries(rule.meta.messages as Record<string, string>);
        expect(messages.length).toBeGreaterThan(0);
        for (const [messageId, text] of messages) {
          expect(messageId).toMatch(/^[a-z][A-Za-z]*$/);
          // One sentence: ends with a period, and no sentence break inside (code spans aside).
          expect(text, messageId).toMatch(/\.$/);
          expect(text.replace(/`[^`]*`/g, '`code`'), messageId).not.toMatch(/[.!?]\s+[A-Z]/);
        }
      });
    });
  }
});

describe('rule docs', () => {
  for (const id of ruleIds) {
    describe(`docs/rules/${id}.md`, () => {
      const markdown = readDoc(id);

      it('starts with the rule id as its title and keeps the generated header marker', () => {
        expect(markdown.split('\n')[0]).toBe(`# ${id}`);
        expect(markdown).toContain('<!-- end auto-generated rule header -->');
      });

      it('has the required sections, and ## Options exactly when the rule has options', () => {
        const found = headings(markdown);
        expect(found).toEqual(expect.arrayContaining(['Examples', 'When Not To Use It', 'Further Reading']));
        expect(found.includes('Options')).toBe(hasOptions(id));
        expect(found.indexOf('Examples')).toBeLessThan(found.indexOf('When Not To Use It'));
        expect(found.indexOf('When Not To Use It')).toBeLessThan(found.indexOf('Further Reading'));
      });

      it('puts the generated options list markers under ## Options when the rule has options', () => {
        if (!hasOptions(id)) {
          expect(markdown).not.toContain('<!-- begin auto-generated rule options list -->');
          return;
        }
        const options = markdown.indexOf('\n## Options\n');
        const begin = markdown.indexOf('<!-- begin auto-generated rule options list -->');
        const end = markdown.indexOf('<!-- end auto-generated rule options list -->');
        expect(options).toBeGreaterThan(-1);
        expect(begin).toBeGreaterThan(options);
        expect(end).toBeGreaterThan(begin);
      });

      it('shows incorrect (❌) and correct (✅) code under ## Examples, in CommonJS and ESM', () => {
        const examples = /^## Examples\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
        expect(examples).toContain('❌');
        expect(examples).toContain('✅');
        const code = codeBlocks(examples).filter((block) => block.lang === 'js' || block.lang === 'ts');
        expect(code.some((block) => /\brequire\(/.test(block.code)), 'a CommonJS example').toBe(true);
        expect(code.some((block) => /^import /m.test(block.code)), 'an ESM example').toBe(true);
      });

      it('has code blocks that parse', () => {
        expect(codeBlocks(markdown).length).toBeGreaterThan(0);
        for (const block of codeBlocks(markdown)) {
          if (!['js', 'ts', 'javascript', 'typescript', 'mjs', 'cjs'].includes(block.lang)) continue;
          const lang = block.lang.startsWith('t') ? 'ts' : 'js';
          expect(() => parseBlock(lang, block.code), `${id}.md line ${block.line}`).not.toThrow();
        }
      });
    });
  }

  it.each(['README.md', 'docs/sarif.md'])('the code blocks of %s parse too', (file) => {
    const markdown = readFileSync(path.join(ROOT, file), 'utf8');
    const blocks = codeBlocks(markdown).filter((block) => block.lang === 'js' || block.lang === 'ts' || block.lang === 'json');
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      if (block.lang === 'json') expect(() => JSON.parse(block.code), `${file} line ${block.line}`).not.toThrow();
      else expect(() => parseBlock(block.lang, block.code), `${file} line ${block.line}`).not.toThrow();
    }
  });

  it('the parse check itself rejects a broken block and TypeScript in a js block', () => {
    expect(() => parseBlock('js', 'const app = ;')).toThrow();
    expect(() => parseBlock('js', 'const app: Express = express();')).toThrow();
    expect(() => parseBlock('ts', 'const app: Express = express();')).not.toThrow();
  });
});
