import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { Node } from '../analysis/ast';
import { propertyName, unwrap } from '../analysis/ast';
import { getFileAnalysis } from '../analysis/express';
import type { FileIndex } from '../analysis/file-index';
import { isConstLike } from '../analysis/file-index';
import {
  DEFAULT_ENTROPY_THRESHOLD,
  findTokenFormat,
  isLabelOrEnumWord,
  isNonSecretShape,
  isPlaceholder,
  isPublicKey,
  looksRandom,
  redact,
  secretNameOf,
  urlPasswordOf,
  wordsOf,
} from '../analysis/secrets';
import { createRule } from '../util/create-rule';

export type Options = [{ allowedPatterns?: string[]; entropyThreshold?: number }];
export type MessageIds = 'hardcodedSecret' | 'secretFallback' | 'useEnvironment';

/** A secret argument of a known API: the argument index and, for an options object, the key path inside it. */
interface SecretArgument {
  argument: number;
  property?: readonly string[];
  kind: string;
  /** The environment variable a suggestion reads instead. */
  environment: string;
}

interface SecretApi {
  modules: readonly string[];
  /** Export paths (`['sign']` for `jwt.sign`); `[]` is the module itself. */
  paths: readonly (readonly string[])[];
  secrets: readonly SecretArgument[];
}

const MYSQL = ['mysql', 'mysql2', 'mysql2/promise'];
const DATABASE_PASSWORD: SecretArgument = { argument: 0, property: ['password'], kind: 'database password', environment: 'DB_PASSWORD' };

/** Where known libraries take a secret. */
const SECRET_APIS: readonly SecretApi[] = [
  {
    modules: ['express-session'],
    paths: [[]],
    secrets: [{ argument: 0, property: ['secret'], kind: 'express-session secret', environment: 'SESSION_SECRET' }],
  },
  {
    modules: ['cookie-session'],
    paths: [[]],
    secrets: [
      { argument: 0, property: ['keys'], kind: 'cookie-session key', environment: 'SESSION_SECRET' },
      { argument: 0, property: ['secret'], kind: 'cookie-session secret', environment: 'SESSION_SECRET' },
    ],
  },
  { modules: ['cookie-parser'], paths: [[]], secrets: [{ argument: 0, kind: 'cookie-parser secret', environment: 'COOKIE_SECRET' }] },
  { modules: ['jsonwebtoken'], paths: [['sign']], secrets: [{ argument: 1, kind: 'JWT signing key', environment: 'JWT_SECRET' }] },
  { modules: ['jsonwebtoken'], paths: [['verify']], secrets: [{ argument: 1, kind: 'JWT verification key', environment: 'JWT_SECRET' }] },
  {
    modules: ['express-jwt'],
    paths: [[], ['expressjwt'], ['expressJwt']],
    secrets: [{ argument: 0, property: ['secret'], kind: 'express-jwt secret', environment: 'JWT_SECRET' }],
  },
  {
    modules: ['passport-jwt'],
    paths: [['Strategy']],
    secrets: [{ argument: 0, property: ['secretOrKey'], kind: 'passport-jwt secretOrKey', environment: 'JWT_SECRET' }],
  },
  { modules: ['crypto'], paths: [['createHmac']], secrets: [{ argument: 1, kind: 'HMAC key', environment: 'HMAC_SECRET' }] },
  {
    modules: ['crypto'],
    paths: [['createCipheriv'], ['createDecipheriv']],
    secrets: [{ argument: 1, kind: 'cipher key', environment: 'ENCRYPTION_KEY' }],
  },
  { modules: MYSQL, paths: [['createConnection'], ['createPool']], secrets: [DATABASE_PASSWORD] },
  { modules: ['pg'], paths: [['Pool'], ['Client']], secrets: [DATABASE_PASSWORD] },
  {
    modules: ['sequelize'],
    paths: [[], ['Sequelize']],
    secrets: [{ argument: 2, kind: 'database password', environment: 'DB_PASSWORD' }],
  },
  {
    modules: ['mongoose'],
    paths: [['connect'], ['createConnection']],
    secrets: [{ argument: 1, property: ['pass'], kind: 'database password', environment: 'DB_PASSWORD' }],
  },
  {
    modules: ['nodemailer'],
    paths: [['createTransport']],
    secrets: [{ argument: 0, property: ['auth', 'pass'], kind: 'SMTP password', environment: 'SMTP_PASSWORD' }],
  },
  { modules: ['stripe'], paths: [[], ['Stripe']], secrets: [{ argument: 0, kind: 'Stripe secret key', environment: 'STRIPE_SECRET_KEY' }] },
  { modules: ['twilio'], paths: [[], ['Twilio']], secrets: [{ argument: 1, kind: 'Twilio auth token', environment: 'TWILIO_AUTH_TOKEN' }] },
  {
    modules: ['openai'],
    paths: [[], ['OpenAI']],
    secrets: [{ argument: 0, property: ['apiKey'], kind: 'OpenAI API key', environment: 'OPENAI_API_KEY' }],
  },
  {
    modules: ['@anthropic-ai/sdk'],
    paths: [[], ['Anthropic']],
    secrets: [{ argument: 0, property: ['apiKey'], kind: 'Anthropic API key', environment: 'ANTHROPIC_API_KEY' }],
  },
  { modules: ['@sendgrid/mail'], paths: [['setApiKey']], secrets: [{ argument: 0, kind: 'SendGrid API key', environment: 'SENDGRID_API_KEY' }] },
];

