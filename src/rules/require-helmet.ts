import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../analysis/engine/ast';
import { literalString, propertyName, unwrap } from '../analysis/engine/ast';
import { enclosingStatement } from '../analysis/engine/control-flow';
import type { FileAnalysis, Instance, Use } from '../analysis/express';
import { coverage, getFileAnalysis } from '../analysis/express';
import type { FileIndex } from '../analysis/engine/file-index';
import { objectOf, propertyNamed } from '../analysis/engine/objects';
import { createRule } from '../util/create-rule';
import { isTestFile } from '../analysis/engine/test-files';

export type Options = [{ strict?: boolean }];
export type MessageIds = 'missingHelmet' | 'protectionDisabled' | 'unsafeScriptSource' | 'lateHelmet' | 'addHelmet';

/** helmet options that switch a protection off when set to `false`, and what they protect. */
export const PROTECTIONS: Readonly<Record<string, string>> = {
  contentSecurityPolicy: 'the Content-Security-Policy header',
  frameguard: 'clickjacking protection (X-Frame-Options)',
  xFrameOptions: 'clickjacking protection (X-Frame-Options)',
  hsts: 'HTTP Strict Transport Security',
  strictTransportSecurity: 'HTTP Strict Transport Security',
  noSniff: 'MIME-sniffing protection (X-Content-Type-Options)',
  xContentTypeOptions: 'MIME-sniffing protection (X-Content-Type-Options)',
};

const SCRIPT_DIRECTIVES = ['scriptSrc', 'script-src', 'scriptSrcElem', 'script-src-elem'];
const DEFAULT_DIRECTIVES = ['defaultSrc', 'default-src'];
/** Script sources that let any injected script run. */
const UNSAFE_SOURCES = new Set(["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:']);

/** Functions and modules whose name says they set up security for the app they are given. */
const CONFIGURES_SECURITY = /secur|helmet|harden|header|protect|defen[cs]e/i;
/** Calls that put an app behind a server without adding routes or middleware to it. */
const SERVER_WRAPPERS = new Set(['createServer', 'createSecureServer']);
/** A `use` that mounts routes: a same-file router, or a middleware named like one. */
const ROUTER_NAME = /router$|routes?$/i;

function isHelmetCall(call: TSESTree.CallExpression | TSESTree.NewExpression, analysis: FileAnalysis): boolean {
  return analysis.index.originOf(call.callee)?.module === 'helmet';
}

function isFalse(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.Literal && inner.value === false;
}

/** The first source of a script directive that lets injected scripts run. */
function unsafeSourceIn(property: TSESTree.Property): { node: Node; source: string } | null {
  const value = unwrap(property.value);
  const sources = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  for (const element of sources) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) continue;
    const text = literalString(element);
    if (text === null) continue;
    const unsafe = text.split(/\s+/).find((token) => UNSAFE_SOURCES.has(token));
    if (unsafe) return { node: element, source: unsafe };
  }
  return null;
}

function describeApp(instance: Instance, sourceCode: Readonly<TSESLint.SourceCode>): string | null {
  let holder: Node = instance.node;
  while (holder.parent && holder.parent.type === AST_NODE_TYPES.TSAsExpression) holder = holder.parent;
  const parent = holder.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression) return sourceCode.getText(parent.left);
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition && propertyName(parent)) return `this.${propertyName(parent)}`;
  return null;
}

