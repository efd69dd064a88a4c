import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { parseSettings, SettingsError, settingsOf } from '../src/analysis/engine/settings';
import plugin from '../src/index';

const APP_WITHOUT_HELMET = `import express from 'express';
import { browserPolicy } from './policy';
const app = express();
app.use(browserPolicy());
app.get('/', (req, res) => res.send('ok'));
`;

/** Lints a small app with the recommended config and the given shared settings, as a user would. */
function lintWithSettings(settings: unknown, code = APP_WITHOUT_HELMET): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      { files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
      plugin.configs.recommended as Linter.Config,
      { settings: { 'express-security': settings } },
    ],
    'app.js',
  );
}

function ruleIds(messages: Linter.LintMessage[]): string[] {
  return messages.map((message) => message.ruleId ?? 'fatal');
}

describe("settings['express-security']: each key read into its place", () => {
  it('reads no settings as empty lists', () => {
    const settings = parseSettings(undefined);
    expect([...settings.middleware.headers]).toEqual([]);
    expect([...settings.middleware.rateLimit]).toEqual([]);
    expect([...settings.middleware.validation]).toEqual([]);
    expect([...settings.middleware.authentication]).toEqual([]);
    expect([...settings.middleware.authorization]).toEqual([]);
    expect([...settings.appliedElsewhere]).toEqual([]);
    expect([...settings.urlGuards]).toEqual([]);
  });

  it('reads every key, each into the defense it names', () => {
    const settings = parseSettings({
      'express-security': {
        authenticationMiddleware: ['requireUser'],
        authorizationMiddleware: ['canEditPost', 'isOwner'],
        validationMiddleware: ['validateBody'],
        rateLimitMiddleware: ['throttle'],
        headerMiddleware: ['secureHeaders'],
        appliedElsewhere: ['rateLimit', 'headers', 'validation', 'authorization'],
        urlGuards: ['assertAllowedUrl'],
      },
    });
    expect([...settings.middleware.authentication]).toEqual(['requireUser']);
    expect([...settings.middleware.authorization]).toEqual(['canEditPost', 'isOwner']);
    expect([...settings.middleware.validation]).toEqual(['validateBody']);
    expect([...settings.middleware.rateLimit]).toEqual(['throttle']);
    expect([...settings.middleware.headers]).toEqual(['secureHeaders']);
    expect([...settings.appliedElsewhere].sort()).toEqual(['authorization', 'headers', 'rateLimit', 'validation']);
    expect([...settings.urlGuards]).toEqual(['assertAllowedUrl']);
  });

  it('ignores the settings of other plugins', () => {
    const settings = parseSettings({ react: { version: 'detect' }, 'express-security': { urlGuards: ['isSafe'] } });
    expect([...settings.urlGuards]).toEqual(['isSafe']);
  });
});

describe('settings read once per config', () => {
  it('gives the same reading for the same settings object, and a new one for another', () => {
    const settings = { 'express-security': { urlGuards: ['isAllowedUrl'] } };
    const first = settingsOf(settings);
    expect(settingsOf(settings)).toBe(first);
    expect([...first.urlGuards]).toEqual(['isAllowedUrl']);
    const other = settingsOf({ 'express-security': { urlGuards: [] } });
    expect(other).not.toBe(first);
    expect(other.urlGuards.size).toBe(0);
  });

  it('reads a config without our key as the defaults, whatever object ESLint hands over', () => {
    expect(settingsOf({})).toBe(settingsOf({ other: 1 }));
    expect(settingsOf(undefined)).toEqual(parseSettings({}));
  });

  it('still rejects a bad key on the first reading of a config', () => {
    expect(() => settingsOf({ 'express-security': { urlGuard: [] } })).toThrow(SettingsError);
  });
});

