import { describe, expect, it } from 'vitest';
import { asciiWordsOf, unicodeWordsOf, wordsOf } from '../../src/analysis/engine/words';

describe('wordsOf: one splitter for names, route paths and type names', () => {
  it('splits identifiers and environment names (secret names)', () => {
    expect(wordsOf('dbPassword')).toEqual(['db', 'password']);
    expect(wordsOf('APIKey')).toEqual(['api', 'key']);
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

  it('splits non-ASCII names by Unicode letter classes, as the ASCII path does', () => {
    expect(wordsOf('motDePasséAdmin')).toEqual(['mot', 'de', 'passé', 'admin']);
    expect(unicodeWordsOf('v1Login')).toEqual(asciiWordsOf('v1Login'));
    expect(unicodeWordsOf('Auth0User')).toEqual(asciiWordsOf('Auth0User'));
  });
});