/** Shorter values under a secret name are flags and abbreviations, not credentials. */
const MIN_NAMED_SECRET_LENGTH = 4;
/** Key rings hold the current key and a few previous ones; longer lists are blocklists or fixtures. */
const MAX_KEY_RING_LENGTH = 4;
/** How far a value is followed through `const` bindings. */
const MAX_RESOLVE_DEPTH = 4;
/** Longer expressions are not quoted in a message. */
const MAX_DESCRIBED_LENGTH = 60;
const SCREAMING_CASE = /^[A-Z][A-Z\d]*(?:_[A-Z\d]+)*$/;
/** `Bearer abc…`: the scheme of an Authorization value is not part of the secret. */
const AUTH_SCHEMES = ['Bearer ', 'Basic ', 'Token ', 'bearer ', 'basic ', 'token '];

type StringNode = TSESTree.StringLiteral | TSESTree.TemplateLiteral;

interface Finding {
  node: StringNode;
  value: string;
  kind: string;
  /** Set for a fallback: what the literal stands in for (`process.env.JWT_SECRET`). */
  fallbackFor?: string;
  /** The environment variable a suggestion reads instead of the literal. */
  environment?: string;
}

/** A literal reached from a secret argument, and how. */
interface ReachedLiteral {
  node: StringNode;
  fallbackFor?: string;
  /** The SCREAMING_CASE `const` the literal was reached through, if any. */
  constant?: string;
  /** An element of an array, where a replacement would not fit. */
  inArray?: boolean;
}

function staticText(node: StringNode): string | null {
  if (node.type === AST_NODE_TYPES.Literal) return node.value;
  return node.expressions.length === 0 ? (node.quasis[0]?.value.cooked ?? null) : null;
}

/** The module name without the `node:` scheme. */
function moduleName(module: string): string {
  return module.startsWith('node:') ? module.slice('node:'.length) : module;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

function secretArgumentsOf(call: TSESTree.CallExpression | TSESTree.NewExpression, index: FileIndex): readonly SecretArgument[] {
  const origin = index.originOf(call.callee);
  if (!origin || origin.called) return [];
  const module = moduleName(origin.module);
  const api = SECRET_APIS.find(
    (candidate) => candidate.modules.includes(module) && candidate.paths.some((path) => samePath(path, origin.path)),
  );
  return api?.secrets ?? [];
}

/** How a value is spelled where it is read, for the message: `` `process.env.JWT_SECRET` ``, `` `config.get('key')` ``. */
function describeRead(node: Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  let inner = unwrap(node);
  // `a || process.env.X || 'lit'`: the literal stands in for the nearest read, `process.env.X`.
  while (inner.type === AST_NODE_TYPES.LogicalExpression) inner = unwrap(inner.right);
  const readable =
    inner.type === AST_NODE_TYPES.Identifier ||
    inner.type === AST_NODE_TYPES.MemberExpression ||
    inner.type === AST_NODE_TYPES.CallExpression;
  const text = readable ? sourceCode.getText(inner) : '';
  return text && text.length <= MAX_DESCRIBED_LENGTH && !text.includes('\n') ? `\`${text}\`` : 'its source';
}

/** The name a read stands for: `process.env.JWT_SECRET` -> `JWT_SECRET`, `opts.secret` -> `secret`. */
function nameOfRead(node: Node): string | null {
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) return propertyName(inner);
  return null;
}

