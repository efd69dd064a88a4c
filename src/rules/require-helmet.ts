import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { enclosingStatement } from '../analysis/engine/control-flow';
import { isTestFile } from '../analysis/engine/test-files';
import type { FileAnalysis, Instance, Use } from '../analysis/express';
import { coverage, getFileAnalysis } from '../analysis/express';
import type { Routing } from '../analysis/headers/apps';
import { appName, firstRoutingBefore, handedToSecuritySetup, headerUseOf, servesContent } from '../analysis/headers/apps';
import { weakenedProtections } from '../analysis/headers/helmet-options';
import { createRule } from '../util/create-rule';

export type Options = [{ strict?: boolean }];
export type MessageIds = 'missingHelmet' | 'protectionDisabled' | 'unsafeScriptSource' | 'lateHelmet' | 'addHelmet';

/** Shown in messages: `GET /users`, `the routes mounted at /api`. */
function describeRouting(routing: Routing): string {
  if (routing.kind === 'route') return `${routing.route.method.toUpperCase()} ${routing.route.path ?? '(dynamic path)'}`;
  if (routing.kind === 'routeMount') return `the routes mounted at ${routing.use.path ?? '(dynamic path)'}`;
  return `the router mounted at ${routing.use.path ?? '/'}`;
}

export const requireHelmet = createRule<Options, MessageIds>({
  name: 'require-helmet',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require helmet (or equivalent security-header middleware) on every Express app, with its protections on',
      recommended: true,
      cwe: ['CWE-693', 'CWE-1021'],
      strictOptions: [{ strict: true }],
    },
    hasSuggestions: true,
    messages: {
      missingHelmet:
        'This Express app never gets security headers; add `{{app}}.use(helmet())` after creating it.',
      protectionDisabled:
        'helmet option `{{option}}: false` switches off {{protection}}; remove it.',
      unsafeScriptSource:
        "The Content-Security-Policy {{directive}} allows {{source}}, so injected scripts can run; use nonces.",
      lateHelmet:
        'helmet is mounted after {{route}}, so it does not cover it; mount helmet before the routes.',
      addHelmet: 'Add `{{app}}.use(helmet())` after the app is created, with its import.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          strict: {
            type: 'boolean',
            description: 'Also report an app handed to a function or module whose name says it configures security.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ strict: false }],
  },
  defaultOptions: [{ strict: false }],
  create(context, [{ strict = false }]) {
    return {
      'Program:exit'() {
        const analysis = getFileAnalysis(context);
        checkHelmetOptions(context, analysis);
        // An app built inside a test (for supertest and the like) never serves a browser.
        if (isTestFile(context.filename)) return;
        for (const instance of analysis.model.instances) {
          if (instance.kind !== 'app' || instance.origin !== 'created') continue;
          checkApp(context, analysis, instance, strict);
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

function checkHelmetOptions(context: Context, analysis: FileAnalysis): void {
  for (const weakened of weakenedProtections(analysis.index)) {
    if (weakened.kind === 'disabledProtection') {
      const { property, option, protection } = weakened;
      context.report({ node: property, messageId: 'protectionDisabled', data: { option, protection } });
    } else {
      const { node, directive, source } = weakened;
      context.report({ node, messageId: 'unsafeScriptSource', data: { directive, source } });
    }
  }
}

function checkApp(context: Context, analysis: FileAnalysis, instance: Instance, strict: boolean): void {
  const covered = coverage(instance, 'headers', analysis.settings);
  if (covered?.by === 'chain') {
    const headerUse = headerUseOf(instance)!;
    checkLateHelmet(context, analysis, instance, headerUse);
    return;
  }
  if (covered || !servesContent(instance)) return;
  if (handedToSecuritySetup(instance) && !strict) return;
  const app = appName(instance, context.sourceCode);
  context.report({
    node: instance.node,
    messageId: 'missingHelmet',
    data: { app: app ?? 'app' },
    suggest: app ? [{ messageId: 'addHelmet', data: { app }, fix: (fixer) => addHelmetFix(fixer, context, analysis, instance, app) }] : [],
  });
}

function checkLateHelmet(context: Context, analysis: FileAnalysis, instance: Instance, headerUse: Use): void {
  const first = firstRoutingBefore(analysis, instance, headerUse.node.range[0]);
  if (!first) return;
  context.report({
    node: headerUse.node,
    messageId: 'lateHelmet',
    data: { route: `${describeRouting(first)} (line ${first.node.loc.start.line})` },
  });
}

function addHelmetFix(
  fixer: TSESLint.RuleFixer,
  context: Context,
  analysis: FileAnalysis,
  instance: Instance,
  app: string,
): TSESLint.RuleFix[] {
  const sourceCode = context.sourceCode;
  const statement = enclosingStatement(instance.node);
  if (!statement) return [];
  const indent = ' '.repeat(statement.loc.start.column);
  const fixes = [fixer.insertTextAfter(statement, `\n${indent}${app}.use(helmet());`)];
  const importLine = helmetImport(analysis, sourceCode);
  if (importLine) fixes.push(importLine(fixer));
  return fixes;
}

/** Inserts `import helmet from 'helmet'` after the last import, or a `require` after express's. */
function helmetImport(
  analysis: FileAnalysis,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  const body = sourceCode.ast.body;
  const imports = body.filter((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration);
  const lastImport = imports[imports.length - 1];
  if (lastImport) return (fixer) => fixer.insertTextAfter(lastImport, "\nimport helmet from 'helmet';");
  const expressRequire = analysis.index.calls.find((call) => analysis.index.requiredModule(call) === 'express');
  const statement = expressRequire ? enclosingStatement(expressRequire) : null;
  if (statement) {
    const indent = ' '.repeat(statement.loc.start.column);
    return (fixer) => fixer.insertTextAfter(statement, `\n${indent}const helmet = require('helmet');`);
  }
  const first = body[0];
  return first ? (fixer) => fixer.insertTextBefore(first, "import helmet from 'helmet';\n") : null;
}
