import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { MessageIds, Options } from '../../src/rules/no-hardcoded-secret';
import { noHardcodedSecret } from '../../src/rules/no-hardcoded-secret';

const ruleTester = new RuleTester();

const valid: ValidTestCase<Options>[] = [
  {
    name: 'a lexer state name under a …Token name, with a two-letter word inside',
    code: `let lastSignificantToken = '';
function onTemplate() { lastSignificantToken = '?InterpolationInTemplate'; }
function onJsx() { lastSignificantToken = '?InterpolationInJSX'; }`,
    options: [{ entropyThreshold: 3 }],
  },
  {
    name: 'a URL with user-info on a documentation host (RFC 2606)',
    code: "expect(serialize(parts)).toBe('uri://foo:bar@example.com:1/path?query#fragment');",
  },
  {
    name: 'an example URL inside an error message is documentation',
    code: "throw new Error('Must be in valid uri format like dotenv://:key_1234@dotenvx.com/vault/.env.vault');",
  },
  {
    name: 'ESM: session secret from the environment',
    code: `import session from 'express-session';
app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));`,
  },
  {
    name: 'CommonJS: jwt key from the environment',
    filename: 'x.cjs',
    code: `const jwt = require('jsonwebtoken');
const JWT_SECRET = requireEnv('JWT_SECRET');
module.exports = (user) => jwt.sign({ sub: user.id }, JWT_SECRET);`,
  },
  {
    name: 'a shadowed jwt is not jsonwebtoken',
    code: `function issue(jwt, p) { return jwt.sign(p, 'abcdefghijk'); }
function mount(session) { return session({ secret: 'keyboard cat' }); }`,
  },
  {
    name: 'placeholders under secret names',
    code: `export const example = {
  password: 'changeme',
  apiKey: '<your-api-key>',
  secret: '',
  secretKey: 'sk_test_xxxxxxxxxxxxxxxxxxxxxxxx',
  clientSecret: 'your-client-secret-here',
  token: '********************',
  privateKey: 'TODO',
  sessionSecret: '\${SESSION_SECRET}',
  dbPassword: 'dummy-password',
  adminPassword: 'example',
};`,
  },
  {
    name: 'CommonJS: an empty cookie-parser secret, and a JWT key from the environment',
    filename: 'x.cjs',
    code: `const jwt = require('jsonwebtoken');
const cookieParser = require('cookie-parser');
jwt.sign(p, process.env.JWT_SECRET);
app.use(cookieParser(''));`,
  },
  {
    name: 'field, header and type names are not secrets',
    code: `new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, verify);
const input = { type: 'password', name: 'password' };
const headers = { tokenHeader: 'Authorization', apiKeyHeader: 'x-api-key' };
const env = { secretName: 'JWT_SECRET', apiKey: 'STRIPE_API_KEY' };
const select = { password: '+password' };`,
  },
  {
    name: 'messages, i18n keys and labels are not secrets',
    code: `const messages = {
  password: 'Password must be at least 8 characters',
  invalidPassword: 'auth.errors.invalidPassword',
  resetPassword: 'Passwort',
  token: 'Your session has expired',
};
throw new Error('Invalid password or token');`,
  },
  {
    name: 'UUIDs, correlation ids, paths and enum values are not secrets',
    code: `const ids = { correlationToken: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', token: '123e4567-e89b-12d3-a456-426614174000' };
const files = { privateKey: 'keys/private.pem', secretPath: '/run/secrets/jwt' };
const groups = { admin_session_secret: 'core', password: 'private' };`,
  },
  {
    name: 'public keys and password hashes are not secrets',
    code: `import jwt from 'jsonwebtoken';
const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\\n-----END PUBLIC KEY-----';
jwt.verify(token, PUBLIC_KEY);
const stripe = { publishableKey: 'pk_live_51H8aBcDeFgHiJkLmNoPqRsTuV' };
const fixture = { password: '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy' };`,
  },
  {
    name: 'regexes and RegExp sources are not secrets',
    code: `const passwordPattern = /^(?=.*\\d)(?=.*[a-z]).{8,}$/;
const tokenRe = new RegExp('^[A-Za-z0-9_-]{20,}$');`,
  },
  {
    name: 'non-secret fallbacks: URLs, ports, hosts, empty strings',
    code: `const redisUrl = process.env.REDIS_URL || 'redis://localhost:6379';
const port = process.env.PORT ?? '3000';
const { HOST = 'localhost' } = process.env;
const secret = process.env.SESSION_SECRET || '';`,
  },
  {
    name: 'weak names need a random-looking value',
    code: `const paging = { nextPageToken: 'Ab3dE6gH9jK2mN5pQ8rS1tV4', csrfToken: 'Ab3dE6gH9jK2mN5pQ8rS1tV4' };
const fetchOptions = { credentials: 'include', auth: 'basic', token: 'user.session.token' };
const headers = { authorization: \`Bearer \${token}\` };`,
  },
  {
    name: 'documentation tokens: the AWS example key and the jwt.io sample',
    code: `const awsExample = 'AKIAIOSFODNN7EXAMPLE';
const sampleJwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';`,
  },
  {
    name: 'a connection URL without a password, or with a templated one',
    code: `import mongoose from 'mongoose';
mongoose.connect('mongodb://localhost:27017/app');
mongoose.connect(\`mongodb://\${user}:\${pass}@db.internal/app\`);
const db = 'postgres://user:password@localhost/db';`,
  },
  {
    name: 'unresolvable values are not reported',
    code: `import jwt from 'jsonwebtoken';
import session from 'express-session';
import { SECRET } from './config';
jwt.sign(payload, SECRET);
jwt.sign(payload, getSecret());
jwt.sign(payload, config.jwt.secret);
app.use(session(options));
let key = 'abcdefghijklmnop';
key = load();
jwt.sign(payload, key);`,
  },
  {
    name: 'TypeScript: types, enums and declarations hold no values',
    code: `import type { Secret } from 'jsonwebtoken';
type Config = { secret: 'literal-type-secret'; password: string };
enum EnvNames { JwtSecret = 'JWT_SECRET' }
declare module 'express-session' {
  interface SessionData { token: string }
}
export const secret: Secret = process.env.JWT_SECRET as string;`,
  },
  {
    name: 'odd code never throws',
    code: `import jwt from 'jsonwebtoken';
import session from 'express-session';
jwt.sign(...args);
jwt?.sign?.(payload, process.env.JWT_SECRET!);
app.use(session({ ...base, [dynamicKey]: 'value-of-a-computed-key' }));
const o = { ...rest, secret: process.env.S };
obj?.a?.['secret'];
const { password: pw = process.env.PW } = options;
new (getClass())('abc');
\`tag\${x}\`;
String.raw\`\${a}b\`;`,
  },
  {
    name: 'allowedPatterns silences known values',
    code: `const config = { apiKey: 'internal-demo-key-123' };`,
    options: [{"allowedPatterns":["^internal-demo-"]}],
  },
  {
    name: 'a higher entropy threshold silences weak names',
    code: `const auth = { token: 'Ab3dE6gH9jK2mN5pQ8rS1tV4' };`,
    options: [{"entropyThreshold":6}],
  },
  {
    name: 'a test file: a login fixture password and a session secret for supertest',
    filename: 'tests/authentication.spec.js',
    code: `const session = require('express-session');
app.use(session({ secret: 'keyboard cat' }));
const credentials = { username: 'admin', password: 'ncc-1701' };`,
  },
  {
    name: 'ESM: a test folder holds fixtures, not secrets',
    filename: 'test/security/profile-test.mjs',
    code: `import jwt from 'jsonwebtoken';
const token = jwt.sign({ sub: 1 }, 'test-signing-key-0042');
const sutUserPassword = 'User1_123';`,
  },
  {
    name: 'configuration: values marked for replacement, names, and translated labels',
    filename: 'x.cjs',
    code: `module.exports = {
  password: 'changeme',
  apiKey: '<your-api-key>',
  sessionSecret: '\${SESSION_SECRET}',
  cookieSecret: 'replace-me-before-deploy',
  passwordField: 'password',
  resetPassword: 'Passwort',
  jwtSecret: process.env.JWT_SECRET,
};`,
  },
  {
    name: 'a name-only position keeps the placeholder filter: an object that is not exported',
    filename: 'x.cjs',
    code: `const defaults = { cookieSecret: 'session_cookie_secret_key_here', password: 'private' };
module.exports = { defaults };`,
  },
  {
    name: 'TypeScript: an exported config object reads its secrets from the environment',
    code: `interface Config { jwtSecret: string; db: { password: string } }
export default { jwtSecret: process.env.JWT_SECRET!, db: { password: process.env.DB_PASSWORD as string } } satisfies Config;`,
  },
  {
    name: 'a connection URL with no password, and a documented URL shape outside any client',
    code: `import mongoose from 'mongoose';
mongoose.connect('mongodb://localhost:27017/app');
const docs = 'postgres://user:password@localhost/db';`,
  },
  {
    name: 'database options from the environment, and a shadowed typeorm',
    filename: 'x.cjs',
    code: `const typeorm = require('typeorm');
typeorm.createConnection({ type: 'mysql', username: process.env.DB_USER, password: process.env.DB_PASSWORD });
function connect(typeorm) { return typeorm.createConnection({ password: 'some secret here' }); }`,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    name: 'CommonJS: express-session secret literal',
    filename: 'x.cjs',
    code: `const session = require('express-session');
app.use(session({ secret: 'keyboard cat', resave: false }));`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 27, endLine: 2, endColumn: 41, data: { kind: 'express-session secret', preview: 'keyb…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `const session = require('express-session');
app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));` }] },
    ],
  },
  {
    name: 'ESM: express-session secret through a const',
    code: `import session from 'express-session';
const SESSION_KEY = 'Sup3r-Secret-Session';
app.use(session({ secret: SESSION_KEY }));`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 21, endLine: 2, endColumn: 43, data: { kind: 'express-session secret', preview: 'Sup3…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import session from 'express-session';
const SESSION_KEY = process.env.SESSION_KEY;
app.use(session({ secret: SESSION_KEY }));` }] },
    ],
  },
  {
    name: 'ESM: jwt.sign and jwt.verify with a literal key',
    code: `import jwt from 'jsonwebtoken';
export const sign = (p) => jwt.sign(p, 'supersecret123', { expiresIn: '2h' });
export const check = (t) => jwt.verify(t, 'supersecret123');`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 40, endLine: 2, endColumn: 56, data: { kind: 'JWT signing key', preview: 'supe…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import jwt from 'jsonwebtoken';
export const sign = (p) => jwt.sign(p, process.env.JWT_SECRET, { expiresIn: '2h' });
export const check = (t) => jwt.verify(t, 'supersecret123');` }] },
      { messageId: 'hardcodedSecret', line: 3, column: 43, endLine: 3, endColumn: 59, data: { kind: 'JWT verification key', preview: 'supe…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import jwt from 'jsonwebtoken';
export const sign = (p) => jwt.sign(p, 'supersecret123', { expiresIn: '2h' });
export const check = (t) => jwt.verify(t, process.env.JWT_SECRET);` }] },
    ],
  },
  {
    name: 'CommonJS: named sign import with a template key',
    filename: 'x.cjs',
    code: `const { sign } = require('jsonwebtoken');
module.exports = (p) => sign(p, \`tmpl-secret-123\`);`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 33, endLine: 2, endColumn: 50, data: { kind: 'JWT signing key', preview: 'tmpl…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `const { sign } = require('jsonwebtoken');
module.exports = (p) => sign(p, process.env.JWT_SECRET);` }] },
    ],
  },
  {
    name: 'cookie-parser literal (ESM)',
    code: `import cookieParser from 'cookie-parser';
app.use(cookieParser('s3cr3t-K3y!'));`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 22, endLine: 2, endColumn: 35, data: { kind: 'cookie-parser secret', preview: '[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import cookieParser from 'cookie-parser';
app.use(cookieParser(process.env.COOKIE_SECRET));` }] },
    ],
  },
  {
    name: "cookie-parser called through a namespace's default export",
    code: `import * as cookies from 'cookie-parser';
app.use(cookies.default('s3cr3t-K3y!'));`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 25, endLine: 2, endColumn: 38, data: { kind: 'cookie-parser secret', preview: '[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import * as cookies from 'cookie-parser';
app.use(cookies.default(process.env.COOKIE_SECRET));` }] },
    ],
  },
  {
    name: 'cookie-parser array of secrets (CommonJS)',
    filename: 'x.cjs',
    code: `const cookieParser = require('cookie-parser');
app.use(cookieParser(['first-secret', 'second-secret']));`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 23, endLine: 2, endColumn: 37, data: { kind: 'cookie-parser secret', preview: 'firs…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 2, column: 39, endLine: 2, endColumn: 54, data: { kind: 'cookie-parser secret', preview: 'seco…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'cookie-session keys',
    code: `import cookieSession from 'cookie-session';
app.use(cookieSession({ name: 'session', keys: ['key1-abcdef', 'key2-ghijkl'] }));`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 49, endLine: 2, endColumn: 62, data: { kind: 'cookie-session key', preview: '[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 2, column: 64, endLine: 2, endColumn: 77, data: { kind: 'cookie-session key', preview: '[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'express-jwt secret',
    code: `import { expressjwt } from 'express-jwt';
app.use(expressjwt({ secret: 'shhhhhhared-secret', algorithms: ['HS256'] }));`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 30, endLine: 2, endColumn: 50, data: { kind: 'express-jwt secret', preview: 'shhh…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import { expressjwt } from 'express-jwt';
app.use(expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }));` }] },
    ],
  },
  {
    name: 'passport-jwt secretOrKey',
    filename: 'x.cjs',
    code: `const { Strategy: JwtStrategy } = require('passport-jwt');
passport.use(new JwtStrategy({ secretOrKey: 'jwt-key-9f8e7d' }, verify));`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 45, endLine: 2, endColumn: 61, data: { kind: 'passport-jwt secretOrKey', preview: 'jwt-…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `const { Strategy: JwtStrategy } = require('passport-jwt');
passport.use(new JwtStrategy({ secretOrKey: process.env.JWT_SECRET }, verify));` }] },
    ],
  },
  {
    name: 'crypto HMAC and cipher keys',
    code: `import crypto from 'node:crypto';
const mac = crypto.createHmac('sha256', 'hmac-key-123');
const cipher = crypto.createCipheriv('aes-256-cbc', 'abcdefghijklmnopqrstuvwxyz123456', iv);`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 41, endLine: 2, endColumn: 55, data: { kind: 'HMAC key', preview: 'hmac…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import crypto from 'node:crypto';
const mac = crypto.createHmac('sha256', process.env.HMAC_SECRET);
const cipher = crypto.createCipheriv('aes-256-cbc', 'abcdefghijklmnopqrstuvwxyz123456', iv);` }] },
      { messageId: 'hardcodedSecret', line: 3, column: 53, endLine: 3, endColumn: 87, data: { kind: 'cipher key', preview: 'abcd…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import crypto from 'node:crypto';
const mac = crypto.createHmac('sha256', 'hmac-key-123');
const cipher = crypto.createCipheriv('aes-256-cbc', process.env.ENCRYPTION_KEY, iv);` }] },
    ],
  },
  {
    name: 'CommonJS: database passwords (mysql2, sequelize, pg)',
    filename: 'x.cjs',
    code: `const mysql = require('mysql2');
const { Sequelize } = require('sequelize');
const { Pool } = require('pg');
mysql.createConnection({ host: 'localhost', user: 'root', password: 'r00tpass' });
new Sequelize('db', 'user', 'dbpass99', { dialect: 'postgres' });
new Pool({ password: 'pgpass123' });`,
    errors: [
      { messageId: 'hardcodedSecret', line: 4, column: 69, endLine: 4, endColumn: 79, data: { kind: 'database password', preview: '[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `const mysql = require('mysql2');
const { Sequelize } = require('sequelize');
const { Pool } = require('pg');
mysql.createConnection({ host: 'localhost', user: 'root', password: process.env.DB_PASSWORD });
new Sequelize('db', 'user', 'dbpass99', { dialect: 'postgres' });
new Pool({ password: 'pgpass123' });` }] },
      { messageId: 'hardcodedSecret', line: 5, column: 29, endLine: 5, endColumn: 39, data: { kind: 'database password', preview: '[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `const mysql = require('mysql2');
const { Sequelize } = require('sequelize');
const { Pool } = require('pg');
mysql.createConnection({ host: 'localhost', user: 'root', password: 'r00tpass' });
new Sequelize('db', 'user', process.env.DB_PASSWORD, { dialect: 'postgres' });
new Pool({ password: 'pgpass123' });` }] },
      { messageId: 'hardcodedSecret', line: 6, column: 22, endLine: 6, endColumn: 33, data: { kind: 'database password', preview: '[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `const mysql = require('mysql2');
const { Sequelize } = require('sequelize');
const { Pool } = require('pg');
mysql.createConnection({ host: 'localhost', user: 'root', password: 'r00tpass' });
new Sequelize('db', 'user', 'dbpass99', { dialect: 'postgres' });
new Pool({ password: process.env.DB_PASSWORD });` }] },
    ],
  },
  {
    name: 'nodemailer auth.pass and a mongoose URL with a password',
    code: `import nodemailer from 'nodemailer';
import mongoose from 'mongoose';
nodemailer.createTransport({ host: 'smtp.example.org', auth: { user: 'me', pass: 'mailpass1' } });
mongoose.connect('mongodb://admin:S3cretPw@db.internal:27017/app');`,
    errors: [
      { messageId: 'hardcodedSecret', line: 3, column: 82, endLine: 3, endColumn: 93, suggestions: [{ messageId: 'useEnvironment', output: `import nodemailer from 'nodemailer';
import mongoose from 'mongoose';
nodemailer.createTransport({ host: 'smtp.example.org', auth: { user: 'me', pass: process.env.SMTP_PASSWORD } });
mongoose.connect('mongodb://admin:S3cretPw@db.internal:27017/app');` }] },
      { messageId: 'hardcodedSecret', line: 4, column: 18, endLine: 4, endColumn: 66, suggestions: [{ messageId: 'useEnvironment', output: `import nodemailer from 'nodemailer';
import mongoose from 'mongoose';
nodemailer.createTransport({ host: 'smtp.example.org', auth: { user: 'me', pass: 'mailpass1' } });
mongoose.connect(process.env.DATABASE_URL);` }] },
    ],
  },
  {
    name: 'SDK constructors: Stripe, twilio, OpenAI',
    code: `import Stripe from 'stripe';
import twilio from 'twilio';
import OpenAI from 'openai';
const stripe = new Stripe('sk_live_51H8aBcDeFgHiJkLmNoPqRsTuV');
const sms = twilio(process.env.TWILIO_SID, 'f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6');
const ai = new OpenAI({ apiKey: 'my-openai-key-value' });`,
    errors: [
      { messageId: 'hardcodedSecret', line: 4, column: 27, endLine: 4, endColumn: 63, data: { kind: 'Stripe secret key', preview: 'sk_l…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import Stripe from 'stripe';
import twilio from 'twilio';
import OpenAI from 'openai';
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
const sms = twilio(process.env.TWILIO_SID, 'f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6');
const ai = new OpenAI({ apiKey: 'my-openai-key-value' });` }] },
      { messageId: 'hardcodedSecret', line: 5, column: 44, endLine: 5, endColumn: 78, data: { kind: 'Twilio auth token', preview: 'f1e2…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import Stripe from 'stripe';
import twilio from 'twilio';
import OpenAI from 'openai';
const stripe = new Stripe('sk_live_51H8aBcDeFgHiJkLmNoPqRsTuV');
const sms = twilio(process.env.TWILIO_SID, process.env.TWILIO_AUTH_TOKEN);
const ai = new OpenAI({ apiKey: 'my-openai-key-value' });` }] },
      { messageId: 'hardcodedSecret', line: 6, column: 33, endLine: 6, endColumn: 54, data: { kind: 'OpenAI API key', preview: 'my-o…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import Stripe from 'stripe';
import twilio from 'twilio';
import OpenAI from 'openai';
const stripe = new Stripe('sk_live_51H8aBcDeFgHiJkLmNoPqRsTuV');
const sms = twilio(process.env.TWILIO_SID, 'f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6');
const ai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });` }] },
    ],
  },
  {
    name: 'CommonJS: stripe called on require',
    filename: 'x.cjs',
    code: `const stripe = require('stripe')('rk_live_abcdefghij0123456789abcd');`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 34, endLine: 1, endColumn: 68, data: { kind: 'Stripe secret key', preview: 'rk_l…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);` }] },
    ],
  },
  {
    name: 'secret-named bindings and properties',
    code: `const config = { password: 'hunter22', db_password: 'x9y8z7w6', CLIENT_SECRET: 'cs_4f5g6h7j' };
let dbPassword = 'Sup3rS3cret!';
class Api { private apiKey = 'a1b2c3d4e5'; }
this.secret = 'thisisasecret1';`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 28, endLine: 1, endColumn: 38, data: { kind: 'password', preview: '[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 1, column: 53, endLine: 1, endColumn: 63, data: { kind: 'password', preview: '[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 1, column: 80, endLine: 1, endColumn: 93, data: { kind: 'client secret', preview: '[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 2, column: 18, endLine: 2, endColumn: 32, data: { kind: 'password', preview: 'Sup3…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 3, column: 30, endLine: 3, endColumn: 42, data: { kind: 'API key', preview: '[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 4, column: 15, endLine: 4, endColumn: 31, data: { kind: 'secret', preview: 'this…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'CommonJS: secret-named module constants',
    filename: 'x.cjs',
    code: `const ADMIN_PASSWORD = 'adm1n-pass';
module.exports = { ADMIN_PASSWORD };`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 24, endLine: 1, endColumn: 36, data: { kind: 'password', preview: '[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'AWS credentials in an SDK client',
    code: `import { S3Client } from '@aws-sdk/client-s3';
export const s3 = new S3Client({
  credentials: {
    accessKeyId: 'AKIA4QZ7RMXH2WBN5TYE',
    secretAccessKey: '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',
  },
});`,
    errors: [
      { messageId: 'hardcodedSecret', line: 4, column: 18, endLine: 4, endColumn: 40, data: { kind: 'AWS access key id', preview: 'AKIA…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 5, column: 22, endLine: 5, endColumn: 64, data: { kind: 'AWS secret access key', preview: 'q8Vh…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'CommonJS: environment fallbacks',
    filename: 'x.cjs',
    code: `const secret = process.env.SESSION_SECRET || 'keyboard cat';
const jwtSecret = process.env.JWT_SECRET ?? 'changeme';`,
    errors: [
      { messageId: 'secretFallback', line: 1, column: 46, endLine: 1, endColumn: 60, data: { kind: 'secret', preview: 'keyb…[redacted]', fallbackFor: '`process.env.SESSION_SECRET`' } },
      { messageId: 'secretFallback', line: 2, column: 45, endLine: 2, endColumn: 55, data: { kind: 'secret', preview: '[redacted]', fallbackFor: '`process.env.JWT_SECRET`' } },
    ],
  },
  {
    name: 'ESM: default parameter and destructuring default',
    code: `export function sign(payload, secret = 'dev-secret') {}
const { JWT_SECRET = 'dev-secret' } = process.env;`,
    errors: [
      { messageId: 'secretFallback', line: 1, column: 40, endLine: 1, endColumn: 52, data: { kind: 'secret', preview: '[redacted]', fallbackFor: '`secret`' } },
      { messageId: 'secretFallback', line: 2, column: 22, endLine: 2, endColumn: 34, data: { kind: 'secret', preview: '[redacted]', fallbackFor: '`JWT_SECRET`' } },
    ],
  },
  {
    name: 'a fallback that reaches a secret argument',
    code: `import jwt from 'jsonwebtoken';
const key = process.env.KEY || 'fallback-key';
export const t = jwt.sign(p, key);`,
    errors: [
      { messageId: 'secretFallback', line: 2, column: 32, endLine: 2, endColumn: 46, data: { kind: 'JWT signing key', preview: 'fall…[redacted]', fallbackFor: '`process.env.KEY`' } },
    ],
  },
  {
    name: 'a fallback inside the options of a known API',
    filename: 'x.cjs',
    code: `const session = require('express-session');
app.use(session({ secret: process.env.SECRET || 'dev' }));`,
    errors: [
      { messageId: 'secretFallback', line: 2, column: 49, endLine: 2, endColumn: 54, data: { kind: 'express-session secret', preview: '[redacted]', fallbackFor: '`process.env.SECRET`' } },
    ],
  },
  {
    name: 'known token formats in any string',
    code: `const k = 'AKIA4QZ7RMXH2WBN5TYE';
const gh = \`token ghp_abcdefghijklmnopqrstuvwxyzABCDEF1234\`;
const sl = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const hook = 'https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx';
const g = 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q';
const sg = 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';
const npm = 'npm_abcdefghijklmnopqrstuvwxyzABCDEF1234';`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 11, endLine: 1, endColumn: 33, data: { kind: 'AWS access key id', preview: 'AKIA…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 2, column: 12, endLine: 2, endColumn: 60, data: { kind: 'GitHub token', preview: 'toke…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 3, column: 12, endLine: 3, endColumn: 70, data: { kind: 'Slack token', preview: 'xoxb…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 4, column: 14, endLine: 4, endColumn: 93, data: { kind: 'Slack webhook URL', preview: 'http…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 5, column: 11, endLine: 5, endColumn: 52, data: { kind: 'Google API key', preview: 'AIza…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 6, column: 12, endLine: 6, endColumn: 83, data: { kind: 'SendGrid API key', preview: 'SG.a…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 7, column: 13, endLine: 7, endColumn: 55, data: { kind: 'npm token', preview: 'npm_…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'more token formats (CommonJS)',
    filename: 'x.cjs',
    code: `const pem = '-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA1234567890abcdefghijklmnopqrstuvwxyz';
const tok = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOjQyLCJyb2xlIjoiYWRtaW4ifQ.abcdefghijklmnopqrstuvwxyz';
const mg = 'key-0123456789abcdef0123456789abcdef';
const oa = 'sk-proj-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const tw = 'SK0123456789abcdef0123456789abcdef';
const gl = 'glpat-abcdefghij0123456789';
const gho = \`gho_abcdefghijklmnopqrstuvwxyzABCDEF1234\`;`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 13, endLine: 1, endColumn: 100, data: { kind: 'private key', preview: '----…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 2, column: 13, endLine: 2, endColumn: 117, data: { kind: 'JWT', preview: 'eyJh…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 3, column: 12, endLine: 3, endColumn: 50, data: { kind: 'Mailgun API key', preview: 'key-…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 4, column: 12, endLine: 4, endColumn: 84, data: { kind: 'OpenAI API key', preview: 'sk-p…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 5, column: 12, endLine: 5, endColumn: 48, data: { kind: 'Twilio API key', preview: 'SK01…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 6, column: 12, endLine: 6, endColumn: 40, data: { kind: 'GitLab token', preview: 'glpa…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 7, column: 13, endLine: 7, endColumn: 55, data: { kind: 'GitHub token', preview: 'gho_…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'a token inside a template with expressions',
    code: `const url = \`https://api.example.com/\${path}?key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q\`;`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 13, endLine: 1, endColumn: 90, data: { kind: 'Google API key', preview: '?key…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'high-entropy values under weak names',
    code: `const auth = { token: 'Ab3dE6gH9jK2mN5pQ8rS1tV4', authorization: 'Bearer Ab3dE6gH9jK2mN5pQ8rS1tV4' };`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 23, endLine: 1, endColumn: 49, data: { kind: 'token', preview: 'Ab3d…[redacted]', fallbackFor: '' } },
      { messageId: 'hardcodedSecret', line: 1, column: 66, endLine: 1, endColumn: 99, data: { kind: 'credential', preview: 'Bear…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'a lower entropy threshold reports more',
    code: `const auth = { token: 'aaaabbbbccccdddd1234' };`,
    options: [{"entropyThreshold":2}],
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 23, endLine: 1, endColumn: 45, data: { kind: 'token', preview: 'aaaa…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'TypeScript: secrets behind type assertions',
    code: `import jwt from 'jsonwebtoken';
const SECRET = 'typed-secret-value' as const;
export const token = jwt.sign({}, SECRET as string);
export const config = <const>{ apiKey: 'Ab3dE6gH9jK2' } satisfies Record<string, string>;`,
    errors: [
      { messageId: 'hardcodedSecret', line: 2, column: 16, endLine: 2, endColumn: 36, data: { kind: 'JWT signing key', preview: 'type…[redacted]', fallbackFor: '' }, suggestions: [{ messageId: 'useEnvironment', output: `import jwt from 'jsonwebtoken';
const SECRET = process.env.SECRET as const;
export const token = jwt.sign({}, SECRET as string);
export const config = <const>{ apiKey: 'Ab3dE6gH9jK2' } satisfies Record<string, string>;` }] },
      { messageId: 'hardcodedSecret', line: 4, column: 40, endLine: 4, endColumn: 54, data: { kind: 'API key', preview: 'Ab3d…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'a short word is a secret in a SCREAMING_CASE constant, though a label in an object',
    code: `const JWT_SECRET = 'mysecret';
const groups = { jwt_secret: 'core' };`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 20, endLine: 1, endColumn: 30, data: { kind: 'secret', preview: '[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'allowedPatterns does not silence other values',
    code: `const config = { apiKey: 'prod-key-98765', backupApiKey: 'internal-demo-key-123' };`,
    options: [{"allowedPatterns":["^internal-demo-"]}],
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 26, endLine: 1, endColumn: 42, data: { kind: 'API key', preview: 'prod…[redacted]', fallbackFor: '' } },
    ],
  },
  {
    name: 'CommonJS: a session secret that reads like a placeholder is still the secret the app runs with',
    filename: 'x.cjs',
    code: `const session = require('express-session');
const cookieParser = require('cookie-parser');
app.use(session({ secret: 'keyboard cat goes here', resave: false }));
app.use(cookieParser('signing phrase here'));`,
    errors: [
      { messageId: 'placeholderSecret', line: 3, column: 27, endLine: 3, endColumn: 51, suggestions: [{ messageId: 'useEnvironment', output: `const session = require('express-session');
const cookieParser = require('cookie-parser');
app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));
app.use(cookieParser('signing phrase here'));` }] },
      { messageId: 'placeholderSecret', line: 4, column: 22, endLine: 4, endColumn: 43, suggestions: [{ messageId: 'useEnvironment', output: `const session = require('express-session');
const cookieParser = require('cookie-parser');
app.use(session({ secret: 'keyboard cat goes here', resave: false }));
app.use(cookieParser(process.env.COOKIE_SECRET));` }] },
    ],
  },
  {
    name: 'ESM: a placeholder slot passed as the JWT key',
    code: `import jwt from 'jsonwebtoken';
jwt.sign(payload, '<jwt-secret>');`,
    errors: [
      { messageId: 'placeholderSecret', line: 2, column: 19, endLine: 2, endColumn: 33, suggestions: [{ messageId: 'useEnvironment', output: `import jwt from 'jsonwebtoken';
jwt.sign(payload, process.env.JWT_SECRET);` }] },
    ],
  },
  {
    name: 'CommonJS: TypeORM createConnection with username and password',
    filename: 'x.cjs',
    code: `var typeorm = require("typeorm");
typeorm.createConnection({
  type: "mysql",
  host: "localhost",
  username: "root",
  password: "root",
});`,
    errors: [
      { messageId: 'hardcodedSecret', line: 6, column: 13, endLine: 6, endColumn: 19, suggestions: [{ messageId: 'useEnvironment', output: `var typeorm = require("typeorm");
typeorm.createConnection({
  type: "mysql",
  host: "localhost",
  username: "root",
  password: process.env.DB_PASSWORD,
});` }] },
    ],
  },
  {
    name: 'ESM: TypeORM DataSource, Sequelize options and knex connection',
    code: `import { DataSource } from 'typeorm';
import { Sequelize } from 'sequelize';
import knex from 'knex';
export const source = new DataSource({ type: 'postgres', username: 'postgres', password: 'postgres' });
const sequelize = new Sequelize({ dialect: 'postgres', username: 'app', password: 'app' });
const db = knex({ client: 'pg', connection: { host: '127.0.0.1', user: 'app', password: 'knexpass' } });`,
    errors: [
      { messageId: 'hardcodedSecret', line: 4, column: 90, endLine: 4, endColumn: 100, suggestions: [{ messageId: 'useEnvironment', output: `import { DataSource } from 'typeorm';
import { Sequelize } from 'sequelize';
import knex from 'knex';
export const source = new DataSource({ type: 'postgres', username: 'postgres', password: process.env.DB_PASSWORD });
const sequelize = new Sequelize({ dialect: 'postgres', username: 'app', password: 'app' });
const db = knex({ client: 'pg', connection: { host: '127.0.0.1', user: 'app', password: 'knexpass' } });` }] },
      { messageId: 'hardcodedSecret', line: 5, column: 83, endLine: 5, endColumn: 88, suggestions: [{ messageId: 'useEnvironment', output: `import { DataSource } from 'typeorm';
import { Sequelize } from 'sequelize';
import knex from 'knex';
export const source = new DataSource({ type: 'postgres', username: 'postgres', password: 'postgres' });
const sequelize = new Sequelize({ dialect: 'postgres', username: 'app', password: process.env.DB_PASSWORD });
const db = knex({ client: 'pg', connection: { host: '127.0.0.1', user: 'app', password: 'knexpass' } });` }] },
      { messageId: 'hardcodedSecret', line: 6, column: 89, endLine: 6, endColumn: 99, suggestions: [{ messageId: 'useEnvironment', output: `import { DataSource } from 'typeorm';
import { Sequelize } from 'sequelize';
import knex from 'knex';
export const source = new DataSource({ type: 'postgres', username: 'postgres', password: 'postgres' });
const sequelize = new Sequelize({ dialect: 'postgres', username: 'app', password: 'app' });
const db = knex({ client: 'pg', connection: { host: '127.0.0.1', user: 'app', password: process.env.DB_PASSWORD } });` }] },
    ],
  },
  {
    name: 'CommonJS: connection URLs given to database clients, on local and documentation hosts',
    filename: 'x.cjs',
    code: `const mongoose = require('mongoose');
const { Pool } = require('pg');
const knex = require('knex')({ client: 'pg', connection: 'postgres://app:app@localhost/app' });
mongoose.connect('mongodb://admin:admin@db.example.com/app');
const pool = new Pool({ connectionString: 'postgres://api:xxxxxxxx@127.0.0.1/api' });`,
    errors: [
      { messageId: 'hardcodedSecret', line: 3, column: 58, endLine: 3, endColumn: 92, suggestions: [{ messageId: 'useEnvironment', output: `const mongoose = require('mongoose');
const { Pool } = require('pg');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
mongoose.connect('mongodb://admin:admin@db.example.com/app');
const pool = new Pool({ connectionString: 'postgres://api:xxxxxxxx@127.0.0.1/api' });` }] },
      { messageId: 'hardcodedSecret', line: 4, column: 18, endLine: 4, endColumn: 60, suggestions: [{ messageId: 'useEnvironment', output: `const mongoose = require('mongoose');
const { Pool } = require('pg');
const knex = require('knex')({ client: 'pg', connection: 'postgres://app:app@localhost/app' });
mongoose.connect(process.env.DATABASE_URL);
const pool = new Pool({ connectionString: 'postgres://api:xxxxxxxx@127.0.0.1/api' });` }] },
      { messageId: 'placeholderSecret', line: 5, column: 43, endLine: 5, endColumn: 82, suggestions: [{ messageId: 'useEnvironment', output: `const mongoose = require('mongoose');
const { Pool } = require('pg');
const knex = require('knex')({ client: 'pg', connection: 'postgres://app:app@localhost/app' });
mongoose.connect('mongodb://admin:admin@db.example.com/app');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });` }] },
    ],
  },
  {
    name: 'CommonJS: mongoose and redis passwords in options',
    filename: 'x.cjs',
    code: `const mongoose = require('mongoose');
const Redis = require('ioredis');
mongoose.connect(process.env.MONGO_URL, { auth: { username: 'app', password: 'mongopass' } });
const redis = new Redis({ host: 'cache', password: 'redispass' });`,
    errors: [
      { messageId: 'hardcodedSecret', line: 3, column: 78, endLine: 3, endColumn: 89, suggestions: [{ messageId: 'useEnvironment', output: `const mongoose = require('mongoose');
const Redis = require('ioredis');
mongoose.connect(process.env.MONGO_URL, { auth: { username: 'app', password: process.env.DB_PASSWORD } });
const redis = new Redis({ host: 'cache', password: 'redispass' });` }] },
      { messageId: 'hardcodedSecret', line: 4, column: 52, endLine: 4, endColumn: 63, suggestions: [{ messageId: 'useEnvironment', output: `const mongoose = require('mongoose');
const Redis = require('ioredis');
mongoose.connect(process.env.MONGO_URL, { auth: { username: 'app', password: 'mongopass' } });
const redis = new Redis({ host: 'cache', password: process.env.DB_PASSWORD });` }] },
    ],
  },
  {
    name: 'CommonJS: a config object the module exports, with values that read like placeholders',
    filename: 'x.cjs',
    code: `const port = process.env.PORT || 4000;
module.exports = {
    port,
    cookieSecret: "session_cookie_secret_key_here",
    cryptoKey: "a_secure_key_for_crypto_here",
    cryptoAlgo: "aes256",
};`,
    errors: [
      { messageId: 'placeholderSecret', line: 4, column: 19, endLine: 4, endColumn: 51, suggestions: [] },
      { messageId: 'placeholderSecret', line: 5, column: 16, endLine: 5, endColumn: 46, suggestions: [] },
    ],
  },
  {
    name: 'ESM: an exported default config and a named export, with a lowercase word as the password',
    code: `export default { db: { user: 'postgres', password: 'postgres' }, sessionSecret: 'dev-session-secret' };
export const mail = { smtpPassword: 'mailerpass' };`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 52, endLine: 1, endColumn: 62, suggestions: [] },
      { messageId: 'hardcodedSecret', line: 1, column: 81, endLine: 1, endColumn: 101, suggestions: [] },
      { messageId: 'hardcodedSecret', line: 2, column: 37, endLine: 2, endColumn: 49, suggestions: [] },
    ],
  },
  {
    name: 'CommonJS: a const config object exported later',
    filename: 'x.cjs',
    code: `const config = { jwtSecret: 'jwt_secret_here', environments: [{ clientSecret: 'abcdsecret' }] };
module.exports = config;`,
    errors: [
      { messageId: 'placeholderSecret', line: 1, column: 29, endLine: 1, endColumn: 46, suggestions: [] },
      { messageId: 'hardcodedSecret', line: 1, column: 79, endLine: 1, endColumn: 91, suggestions: [] },
    ],
  },
  {
    name: 'a config file by its path: a secret-named const that is not exported',
    filename: 'config/env/all.js',
    code: `const sessionSecret = 'cookie_secret_here';
export const settings = { port: 3000 };`,
    errors: [
      { messageId: 'placeholderSecret', line: 1, column: 23, endLine: 1, endColumn: 43, suggestions: [] },
    ],
  },
  {
    name: 'database URLs in a config object: a default account is a credential too',
    filename: 'x.cjs',
    code: `var config_local = { db: { server: "postgres://postgres:postgres@127.0.0.1", database: "app" } };
module.exports = config_local;`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 36, endLine: 1, endColumn: 76, suggestions: [] },
    ],
  },
  {
    name: 'a test file still reports known token formats',
    filename: 'tests/aws.spec.js',
    code: `const credentials = { accessKeyId: 'AKIAZ7VRSQ5VY2ZQWXNB', password: 'ncc-1701' };`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 36, endLine: 1, endColumn: 58, suggestions: [] },
    ],
  },
  {
    name: 'checkTestFiles reports test passwords too',
    filename: 'tests/authentication.spec.js',
    options: [{"checkTestFiles":true}],
    code: `const credentials = { username: 'admin', password: 'ncc-1701' };`,
    errors: [
      { messageId: 'hardcodedSecret', line: 1, column: 52, endLine: 1, endColumn: 62, suggestions: [] },
    ],
  },
  {
    name: 'CommonJS: a secret exported on its own',
    filename: 'x.cjs',
    code: `exports.sessionSecret = 'session_secret_here';
module.exports.dbPassword = 'postgres';`,
    errors: [
      { messageId: 'placeholderSecret', line: 1, column: 25, endLine: 1, endColumn: 46, suggestions: [] },
      { messageId: 'hardcodedSecret', line: 2, column: 29, endLine: 2, endColumn: 39, suggestions: [] },
    ],
  },
  {
    name: 'ESM: an exported constant',
    code: `export const JWT_SECRET = 'jwt-secret-here';`,
    errors: [
      { messageId: 'placeholderSecret', line: 1, column: 27, endLine: 1, endColumn: 44, suggestions: [] },
    ],
  },
];

ruleTester.run('no-hardcoded-secret', noHardcodedSecret, { valid, invalid });

const plugin = { rules: { 'no-hardcoded-secret': noHardcodedSecret } } as unknown as NonNullable<Linter.Config['plugins']>[string];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parser = require('@typescript-eslint/parser') as Linter.Parser;

function lint(code: string, filename: string, options: readonly unknown[] = []): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.{js,cjs,ts}'],
        plugins: { security: plugin },
        languageOptions: { parser, sourceType: filename.endsWith('.cjs') ? 'commonjs' : 'module' },
        rules: { 'security/no-hardcoded-secret': ['error', ...options] },
      },
    ],
    filename,
  );
}

/** The reported literal's text, without its quotes or backticks. */
function reportedText(code: string, message: Linter.LintMessage): string {
  const lines = code.split('\n');
  const start = lines.slice(0, message.line - 1).join('\n').length + (message.line > 1 ? 1 : 0) + message.column - 1;
  const end = lines.slice(0, (message.endLine ?? message.line) - 1).join('\n').length + ((message.endLine ?? 1) > 1 ? 1 : 0) + (message.endColumn ?? 1) - 1;
  return code.slice(start + 1, end - 1);
}

describe('no-hardcoded-secret messages', () => {
  it('never contain the secret: no eight characters of a reported literal appear in its message', () => {
    let checked = 0;
    for (const testCase of invalid) {
      const messages = lint(testCase.code, testCase.filename ?? 'file.ts', testCase.options ?? []);
      for (const message of messages) {
        const secret = reportedText(testCase.code, message);
        expect(secret.length).toBeGreaterThan(0);
        for (let i = 0; i + 8 <= secret.length; i++) {
          expect(message.message, `${testCase.name}: ${message.message}`).not.toContain(secret.slice(i, i + 8));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(50);
  });

  it('show at most the first four characters of a long secret', () => {
    const [message] = lint(`import jwt from 'jsonwebtoken';\njwt.sign(p, 'supersecret123');`, 'file.ts');
    expect(message?.message).toContain('(supe…[redacted])');
    expect(message?.message).not.toContain('supers');
  });
});

describe('no-hardcoded-secret options', () => {
  it('rejects an unknown option, naming it', () => {
    expect(() => lint(`const a = 1;`, 'file.ts', [{ allowedPattern: ['x'] }])).toThrow(/allowedPattern/);
  });

  it('rejects an entropy threshold that is not a number', () => {
    expect(() => lint(`const a = 1;`, 'file.ts', [{ entropyThreshold: 'high' }])).toThrow(/"high" should be number/);
  });
});

// A literal the server checks a request's credential against is the credential itself, however
// short or word-like (src/analysis/secrets/accepted-credentials.ts).
const APP = "const express = require('express');\nconst app = express();\n";

ruleTester.run('no-hardcoded-secret: accepted credentials', noHardcodedSecret, {
  valid: [
    {
      name: 'the expected key comes from the environment',
      code: `${APP}app.use((req, res, next) => (req.get('x-api-key') === process.env.API_KEY ? next() : res.sendStatus(401)));`,
    },
    {
      name: 'an authorization scheme is no credential',
      code: `${APP}app.use((req, res, next) => { if (req.headers.authorization.split(' ')[0] === 'Bearer') next(); });`,
    },
    {
      name: 'the mask a form sends back for an unchanged password',
      code: `${APP}app.post('/me', (req, res) => { if (req.body.password !== '********') res.locals.changed = true; res.end(); });`,
    },
    {
      name: 'a request field that names no credential (a sort key, a page token)',
      code: `${APP}app.get('/items', (req, res) => { if (req.query.sort === 'asc' || req.query.pageToken === 'first') res.json([]); });`,
    },
    {
      name: 'a comparison outside a handler is not the request',
      code: `${APP}function matches(user) { return user.password === 'letmein'; }\nmodule.exports = matches;`,
    },
    {
      name: 'a list of names that no request credential is looked up in',
      code: `${APP}const roles = ['admin', 'editor'];\napp.get('/r', (req, res) => res.json({ ok: roles.includes(req.query.role) }));`,
    },
    {
      name: 'a list that is changed later is no fixed list of keys',
      code: `${APP}let keys = ['a1'];\nkeys = load();\napp.use((req, res, next) => (keys.includes(req.get('x-api-key')) ? next() : res.end()));`,
    },
    {
      name: 'a long message compared with the request field is a value, not its credential',
      code: `${APP}app.post('/login', (req, res) => { if (req.body.note === 'a long sentence the client may send back to us') res.end(); });`,
    },
    {
      name: 'a test file checks fixtures',
      filename: 'test/auth.test.js',
      code: `${APP}app.post('/login', (req, res) => { if (req.body.password === 'hunter2') res.end(); });`,
    },
  ],
  invalid: [
    {
      name: 'a password compared with the request body',
      code: `${APP}app.post('/login', (req, res) => { if (req.body.password === 'hunter2') res.send('ok'); });`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'password', preview: '[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 62, endColumn: 71 }],
    },
    {
      name: 'an API key header compared with !==, the literal on the left',
      code: `${APP}app.use((req, res, next) => { if ('k3y' !== req.headers['x-api-key']) return res.sendStatus(401); next(); });`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'API key', preview: '[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 35, endColumn: 40 }],
    },
    {
      name: 'a list of accepted keys the query key is looked up in, reported once on its first element',
      code: `${APP}var apiKeys = ['foo', 'bar', 'baz'];
app.use('/api', function (req, res, next) {
  var key = req.query['api-key'];
  if (apiKeys.indexOf(key) === -1) return next(new Error('invalid api key'));
  next();
});`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'API key', preview: '[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 16, endColumn: 21 }],
    },
    {
      name: 'a set of tokens the authorization header is looked up in',
      code: `${APP}const TOKENS = new Set(['t0k3n-one', 't0k3n-two']);
app.use((req, res, next) => (TOKENS.has(req.get('authorization')) ? next() : res.sendStatus(401)));`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'credential', preview: '[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 25, endColumn: 36 }],
    },
    {
      name: 'a password compared with the request body, written as a template',
      code: `${APP}app.post('/login', (req, res) => { if (req.body.password === \`hunter2\`) res.send('ok'); });`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'password', preview: '[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 62, endColumn: 71 }],
    },
    {
      name: 'a long password compared with the request body',
      code: `${APP}app.post('/login', (req, res) => { if (req.body.password === 'correct horse battery staple') res.send('ok'); });`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'password', preview: 'corr…[redacted]', fallbackFor: '' }, line: 3, endLine: 3, column: 62, endColumn: 92 }],
    },
    {
      name: 'a password destructured from the body, in TypeScript',
      code: `${APP}import type { Request, Response } from 'express';
app.post('/admin', (req: Request, res: Response) => {
  const { password } = req.body as { password: string };
  if (password === 'admin123') res.send('welcome');
});`,
      errors: [{ messageId: 'hardcodedSecret', data: { kind: 'password', preview: '[redacted]', fallbackFor: '' }, line: 6, endLine: 6, column: 20, endColumn: 30 }],
    },
  ],
});