/** The object an argument stands for: a literal, or a `const` bound to one. */
function objectOf(node: Node | undefined, index: FileIndex): TSESTree.ObjectExpression | null {
  if (!node) return null;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) return inner;
  if (inner.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = index.variableOf(inner);
  if (!variable || variable.defs.length !== 1 || !isConstLike(variable)) return null;
  const def = variable.defs[0]!;
  if (def.type !== 'Variable' || def.node.id !== def.name || !def.node.init) return null;
  const init = unwrap(def.node.init);
  return init.type === AST_NODE_TYPES.ObjectExpression ? init : null;
}

/** The value under `path` in an options object, looking through nested object literals. */
function propertyValue(object: TSESTree.ObjectExpression, path: readonly string[], index: FileIndex): Node | null {
  let current: TSESTree.ObjectExpression | null = object;
  let value: Node | null = null;
  for (const key of path) {
    if (!current) return null;
    const property: TSESTree.ObjectLiteralElement | undefined = current.properties.find(
      (candidate) => candidate.type === AST_NODE_TYPES.Property && propertyName(candidate) === key,
    );
    if (!property || property.type !== AST_NODE_TYPES.Property) return null;
    value = property.value;
    current = objectOf(value, index);
  }
  return value;
}

/** The string literals a secret argument's value comes from: directly, through `const`s, arrays and fallbacks. */
function literalsReaching(
  node: Node,
  index: FileIndex,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): ReachedLiteral[] {
  if (depth > MAX_RESOLVE_DEPTH) return [];
  const inner = unwrap(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Literal:
      return typeof inner.value === 'string' ? [{ node: inner as TSESTree.StringLiteral }] : [];
    case AST_NODE_TYPES.TemplateLiteral:
      return inner.expressions.length === 0 ? [{ node: inner }] : [];
    case AST_NODE_TYPES.ArrayExpression:
      return inner.elements.flatMap((element) =>
        element && element.type !== AST_NODE_TYPES.SpreadElement
          ? literalsReaching(element, index, sourceCode, depth + 1).map((reached) => ({ ...reached, inArray: true }))
          : [],
      );
    case AST_NODE_TYPES.LogicalExpression: {
      if (inner.operator === '&&') return [];
      const fallbackFor = describeRead(inner.left, sourceCode);
      const fallbacks = literalsReaching(inner.right, index, sourceCode, depth + 1).map((reached) => ({
        ...reached,
        fallbackFor: reached.fallbackFor ?? fallbackFor,
      }));
      return [...literalsReaching(inner.left, index, sourceCode, depth + 1), ...fallbacks];
    }
    case AST_NODE_TYPES.Identifier:
      return literalsOfBinding(inner, index, sourceCode, depth);
    default:
      return [];
  }
}

/** A `const` (or never re-assigned binding) initialised with a literal, or a parameter default. */
function literalsOfBinding(
  identifier: TSESTree.Identifier,
  index: FileIndex,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth: number,
): ReachedLiteral[] {
  const variable = index.variableOf(identifier);
  if (!variable || variable.defs.length !== 1 || !isConstLike(variable)) return [];
  const def = variable.defs[0]!;
  if (def.type === 'Variable' && def.node.id === def.name && def.node.init) {
    const constant = SCREAMING_CASE.test(variable.name) ? variable.name : undefined;
    return literalsReaching(def.node.init, index, sourceCode, depth + 1).map((reached) => ({ ...reached, constant }));
  }
  const holder = def.name.parent;
  if (def.type === 'Parameter' && holder?.type === AST_NODE_TYPES.AssignmentPattern && holder.left === def.name) {
    return literalsReaching(holder.right, index, sourceCode, depth + 1).map((reached) => ({
      ...reached,
      fallbackFor: reached.fallbackFor ?? `the parameter \`${variable.name}\``,
    }));
  }
  return [];
}

