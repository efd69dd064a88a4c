import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getFileIndex } from '../analysis/file-index';
import type { SecretFinding, StringNode } from '../analysis/secrets';
import { DEFAULT_ENTROPY_THRESHOLD, findSecrets, redact } from '../analysis/secrets';
import { createRule } from '../util/create-rule';

export type Options = [{ allowedPatterns?: string[]; entropyThreshold?: number }];
export type MessageIds = 'hardcodedSecret' | 'secretFallback' | 'useEnvironment';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** A fallback gets its own message; a suggestion is offered only where the analysis names a variable to read. */
function report(context: Context, finding: SecretFinding): void {
  const data = { kind: finding.kind, preview: redact(finding.value), fallbackFor: finding.fallbackFor ?? '' };
  const environment = finding.environment;
  context.report({
    node: finding.node,
    messageId: finding.fallbackFor ? 'secretFallback' : 'hardcodedSecret',
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
        'This {{kind}} is written into the source ({{preview}}); load it from an environment variable or a secret store instead, and rotate it.',
      secretFallback:
        'This {{kind}} falls back to a literal ({{preview}}) when {{fallbackFor}} is unset, so a known value can run in production; fail at startup instead of falling back.',
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
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowedPatterns: [], entropyThreshold: DEFAULT_ENTROPY_THRESHOLD }],
  },
  defaultOptions: [{ allowedPatterns: [], entropyThreshold: DEFAULT_ENTROPY_THRESHOLD }],
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
        for (const finding of findSecrets(strings, getFileIndex(sourceCode), sourceCode, threshold)) {
          if (allowed.some((pattern) => pattern.test(finding.value))) continue;
          report(context, finding);
        }
      },
    };
  },
});
