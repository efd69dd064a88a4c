import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import { getFileIndex } from '../analysis/engine/file-index';
import type { ScanOptions, SecretFinding, StringNode } from '../analysis/secrets';
import { DEFAULT_ENTROPY_THRESHOLD, findSecrets, isConfigFile, redact } from '../analysis/secrets';
import { isTestSource } from '../analysis/engine/test-files';
import { createRule } from '../util/create-rule';

export type Options = [{ allowedPatterns?: string[]; entropyThreshold?: number; checkTestFiles?: boolean }];
export type MessageIds = 'hardcodedSecret' | 'placeholderSecret' | 'secretFallback' | 'useEnvironment';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

function messageIdOf(finding: SecretFinding): MessageIds {
  if (finding.fallbackFor) return 'secretFallback';
  return finding.placeholder ? 'placeholderSecret' : 'hardcodedSecret';
}

/** The file's path below the project (the linter's working directory), or its name alone outside it. */
function projectPath(context: Context): string {
  const { cwd, physicalFilename } = context;
  // The usual case, a file below the working directory, without path.relative's normalizing of both
  // paths (a visible share of this rule's time on a file with few strings).
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  if (physicalFilename.startsWith(prefix) && !physicalFilename.includes(`${path.sep}..${path.sep}`)) {
    const below = physicalFilename.slice(prefix.length);
    if (below !== '' && !below.startsWith('..')) return below;
  }
  const relative = path.relative(cwd, physicalFilename);
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(context.physicalFilename) : relative;
}

/** What the file's path says: configuration, where any named value ships; tests, where only token formats are leaks. */
function scanOptions(context: Context, threshold: number, checkTestFiles: boolean): ScanOptions {
  const relative = projectPath(context);
  return {
    threshold,
    configFile: isConfigFile(relative),
    testFile: !checkTestFiles && isTestSource(context.physicalFilename, relative),
  };
}

/** A fallback and a placeholder get their own messages; a suggestion is offered only where the analysis names a variable to read. */
function report(context: Context, finding: SecretFinding): void {
  const data = { kind: finding.kind, preview: redact(finding.value), fallbackFor: finding.fallbackFor ?? '' };
  const environment = finding.environment;
  context.report({
    node: finding.node,
    messageId: messageIdOf(finding),
    data,
    suggest: environment
      ? [
          {
            messageId: 'useEnvironment',
            data: { name: environment },
            fix: (fixer) => fixer.replaceText(finding.node, `process.env.${environment}`),
          },
        ]
      : [],
  });
}

export const noHardcodedSecret = createRule<Options, MessageIds>({
  name: 'no-hardcoded-secret',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow secrets written into source code',
      recommended: true,
      cwe: ['CWE-798', 'CWE-259', 'CWE-321'],
    },
    hasSuggestions: true,
    messages: {
      hardcodedSecret:
        'This {{kind}} is written into the source ({{preview}}); load it from the environment and rotate it.',
      placeholderSecret:
        'This {{kind}} is a placeholder ({{preview}}) that the app runs with; load it from the environment.',
      secretFallback:
        'This {{kind}} falls back to a literal ({{preview}}) when {{fallbackFor}} is unset; fail at startup instead.',
      useEnvironment: 'Read the value from `process.env.{{name}}` instead of the literal.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowedPatterns: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Regular expressions (as strings); a value that matches one of them is never reported.',
          },
          entropyThreshold: {
            type: 'number',
            minimum: 0,
            maximum: 8,
            description:
              'Shannon entropy per character (bits) from which a value under a weak credential name (`token`, `auth`, `credentials`) counts as a secret.',
          },
          checkTestFiles: {
            type: 'boolean',
            description:
              'Report in test files (`*.test.js`, `*.spec.ts`, `test/`, `tests/`, `__tests__/`, `fixtures/`) everything reported elsewhere; by default only known token formats (AWS, GitHub, Slack, Stripe, PEM private keys, …) report there.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowedPatterns: [], entropyThreshold: DEFAULT_ENTROPY_THRESHOLD, checkTestFiles: false }],
  },
  defaultOptions: [{ allowedPatterns: [], entropyThreshold: DEFAULT_ENTROPY_THRESHOLD, checkTestFiles: false }],
  create(context, [options]) {
    const allowed = (options.allowedPatterns ?? []).map((pattern) => new RegExp(pattern, 'u'));
    const threshold = options.entropyThreshold ?? DEFAULT_ENTROPY_THRESHOLD;
    const sourceCode = context.sourceCode;
    const strings: StringNode[] = [];
    return {
      Literal(node) {
        if (typeof node.value === 'string') strings.push(node as TSESTree.StringLiteral);
      },
      TemplateLiteral(node) {
        strings.push(node);
      },
      'Program:exit'() {
        if (strings.length === 0) return;
        const scan = scanOptions(context, threshold, options.checkTestFiles ?? false);
        for (const finding of findSecrets(strings, getFileIndex(sourceCode), sourceCode, scan)) {
          if (allowed.some((pattern) => pattern.test(finding.value))) continue;
          report(context, finding);
        }
      },
    };
  },
});