/** What a literal is given to: a binding or property name, and whether it is a fallback for something. */
interface LiteralContext {
  names: string[];
  /** The literal is an element of an array literal of this many elements. */
  arrayLength?: number;
  /** The name is an object literal's key: such objects also hold enums, labels and translations. */
  inObject?: boolean;
  /** `x || 'lit'`, `x ?? 'lit'`, a default value: how the replaced value is spelled. */
  fallbackFor?: string;
}

function contextOf(literal: StringNode, sourceCode: Readonly<TSESLint.SourceCode>): LiteralContext {
  const names: string[] = [];
  let fallbackFor: string | undefined;
  let arrayLength: number | undefined;
  let node: Node = literal;
  for (let depth = 0; depth < 8 && node.parent; depth++) {
    const parent: Node = node.parent;
    if (unwrap(parent) !== parent || parent.type === AST_NODE_TYPES.ChainExpression) {
      node = parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.ArrayExpression:
        arrayLength = parent.elements.length;
        node = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression: {
        if (parent.right !== node || parent.operator === '&&') return { names, fallbackFor, arrayLength };
        const read = nameOfRead(parent.left);
        if (read) names.push(read);
        fallbackFor = describeRead(parent.left, sourceCode);
        node = parent;
        continue;
      }
      case AST_NODE_TYPES.AssignmentPattern: {
        if (parent.right !== node) return { names, fallbackFor, arrayLength };
        const holder = parent.parent;
        if (holder?.type === AST_NODE_TYPES.Property && holder.value === parent) names.push(propertyName(holder) ?? '');
        if (parent.left.type === AST_NODE_TYPES.Identifier) names.push(parent.left.name);
        const described = names.find(Boolean);
        return { names, arrayLength, fallbackFor: fallbackFor ?? (described ? `\`${described}\`` : 'its source') };
      }
      case AST_NODE_TYPES.Property:
        if (parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression) names.push(propertyName(parent) ?? '');
        return { names, fallbackFor, arrayLength, inObject: true };
      case AST_NODE_TYPES.PropertyDefinition:
        if (parent.value === node) names.push(propertyName(parent) ?? '');
        return { names, fallbackFor, arrayLength };
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) names.push(parent.id.name);
        return { names, fallbackFor, arrayLength };
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right === node && parent.operator !== '+=') names.push(nameOfRead(parent.left) ?? '');
        return { names, fallbackFor, arrayLength };
      default:
        return { names, fallbackFor, arrayLength };
    }
  }
  return { names, fallbackFor, arrayLength };
}

/** Whether a literal sits where it is no value at all: a module name, a type, a directive, a key. */
function isNotAValue(node: StringNode): boolean {
  const parent = node.parent;
  if (!parent) return true;
  switch (parent.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration:
    case AST_NODE_TYPES.ExportNamedDeclaration:
    case AST_NODE_TYPES.ImportExpression:
    case AST_NODE_TYPES.TSLiteralType:
    case AST_NODE_TYPES.TSExternalModuleReference:
    case AST_NODE_TYPES.TSModuleDeclaration:
      return true;
    case AST_NODE_TYPES.TSEnumMember:
      return parent.initializer !== node;
    case AST_NODE_TYPES.ExpressionStatement:
      return parent.directive !== undefined;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.MethodDefinition:
      return parent.key === node;
    default:
      return false;
  }
}

/** The text of a template's static parts, where a known token format may still hide. */
function scannedTexts(node: StringNode): string[] {
  if (node.type === AST_NODE_TYPES.Literal) return [node.value];
  return node.quasis.map((quasi) => quasi.value.cooked ?? '');
}

