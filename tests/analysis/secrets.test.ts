import { describe, expect, it } from 'vitest';
import { growthRatio, repeated } from '../linear-time';
import type { ReachedLiteral, SecretArgument, StringNode } from '../../src/analysis/secrets';
import { isTestSource } from '../../src/analysis/engine/test-files';
import { walk } from '../../src/analysis/engine/ast';
import { analyze } from './analyze';
import {
  characterClassCount,
  environmentNameOf,
  findTokenFormat,
  isConfigFile,
  isKeyRing,
  isLabelOrEnumWord,
  isNonSecretShape,
  isMarkedPlaceholder,
  isPlaceholder,
  isPlaceholderSlot,
  isPublicKey,
  isMadeOfWords,
  isRandomCredential,
  looksRandom,
  mayHoldSecret,
  redact,
  SECRET_APIS,
  secretNameOf,
  shannonEntropy,
  suggestedEnvironment,
  templateMayHoldSecret,
  TOKEN_FORMATS,
  urlPasswordOf,
  urlUserInfoOf,
} from '../../src/analysis/secrets';

describe('token formats', () => {
  it.each([
    ['AWS access key id', 'AKIA4QZ7RMXH2WBN5TYE'],
    ['AWS access key id', 'ASIAY34FZKBOKMUTVV7A'],
    ['GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyzABCDEF1234'],
    ['GitHub token', 'gho_abcdefghijklmnopqrstuvwxyzABCDEF1234'],
    ['GitHub token', 'ghs_abcdefghijklmnopqrstuvwxyzABCDEF1234'],
    ['GitHub token', 'ghu_abcdefghijklmnopqrstuvwxyzABCDEF1234'],
    ['GitHub fine-grained token', `github_pat_11ABCDEFG0${'a1B2c3D4e5'.repeat(7)}ab`],
    ['GitLab token', 'glpat-abcdefghij0123456789'],
    ['Slack token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['Slack token', 'xoxp-123456789012-123456789012-123456789012-abcdef0123456789abcdef0123456789'],
    ['Slack webhook URL', 'https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx'],
    ['Stripe secret key', 'sk_live_51H8aBcDeFgHiJkLmNoPqRsTuV'],
    ['Stripe secret key', 'rk_live_51H8aBcDeFgHiJkLmNoPqRsTuV'],
    ['Google API key', 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'],
    ['SendGrid API key', 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ'],
    ['Twilio API key', 'SK0123456789abcdef0123456789abcdef'],
    ['Mailgun API key', 'key-0123456789abcdef0123456789abcdef'],
    ['npm token', 'npm_abcdefghijklmnopqrstuvwxyzABCDEF1234'],
    ['OpenAI API key', 'sk-proj-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'],
    ['OpenAI API key', 'sk-abcdefghijklmnopqrstT3BlbkFJabcdefghijklmnopqrst'],
    ['Anthropic API key', `sk-ant-api03-${'aB3_dE6-gH9'.repeat(9)}`],
    ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234567890abcdefghijklmnopqrstuvwxyz'],
    ['private key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'],
    ['JWT', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOjQyLCJyb2xlIjoiYWRtaW4ifQ.abcdefghijklmnopqrstuvwxyz'],
  ])('finds a %s', (kind, token) => {
    expect(findTokenFormat(token)?.kind).toBe(kind);
    expect(findTokenFormat(`Authorization: Bearer ${token} (prod)`)?.kind).toBe(kind);
  });

  it.each([
    ['a short string', 'AKIA123'],
    ['a public key', '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'],
    ['a private key header alone', '-----BEGIN PRIVATE KEY-----'],
    ['the jwt.io sample token', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
    ['a JWT-like string whose payload is not JSON', 'eyJhbGciOiJIUzI1NiJ9.eyJnotjsonatall.abcdefghijklmnop'],
    ['a Stripe publishable key', 'pk_live_51H8aBcDeFgHiJkLmNoPqRsTuV'],
    ['a Stripe test secret key', 'sk_test_51H8aBcDeFgHiJkLmNoPqRsTuV'],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['a token prefix inside a longer word', 'xghp_abcdefghijklmnopqrstuvwxyzABCDEF1234'],
    ['an AWS-like id of one repeated character', 'AKIAAAAAAAAAAAAAAAAA'],
    ['prose', 'Set the SK value and the key- prefix in the AKIA field of the form, then press Save.'],
  ])('ignores %s', (_what, text) => {
    expect(findTokenFormat(text)).toBeNull();
  });

  it('has a format for every family the issue lists', () => {
    const kinds = new Set(TOKEN_FORMATS.map((format) => format.kind));
    for (const kind of ['AWS access key id', 'GitHub token', 'GitLab token', 'Slack token', 'Slack webhook URL', 'Stripe secret key', 'Google API key', 'SendGrid API key', 'Twilio API key', 'Mailgun API key', 'npm token', 'OpenAI API key', 'Anthropic API key', 'private key', 'JWT']) {
      expect(kinds.has(kind), kind).toBe(true);
    }
  });
});

/** Inputs that make a pattern with a prefix work hardest: the prefix over and over, nearly completing a match. */
function adversarialUnits(hints: readonly string[]): string[] {
  const hint = hints[0]!;
  return ['a', 'A0', '-', `${hint}a`, `${hint}-`, `${hint}0`, `${hint}aB3.`, ` ${hint}`, `-----BEGIN PRIVATE KEY-----${hint}`, 'eyJa.', 'eyJ-'];
}

describe('token formats run in linear time', () => {
  for (const format of TOKEN_FORMATS) {
    it(`${format.kind}: ${format.pattern}`, () => {
      for (const unit of adversarialUnits(format.hints)) {
        const test = (input: string) => {
          format.pattern.lastIndex = 0;
          format.pattern.test(input);
        };
        const ratio = growthRatio(test, repeated(unit, 10_000, '!'), repeated(unit, 100_000, '!'));
        expect(ratio, `unit ${JSON.stringify(unit)}`).toBeLessThan(30);
      }
    });
  }

  it('the whole scan of a 100 kB adversarial string stays linear', () => {
    const unit = 'eyJa-AKIA ghp_xoxb-sk-SG.key-npm_';
    const ratio = growthRatio((text) => findTokenFormat(text), repeated(unit, 10_000, ''), repeated(unit, 100_000, ''));
    expect(ratio).toBeLessThan(30);
  });
});

describe('placeholders', () => {
  it.each(['', '   ', 'changeme', 'change-me', 'CHANGE_ME', 'your-secret-here', 'YOUR_API_KEY', '<api-key>', '[password]', '{{token}}', '${JWT_SECRET}', 'xxxxxxxx', 'sk_test_xxxxxxxxxxxxxxxx', '********', '***', 'TODO', 'example-key', 'AKIAIOSFODNN7EXAMPLE', 'dummy', 'test', 'test-secret', 'placeholder', 'fake_token', 'mock-key', 'insert-key-here', 'redacted'])(
    '%j is a placeholder',
    (value) => {
      expect(isPlaceholder(value)).toBe(true);
    },
  );

  it.each(['keyboard cat', 'supersecret123', 's3cr3t-K3y!', 'q8Vh3nT0xK2rLw9ZpF6bYc1mJd4sGe7uNa5RiXoE', 'latest-key-2024', 'dev-secret'])('%j is not a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });

  it('tells a value marked for replacement from one that only names its place', () => {
    expect(isMarkedPlaceholder('your-secret-here')).toBe(true);
    expect(isMarkedPlaceholder('changeme')).toBe(true);
    expect(isPlaceholder('session_cookie_secret_key_here')).toBe(true);
    expect(isMarkedPlaceholder('session_cookie_secret_key_here')).toBe(false);
    expect(isPlaceholderSlot('<your-key>')).toBe(true);
    expect(isPlaceholderSlot('changeme')).toBe(false);
  });
});

describe('file paths', () => {
  it.each(['config.js', 'config/env/all.js', 'src/config/production.ts', 'settings.cjs', 'app/conf/db.mjs'])('%s is configuration', (file) => {
    expect(isConfigFile(file)).toBe(true);
  });

  it.each(['app.js', 'src/configure-app.ts', 'routes/settings-page/index.js', 'webpack.config.js'])('%s is not configuration', (file) => {
    expect(isConfigFile(file)).toBe(false);
  });

  it('finds test code by name, and by folder only below the project', () => {
    expect(isTestSource('/p/tests/authentication.component.spec.js', 'tests/authentication.component.spec.js')).toBe(true);
    expect(isTestSource('/p/test/security/profile-test.js', 'test/security/profile-test.js')).toBe(true);
    expect(isTestSource('/p/src/__mocks__/db.ts', 'src/__mocks__/db.ts')).toBe(true);
    expect(isTestSource('/home/test/app/server.js', 'server.js')).toBe(false);
    expect(isTestSource('/p/src/latest.js', 'src/latest.js')).toBe(false);
    expect(isTestSource('/p/contest/index.js', 'contest/index.js')).toBe(false);
  });
});

describe('non-secret shapes', () => {
  it.each([
    ['an error message', 'Password must be at least 8 characters'],
    ['an i18n key', 'auth.errors.invalidPassword'],
    ['a header name', 'x-api-key'],
    ['a field name', 'password'],
    ['a header value name', 'Authorization'],
    ['an environment variable name', 'JWT_SECRET'],
    ['a UUID', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ['a path', '/run/secrets/jwt'],
    ['a key file', 'keys/private.pem'],
    ['a URL', 'https://example.com/oauth/token'],
    ['a bcrypt hash', '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
    ['a public key', '-----BEGIN PUBLIC KEY-----\nMIIB'],
    ['a mongoose select', '+password'],
  ])('%s', (_what, value) => {
    expect(isNonSecretShape(value)).toBe(true);
  });

  it.each(['private', 'core', 'Passwort', 'Kennwort'])('%j is a label or enum word', (value) => {
    expect(isLabelOrEnumWord(value)).toBe(true);
  });

  it.each(['mysecret1', 'supersecret', 'Sup3r', 'keyboard cat'])('%j is not a label or enum word', (value) => {
    expect(isLabelOrEnumWord(value)).toBe(false);
  });

  it('a value that repeats its own name', () => {
    expect(isNonSecretShape('resetToken', ['reset', 'token'])).toBe(true);
  });

  it.each(['keyboard-cat-42', 'Sup3rS3cret!', 'hunter22', 'cs_4f5g6h7j'])('%j looks like a secret', (value) => {
    expect(isNonSecretShape(value)).toBe(false);
  });

  it('knows public keys', () => {
    expect(isPublicKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI')).toBe(true);
    expect(isPublicKey('-----BEGIN CERTIFICATE-----')).toBe(true);
    expect(isPublicKey('-----BEGIN PRIVATE KEY-----')).toBe(false);
  });
});

describe('secret names', () => {
  it('judges a repeated name the same way each time', () => {
    expect(secretNameOf('dbPassword')).toBe(secretNameOf('dbPassword'));
    expect(secretNameOf('dbPassword')).toEqual({ kind: 'password', strength: 'strong' });
  });

  it.each([
    ['secret', 'secret'],
    ['sessionSecret', 'secret'],
    ['JWT_SECRET', 'secret'],
    ['password', 'password'],
    ['db_passwd', 'password'],
    ['pwd', 'password'],
    ['apiKey', 'API key'],
    ['API_KEY', 'API key'],
    ['x-api-key', 'API key'],
    ['accessKey', 'access key'],
    ['privateKey', 'private key'],
    ['clientSecret', 'client secret'],
    ['secretAccessKey', 'AWS secret access key'],
    ['aws_secret_access_key', 'AWS secret access key'],
  ])('%s names a strong secret (%s)', (name, kind) => {
    expect(secretNameOf(name)).toEqual({ kind, strength: 'strong' });
  });

  it.each(['token', 'accessToken', 'auth', 'credentials', 'authorization'])('%s names a weak secret', (name) => {
    expect(secretNameOf(name)?.strength).toBe('weak');
  });

  it.each(['passwordField', 'tokenHeader', 'secretName', 'type', 'publicKey', 'csrfToken', 'nextPageToken', 'passwordHash', 'key', 'cacheKey', 'PWD', 'tokenType'])(
    '%s is not a secret name',
    (name) => {
      expect(secretNameOf(name)).toBeNull();
    },
  );

  it('derives environment variable names', () => {
    expect(environmentNameOf('dbPassword')).toBe('DB_PASSWORD');
    expect(environmentNameOf('apiKey')).toBe('API_KEY');
  });
});

describe('entropy', () => {
  it('measures bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('0123456789abcdef')).toBe(4);
  });

  it('counts character classes', () => {
    expect(characterClassCount('abc')).toBe(1);
    expect(characterClassCount('aB3')).toBe(3);
  });

  it('tells random keys from words and repeats', () => {
    expect(looksRandom('Ab3dE6gH9jK2mN5pQ8rS1tV4', 3.5)).toBe(true);
    expect(looksRandom('aaaabbbbccccdddd1234', 3.5)).toBe(false);
    expect(looksRandom('aaaabbbbccccdddd1234', 2)).toBe(true);
    expect(looksRandom('Ab3dE6gH9j', 3.5)).toBe(false);
    expect(looksRandom('abcdefghijklmnopqrstuvwxyz', 3.5)).toBe(false);
  });
});

describe('redaction', () => {
  it('shows the first four characters of a long value only', () => {
    expect(redact('sk_live_51H8aBcDeFgHiJkLmNoPqRsTuV')).toBe('sk_l…[redacted]');
  });

  it('shows nothing of a short value', () => {
    expect(redact('hunter22')).toBe('[redacted]');
  });
});

describe('passwords in URLs', () => {
  it('finds the password of a connection URL', () => {
    expect(urlPasswordOf('mongodb://admin:S3cretPw@db.internal:27017/app')).toEqual({ scheme: 'mongodb', password: 'S3cretPw' });
    // Only the reserved names count as documentation: a host that merely contains the word does not.
    expect(urlPasswordOf('postgres://app:Zx9vQ2mL7p@example-db.internal/app')).toEqual({ scheme: 'postgres', password: 'Zx9vQ2mL7p' });
    expect(urlPasswordOf('postgres://app:Zx9vQ2mL7p@myexample.com/app')).toEqual({ scheme: 'postgres', password: 'Zx9vQ2mL7p' });
    expect(urlPasswordOf('connect to postgres://app:p%40ss99@db/x now')).toEqual({ scheme: 'postgres', password: 'p%40ss99' });
    // A database's default account (`postgres:postgres`) opens the data like any other password.
    expect(urlPasswordOf('postgres://postgres:postgres@localhost/db')).toEqual({ scheme: 'postgres', password: 'postgres' });
    expect(urlPasswordOf('mongodb://admin:admin@10.0.0.5/app')).toEqual({ scheme: 'mongodb', password: 'admin' });
  });

  it('reads the user-info of a URL before any judgement, for URLs that reach a database client', () => {
    expect(urlUserInfoOf('mongodb://admin:admin@db.example.com/app')).toEqual({
      scheme: 'mongodb',
      user: 'admin',
      password: 'admin',
      decoded: 'admin',
      host: 'db.example.com',
    });
    expect(urlUserInfoOf('postgres://localhost/db')).toBeNull();
  });

  it.each([
    'mongodb://localhost:27017/app',
    'https://user@example.com/',
    'postgres://user:password@localhost/db',
    'https://admin:admin@localhost/',
    'mysql://root:<password>@localhost/db',
    'redis://:@localhost:6379',
    'https://example.com/a:b@c',
    'uri://foo:bar@example.com:1/path?query#fragment',
    'https://admin:Zx9vQ2mL7p@api.example.org/v1',
    'smtp://mailer:Zx9vQ2mL7p@mail.company.example',
    'ftp://u:Zx9vQ2mL7p@host.invalid/',
  ])('ignores %s', (url) => {
    expect(urlPasswordOf(url)).toBeNull();
  });
});

describe('secret arguments of known APIs', () => {
  it('names the key argument of jwt.sign and the environment variable to read', () => {
    const sign = SECRET_APIS.find((api) => api.modules.includes('jsonwebtoken') && api.paths.some((path) => path[0] === 'sign'));
    expect(sign?.secrets).toEqual([{ argument: 1, kind: 'JWT signing key', environment: 'JWT_SECRET' }]);
  });

  it('looks inside options objects by key path', () => {
    const mail = SECRET_APIS.find((api) => api.modules.includes('nodemailer'));
    expect(mail?.secrets[0]?.property).toEqual(['auth', 'pass']);
  });
});

describe('suggested environment variables', () => {
  // Only the fields the naming reads matter; the node itself is never looked at.
  const node = { type: 'Literal', value: 'x' } as unknown as StringNode;
  const jwtKey: SecretArgument = { argument: 1, kind: 'JWT signing key', environment: 'JWT_SECRET' };

  it.each<[string, ReachedLiteral, string | undefined]>([
    ['a literal given directly', { node }, 'JWT_SECRET'],
    ['a literal reached through a SCREAMING_CASE constant', { node, constant: 'APP_JWT_KEY' }, 'APP_JWT_KEY'],
    ['a fallback', { node, fallbackFor: '`process.env.JWT_SECRET`' }, undefined],
    ['an array element', { node, inArray: true }, undefined],
  ])('%s', (_, reached, expected) => {
    expect(suggestedEnvironment(reached, jwtKey)).toBe(expected);
  });
});

describe('key rings and weak-named credentials', () => {
  it('takes a short plural-named array for a key ring', () => {
    expect(isKeyRing('secrets', 2)).toBe(true);
    expect(isKeyRing('sessionKeys', 4)).toBe(true);
  });

  it('takes a long or singular-named array for a list', () => {
    expect(isKeyRing('secrets', 5)).toBe(false);
    expect(isKeyRing('badPasswords', 2)).toBe(false);
  });

  it('judges a credential without its authorization scheme', () => {
    expect(isRandomCredential('Bearer Ab3dE6gH9jK2mN5pQ8rS1tV4', 3.5)).toBe(true);
    expect(isRandomCredential('Ab3dE6gH9jK2mN5pQ8rS1tV4', 3.5)).toBe(true);
    expect(isRandomCredential('Bearer aaaabbbbccccdddd1234', 3.5)).toBe(false);
  });
});

describe('names and values found on real code', () => {
  it('reads only the name tables’ own keys: `constructor` is not a credential word', () => {
    expect(secretNameOf('FUNCTION_CONSTRUCTOR')).toBeNull();
    expect(secretNameOf('toString')).toBeNull();
    expect(secretNameOf('hasOwnProperty')).toBeNull();
  });

  it('treats `pass` after another word as weak (allPass, anyPass), and alone as a password', () => {
    expect(secretNameOf('allPass')).toEqual({ kind: 'password', strength: 'weak' });
    expect(secretNameOf('pass')).toEqual({ kind: 'password', strength: 'strong' });
  });

  it('does not take words run together for a random credential', () => {
    expect(isMadeOfWords('?NonExpressionParenEnd')).toBe(true);
    expect(isMadeOfWords('overEvery')).toBe(true);
    expect(isRandomCredential('?NonExpressionParenEnd', 3.5)).toBe(false);
    expect(isMadeOfWords('q8Vh3nT0xK2rLw9ZpF6bYc1m')).toBe(false);
    expect(isMadeOfWords('qwErTyUiOpAsDfGhJkLz')).toBe(false);
  });

  it('lets common two-letter words join longer ones, and no other two letters', () => {
    expect(isMadeOfWords('?InterpolationInTemplate')).toBe(true);
    expect(isMadeOfWords('?InterpolationInJSX')).toBe(true);
    expect(isRandomCredential('?InterpolationInTemplate', 3)).toBe(false);
    expect(isMadeOfWords('QzInTemplate')).toBe(false);
    expect(isMadeOfWords('AbCdEfGhJkLm')).toBe(false);
  });
});

/** The one string literal or template of `code` whose text (a template's first static part) starts with `marker`. */
function stringNamed(code: string, marker: string): StringNode {
  const { sourceCode } = analyze(code, { javascript: true }).index;
  let found: StringNode | null = null;
  walk(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (node.type === 'Literal' && typeof node.value === 'string' && node.value.startsWith(marker)) found = node as StringNode;
    if (node.type === 'TemplateLiteral' && (node.quasis[0]?.value.cooked ?? '').startsWith(marker)) found = node;
  });
  if (!found) throw new Error(`no string starting with ${marker}`);
  return found;
}

/** What the traversal keeps for the rule's judgement, of a string literal or a template. */
function kept(code: string, marker: string): boolean {
  const node = stringNamed(code, marker);
  return node.type === 'Literal' ? mayHoldSecret(node as never) : templateMayHoldSecret(node);
}

describe('the strings kept for judgement', () => {
  it.each([
    ['a token format in a call argument', `log('AKIA4QZ7RMXH2WBN5TYE');`, 'AKIA'],
    ['a URL in an operand', `const u = base + 'postgres://app:pw@db/app';`, 'postgres'],
    ['a short value under a secret name', `const config = { password: 'hunter22' };`, 'hunter'],
    ['a short value under a secret const', `const apiKey = 'k3y';`, 'k3y'],
    ['a short value assigned to a secret name', `exports.sessionSecret = 'cat';`, 'cat'],
    ['a class field under a secret name', `class Client { apiKey = 'k3y'; }`, 'k3y'],
    ['a fallback', `const s = process.env.S || 'dev';`, 'dev'],
    ['an array element (a key list)', `const keys = ['a1', 'b2'];`, 'a1'],
    ['a template without expressions under a secret name', 'const password = `hunter22`;', 'hunter'],
    ['a token in a static part of a template', 'const url = `https://x.test/${p}?key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q`;', 'https'],
    ['a URL password around an expression', 'const url = `mongodb://app:${pw}@db/app`;', 'mongodb'],
  ])('keeps %s', (_name, code, marker) => {
    expect(kept(code, marker)).toBe(true);
  });

  it.each([
    ['a long message given to a call', `throw new Error('could not find the user in the database, check the id');`, 'could'],
    ['a long value under a name that says nothing', `const description = 'A long description of the application and its parts';`, 'A long'],
    ['a long property value under a plain key', `const o = { title: 'A long title that is nothing but a sentence of words' };`, 'A long'],
    ['a value assigned to a name that says nothing', `exports.title = 'Home';`, 'Home'],
    ['a class field under a name that says nothing', `class Page { title = 'Home'; }`, 'Home'],
    ['a long compared string', `if (kind === 'a long label compared with something else') run();`, 'a long'],
    ['a template message with an expression', 'log(`could not find the user ${id} in the database, check the id`);', 'could'],
    ['an empty string', `const password = '';`, ''],
  ])('drops %s', (_name, code, marker) => {
    expect(kept(code, marker)).toBe(false);
  });
});