/** `app.use('/api', apiRouter)` with a router from another file: named like one. */
function isRouteMount(use: Use): boolean {
  if (use.path === null) return false;
  return use.middleware.some((middleware) => {
    const inner = unwrap(middleware.node);
    return inner.type === AST_NODE_TYPES.Identifier && ROUTER_NAME.test(inner.name);
  });
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

function checkApp(context: Context, analysis: FileAnalysis, instance: Instance, strict: boolean): void {
  const covered = coverage(instance, 'headers', analysis.settings);
  if (covered?.by === 'chain') {
    const headerUse = instance.uses.find((use) => use.middleware.includes(covered.middleware))!;
    checkLateHelmet(context, analysis, instance, headerUse);
    return;
  }
  if (covered || !servesContent(instance)) return;
  const configuredElsewhere = instance.escapes.some(
    (escape) =>
      escape.type === 'call' &&
      (CONFIGURES_SECURITY.test(escape.calleeName ?? '') || CONFIGURES_SECURITY.test(escape.calleeModule ?? '')),
  );
  if (configuredElsewhere && !strict) return;
  const app = describeApp(instance, context.sourceCode);
  context.report({
    node: instance.node,
    messageId: 'missingHelmet',
    data: { app: app ?? 'app' },
    suggest: app ? [{ messageId: 'addHelmet', data: { app }, fix: (fixer) => addHelmetFix(fixer, context, analysis, instance, app) }] : [],
  });
}

/**
 * Whether the file shows the app serving anything: routes, middleware, mounts, or being handed to
 * code that may add them. An app that is only wrapped in an HTTP server or exported serves
 * nothing this file can see (Express's own 404 page already sends a strict policy).
 */
function servesContent(instance: Instance): boolean {
  if (instance.routes.length > 0 || instance.uses.length > 0) return true;
  return instance.escapes.some((escape) => escape.type === 'call' && !SERVER_WRAPPERS.has(escape.calleeName ?? ''));
}

function checkLateHelmet(context: Context, analysis: FileAnalysis, instance: Instance, headerUse: Use): void {
  const before = headerUse.node.range[0];
  const firstRoute = instance.routes.find((route) => route.node.range[0] < before);
  const firstMount = instance.uses.find((use) => use.node.range[0] < before && isRouteMount(use));
  const mountedRouter = routerMountBefore(analysis, instance, before);
  const candidates = [
    firstRoute && { node: firstRoute.node, text: `${firstRoute.method.toUpperCase()} ${firstRoute.path ?? '(dynamic path)'}` },
    firstMount && { node: firstMount.node, text: `the routes mounted at ${firstMount.path ?? '(dynamic path)'}` },
    mountedRouter,
  ].filter((candidate): candidate is { node: Node; text: string } => Boolean(candidate));
  if (candidates.length === 0) return;
  candidates.sort((a, b) => a.node.range[0] - b.node.range[0]);
  const first = candidates[0]!;
  context.report({
    node: headerUse.node,
    messageId: 'lateHelmet',
    data: { route: `${first.text} (line ${first.node.loc.start.line})` },
  });
}

/** A same-file router mounted on the app before `position`. */
function routerMountBefore(analysis: FileAnalysis, app: Instance, position: number): { node: Node; text: string } | null {
  for (const instance of analysis.model.instances) {
    const mount = instance.mounts.find((candidate) => candidate.parent === app && candidate.use.node.range[0] < position);
    if (mount) return { node: mount.use.node, text: `the router mounted at ${mount.use.path ?? '/'}` };
  }
  return null;
}

function checkHelmetOptions(context: Context, analysis: FileAnalysis): void {
  if (!analysis.index.mayImport(['helmet'])) return;
  for (const call of analysis.index.calls) {
    if (!isHelmetCall(call, analysis)) continue;
    const origin = analysis.index.originOf(call.callee);
    const exported = origin?.path[0];
    const options = objectOf(call.arguments[0], analysis.index);
    if (!options) continue;
    if (exported === 'contentSecurityPolicy') {
      checkDirectives(context, analysis.index, options);
      continue;
    }
    if (exported !== undefined) continue;
    for (const property of options.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const name = propertyName(property);
      if (name === null) continue;
      const protection = PROTECTIONS[name];
      if (protection && isFalse(property.value)) {
        context.report({ node: property, messageId: 'protectionDisabled', data: { option: name, protection } });
      } else if (name === 'contentSecurityPolicy') {
        const csp = objectOf(property.value, analysis.index);
        if (csp) checkDirectives(context, analysis.index, csp);
      }
    }
  }
}

function checkDirectives(context: Context, index: FileIndex, cspOptions: TSESTree.ObjectExpression): void {
  const directivesProperty = propertyNamed(cspOptions, ['directives']);
  const directives = directivesProperty ? objectOf(directivesProperty.value, index) : null;
  if (!directives) return;
  const script = propertyNamed(directives, SCRIPT_DIRECTIVES) ?? propertyNamed(directives, DEFAULT_DIRECTIVES);
  if (!script) return;
  const unsafe = unsafeSourceIn(script);
  if (!unsafe) return;
  context.report({
    node: unsafe.node,
    messageId: 'unsafeScriptSource',
    data: { directive: propertyName(script) ?? 'script-src', source: unsafe.source },
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
