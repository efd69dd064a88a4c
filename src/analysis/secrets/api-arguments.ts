/**
 * Where known libraries take a secret (`session({ secret })`, `jwt.sign(payload, key)`), and the
 * value a call passes there, looking into options objects and the `const`s that hold them.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { propertyName, unwrapValue } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { objectOf, propertyNamed } from '../engine/objects';

/** A secret argument of a known API: the argument index and, for an options object, the key path inside it. */
export interface SecretArgument {
  argument: number;
  property?: readonly string[];
  kind: string;
  /** The environment variable a suggestion reads instead. */
  environment: string;
  /** The argument is a connection URL: only the password in its user-info is secret. */
  url?: boolean;
}

export interface SecretApi {
  modules: readonly string[];
  /** Export paths (`['sign']` for `jwt.sign`); `[]` is the module itself. */
  paths: readonly (readonly string[])[];
  secrets: readonly SecretArgument[];
}

const MYSQL = ['mysql', 'mysql2', 'mysql2/promise'];
const DATABASE_PASSWORD: SecretArgument = { argument: 0, property: ['password'], kind: 'database password', environment: 'DB_PASSWORD' };
const DATABASE_URL: SecretArgument = { argument: 0, kind: 'password in a connection URL', environment: 'DATABASE_URL', url: true };

/** A connection URL under `property` of the options object given as `argument`. */
function databaseUrl(argument: number, property: readonly string[]): SecretArgument {
  return { ...DATABASE_URL, argument, property };
}

/** Clients configured by one options object (`{ host, user, password }`) or a connection URL. */
const DATABASE_OPTIONS: readonly SecretArgument[] = [DATABASE_PASSWORD, DATABASE_URL, databaseUrl(0, ['url']), databaseUrl(0, ['connectionString'])];

/** Where known libraries take a secret. */
export const SECRET_APIS: readonly SecretApi[] = [
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
  { modules: MYSQL, paths: [['createConnection'], ['createPool'], ['createPoolCluster']], secrets: DATABASE_OPTIONS },
  { modules: ['pg'], paths: [['Pool'], ['Client']], secrets: DATABASE_OPTIONS },
  { modules: ['typeorm'], paths: [['createConnection'], ['DataSource']], secrets: DATABASE_OPTIONS },
  { modules: ['@nestjs/typeorm'], paths: [['TypeOrmModule', 'forRoot']], secrets: DATABASE_OPTIONS },
  { modules: ['redis'], paths: [['createClient']], secrets: DATABASE_OPTIONS },
  { modules: ['ioredis'], paths: [[], ['Redis'], ['default']], secrets: DATABASE_OPTIONS },
  {
    modules: ['sequelize'],
    paths: [[], ['Sequelize']],
    secrets: [{ argument: 2, kind: 'database password', environment: 'DB_PASSWORD' }, ...DATABASE_OPTIONS],
  },
  {
    modules: ['knex'],
    paths: [[], ['knex'], ['default']],
    secrets: [
      { ...DATABASE_PASSWORD, property: ['connection', 'password'] },
      databaseUrl(0, ['connection']),
      databaseUrl(0, ['connection', 'connectionString']),
    ],
  },
  {
    modules: ['mongoose'],
    paths: [['connect'], ['createConnection']],
    secrets: [
      { ...DATABASE_PASSWORD, argument: 1, property: ['pass'] },
      { ...DATABASE_PASSWORD, argument: 1, property: ['auth', 'password'] },
      DATABASE_URL,
    ],
  },
  {
    modules: ['mongodb'],
    paths: [['MongoClient'], ['MongoClient', 'connect']],
    secrets: [{ ...DATABASE_PASSWORD, argument: 1, property: ['auth', 'password'] }, DATABASE_URL],
  },
  {
    modules: ['nodemailer'],
    paths: [['createTransport']],
    secrets: [
      { argument: 0, property: ['auth', 'pass'], kind: 'SMTP password', environment: 'SMTP_PASSWORD' },
      { argument: 0, kind: 'password in a connection URL', environment: 'SMTP_URL', url: true },
    ],
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

/** Every module a known API lives in: a file importing none of them passes no secret to one. */
export const SECRET_API_MODULES: ReadonlySet<string> = new Set(SECRET_APIS.flatMap((api) => api.modules));

/** The module name without the `node:` scheme. */
function moduleName(module: string): string {
  return module.startsWith('node:') ? module.slice('node:'.length) : module;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

/** The last key of every export path a known API is called through (`sign`, `createHmac`, `Pool`). */
const SECRET_API_LAST_KEYS: ReadonlySet<string> = new Set(
  SECRET_APIS.flatMap((api) => api.paths.flatMap((path) => (path.length > 0 ? [path[path.length - 1]!] : []))),
);

/**
 * Whether a callee can read a known API's export. A member callee reads the export its last key
 * names (`jwt.sign`, and `(0, crypto_1.createHmac)` as tsc writes it), or the module itself
 * through `.default`; any other key rules the call out before its origin is traced, which most
 * calls of a file importing `crypto` would otherwise be.
 */
function mayReadSecretApi(callee: Node): boolean {
  const inner = unwrapValue(callee);
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return true;
  const key = propertyName(inner);
  return key !== null && (key === 'default' || SECRET_API_LAST_KEYS.has(key));
}

/** The secret arguments of a call to a known API, found by where the callee is imported from. */
export function secretArgumentsOf(call: TSESTree.CallExpression | TSESTree.NewExpression, index: FileIndex): readonly SecretArgument[] {
  if (!mayReadSecretApi(call.callee)) return [];
  const origin = index.originOf(call.callee);
  if (!origin || origin.called) return [];
  const module = moduleName(origin.module);
  const api = SECRET_APIS.find(
    (candidate) => candidate.modules.includes(module) && candidate.paths.some((path) => samePath(path, origin.path)),
  );
  return api?.secrets ?? [];
}

/** The value under `path` in an options object, looking through nested object literals. */
function propertyValue(object: TSESTree.ObjectExpression, path: readonly string[], index: FileIndex): Node | null {
  let current: TSESTree.ObjectExpression | null = object;
  let value: Node | null = null;
  for (const key of path) {
    if (!current) return null;
    const property = propertyNamed(current, key);
    if (!property) return null;
    value = property.value;
    current = objectOf(value, index);
  }
  return value;
}

/** The value a call passes as a secret argument, or null when it is not written out. */
export function secretArgumentValue(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  secret: SecretArgument,
  index: FileIndex,
): Node | null {
  const argument = call.arguments[secret.argument];
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return null;
  if (!secret.property) return argument;
  const options = objectOf(argument, index);
  return options ? propertyValue(options, secret.property, index) : null;
}