describe('settings accepted by ESLint with the recommended config', () => {
  it('accepts every key with the right shape', () => {
    const messages = lintWithSettings({
      authenticationMiddleware: ['requireUser'],
      authorizationMiddleware: ['canEditPost'],
      validationMiddleware: ['validateBody'],
      rateLimitMiddleware: ['throttle'],
      headerMiddleware: ['secureHeaders'],
      appliedElsewhere: ['rateLimit', 'headers', 'validation', 'authorization'],
      urlGuards: ['assertAllowedUrl'],
    });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
  });

  it('accepts empty lists and an empty object', () => {
    expect(() => lintWithSettings({})).not.toThrow();
    expect(() =>
      lintWithSettings({
        authenticationMiddleware: [],
        authorizationMiddleware: [],
        validationMiddleware: [],
        rateLimitMiddleware: [],
        headerMiddleware: [],
        appliedElsewhere: [],
        urlGuards: [],
      }),
    ).not.toThrow();
  });

  it('headerMiddleware makes a named middleware count as helmet', () => {
    expect(ruleIds(lintWithSettings({}))).toEqual(['express-security/require-helmet']);
    expect(ruleIds(lintWithSettings({ headerMiddleware: ['browserPolicy'] }))).toEqual([]);
  });

  it("appliedElsewhere: ['headers'] says the app gets its headers in another file", () => {
    expect(ruleIds(lintWithSettings({ appliedElsewhere: ['rateLimit'] }))).toEqual(['express-security/require-helmet']);
    expect(ruleIds(lintWithSettings({ appliedElsewhere: ['headers'] }))).toEqual([]);
  });
});

describe('settings rejected with an error that names the key', () => {
  it.each([
    ['authenticationMiddleware', 'requireUser'],
    ['authorizationMiddleware', { canEditPost: true }],
    ['validationMiddleware', [42]],
    ['rateLimitMiddleware', null],
    ['headerMiddleware', 'helmet'],
    ['appliedElsewhere', 'headers'],
    ['urlGuards', [['isSafe']]],
  ])('%s with a wrong shape', (key, value) => {
    expect(() => lintWithSettings({ [key]: value })).toThrow(
      `settings['express-security'].${key} must be an array of strings.`,
    );
    expect(() => parseSettings({ 'express-security': { [key]: value } })).toThrow(SettingsError);
  });

  it('an unknown key, naming it and the known keys', () => {
    expect(() => lintWithSettings({ authMiddleware: ['requireUser'] })).toThrow(
      "settings['express-security'] has an unknown key 'authMiddleware'; known keys are headerMiddleware, rateLimitMiddleware, validationMiddleware, authenticationMiddleware, authorizationMiddleware, appliedElsewhere, urlGuards, followImports.",
    );
  });

  it('a misspelled key is unknown, not silently ignored', () => {
    expect(() => lintWithSettings({ rateLimitMiddlewares: ['throttle'] })).toThrow(/unknown key 'rateLimitMiddlewares'/);
  });

  it('an unknown defense in appliedElsewhere, naming it', () => {
    expect(() => lintWithSettings({ appliedElsewhere: ['headers', 'csrf'] })).toThrow(
      "settings['express-security'].appliedElsewhere has an unknown defense 'csrf'; known defenses are headers, rateLimit, validation, authentication, authorization.",
    );
  });

  it('a settings value that is not an object', () => {
    expect(() => lintWithSettings(['headers'])).toThrow("settings['express-security'] must be an object.");
    expect(() => lintWithSettings('strict')).toThrow("settings['express-security'] must be an object.");
  });

  it.each(Object.keys(plugin.rules))('a bad key fails a run with %s alone on', (ruleName) => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
      {
        plugins: { 'express-security': plugin as never },
        rules: { [`express-security/${ruleName}`]: 'error' },
        settings: { 'express-security': { rateLimitMiddlewares: ['throttle'] } },
      },
    ];
    expect(() => linter.verify("const password = 'x';", config, 'app.js')).toThrow(/unknown key 'rateLimitMiddlewares'/);
  });

  it('names the rule and file the error surfaced in, so the user can find the config', () => {
    expect(() => lintWithSettings({ urlGuard: ['isSafe'] })).toThrow(/Occurred while linting app\.js/);
  });
});
