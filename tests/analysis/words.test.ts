import { describe, expect, it } from 'vitest';
import { asciiWordsOf, unicodeWordsOf, wordsOf } from '../../src/analysis/engine/words';

describe('wordsOf: one splitter for names, route paths and type names', () => {
  it('splits camelCase, snake_case, SCREAMING_CASE and kebab-case (secret names)', () => {
    expect(wordsOf('dbPassword')).toEqual(['db', 'password']);
    expect(wordsOf('APIKey')).toEqual(['api', 'key']);
    expect(wordsOf('client_secret')).toEqual(['client', 'secret']);
    expect(wordsOf('JWT_SECRET')).toEqual(['jwt', 'secret']);
    expect(wordsOf('x-api-key')).toEqual(['x', 'api', 'key']);
  });

  it('splits route path segments (sensitive paths)', () => {
    expect(wordsOf('forgot-password')).toEqual(['forgot', 'password']);
    expect(wordsOf('resetPassword')).toEqual(['reset', 'password']);
    expect(wordsOf('v1Login')).toEqual(['v1', 'login']);
    expect(wordsOf('log_in')).toEqual(['log', 'in']);
  });

  it('keeps the capitals after a digit together', () => {
    expect(wordsOf('2FA')).toEqual(['2fa']);
    expect(wordsOf('verify2FA')).toEqual(['verify2fa']);
  });

  it('splits type and property names (principal words)', () => {
    expect(wordsOf('currentUser')).toEqual(['current', 'user']);
    expect(wordsOf('IAccount')).toEqual(['i', 'account']);
    expect(wordsOf('auth_user')).toEqual(['auth', 'user']);
    expect(wordsOf('JwtClaims')).toEqual(['jwt', 'claims']);
    expect(wordsOf('Auth0User')).toEqual(['auth0', 'user']);
    expect(wordsOf('OAuth2Token')).toEqual(['o', 'auth2', 'token']);
  });

  it('splits non-ASCII names by Unicode letter classes', () => {
    expect(wordsOf('motDePasséAdmin')).toEqual(['mot', 'de', 'passé', 'admin']);
    expect(wordsOf('ПарольБазы')).toEqual(['пароль', 'базы']);
  });

  it('splits ASCII names on its fast path exactly as the Unicode path does', () => {
    // Deterministic pseudo-random names over the characters that decide a split.
    const alphabet = 'aZbY09_-$. Kk';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let sample = 0; sample < 2000; sample++) {
      const length = next() % 12;
      let name = '';
      for (let i = 0; i < length; i++) name += alphabet[next() % alphabet.length];
      expect(asciiWordsOf(name), name).toEqual(unicodeWordsOf(name));
    }
  });
});