/**
 * An array under a secret name is a key ring (`secrets: [current, previous]`) only when short and
 * plural-named; `badPasswords = ['123456', …]` is a blocklist.
 */
function isKeyRing(name: string, length: number): boolean {
  const last = wordsOf(name).pop();
  return length <= MAX_KEY_RING_LENGTH && (last === 'secrets' || last === 'keys');
}

/** A credential-shaped value under a weak name (`token`, `authorization`): random-looking, scheme removed. */
function isRandomCredential(value: string, threshold: number): boolean {
  const scheme = AUTH_SCHEMES.find((prefix) => value.startsWith(prefix));
  const credential = scheme ? value.slice(scheme.length) : value;
  return looksRandom(credential, threshold) && !isPlaceholder(credential) && !isNonSecretShape(credential);
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
        const findings = new Map<StringNode, Finding>();
        const add = (finding: Finding) => {
          if (!findings.has(finding.node)) findings.set(finding.node, finding);
        };
        if (strings.length === 0) return;
        findApiSecrets(getFileAnalysis(context).index, sourceCode, add);
        for (const node of strings) {
          if (!isNotAValue(node)) judgeLiteral(node, sourceCode, threshold, add);
        }
        for (const finding of findings.values()) {
          if (allowed.some((pattern) => pattern.test(finding.value))) continue;
          report(context, finding);
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type AddFinding = (finding: Finding) => void;

/** Item 1: literals that reach the secret argument of a known API. */
function findApiSecrets(index: FileIndex, sourceCode: Readonly<TSESLint.SourceCode>, add: AddFinding): void {
  for (const call of index.calls) {
    for (const secret of secretArgumentsOf(call, index)) {
      const argument = call.arguments[secret.argument];
      if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) continue;
      let value: Node | null = argument;
      if (secret.property) {
        const options = objectOf(argument, index);
        value = options ? propertyValue(options, secret.property, index) : null;
      }
      if (!value) continue;
      for (const reached of literalsReaching(value, index, sourceCode)) {
        const text = staticText(reached.node);
        if (text === null || text === '') continue;
        if (!reached.fallbackFor && (isPlaceholder(text) || isPublicKey(text))) continue;
        const direct = !reached.inArray && !reached.fallbackFor;
        add({
          node: reached.node,
          value: text,
          kind: secret.kind,
          fallbackFor: reached.fallbackFor,
          environment: direct ? (reached.constant ?? secret.environment) : undefined,
        });
      }
    }
  }
}

/** Items 2 to 5 for one literal: token formats, URL passwords, secret-named bindings, fallbacks. */
function judgeLiteral(node: StringNode, sourceCode: Readonly<TSESLint.SourceCode>, threshold: number, add: AddFinding): void {
  for (const text of scannedTexts(node)) {
    const format = findTokenFormat(text);
    if (format && !isPlaceholder(text)) {
      add({ node, value: text, kind: format.kind });
      return;
    }
    if (text.includes('://') && urlPasswordOf(text)) {
      add({ node, value: text, kind: 'password in a connection URL' });
      return;
    }
  }
  const value = staticText(node);
  if (value === null || value === '') return;
  const { names, fallbackFor, arrayLength, inObject } = contextOf(node, sourceCode);
  for (const name of names) {
    const secretName = secretNameOf(name);
    if (!secretName) continue;
    if (arrayLength !== undefined && !isKeyRing(name, arrayLength)) return;
    if (fallbackFor && secretName.strength === 'strong') {
      add({ node, value, kind: secretName.kind, fallbackFor });
      return;
    }
    if (secretName.strength === 'weak') {
      if (isRandomCredential(value, threshold)) add({ node, value, kind: secretName.kind, fallbackFor });
      return;
    }
    if (inObject && isLabelOrEnumWord(value)) return;
    if (value.length >= MIN_NAMED_SECRET_LENGTH && !isPlaceholder(value) && !isNonSecretShape(value, wordsOf(name))) {
      add({ node, value, kind: secretName.kind });
    }
    return;
  }
}

function report(context: Context, finding: Finding): void {
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
