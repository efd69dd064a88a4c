/**
 * Modules that check a credential, as data: password hashing, one-time passwords, and node's
 * crypto module.
 */

/** Modules whose compare-style function checks a password against its hash. */
export const PASSWORD_HASH_MODULES: ReadonlySet<string> = new Set(['bcrypt', 'bcryptjs', 'bcrypt-nodejs', '@node-rs/bcrypt', 'argon2', '@node-rs/argon2']);
export const HASH_CHECK_METHODS: ReadonlySet<string> = new Set(['compare', 'compareSync', 'verify', 'verifySync']);
/** Modules with a one-time-password check. */
export const OTP_MODULES: ReadonlySet<string> = new Set(['speakeasy', 'otplib', 'otpauth', 'notp', 'node-2fa', 'totp-generator', '@otplib/core']);
export const OTP_CHECK_METHODS: ReadonlySet<string> = new Set(['verify', 'check', 'verifyToken', 'validate', 'validateToken', 'verifyDelta']);
/** Node's crypto module, under both its names. */
export const CRYPTO_MODULES: ReadonlySet<string> = new Set(['crypto', 'node:crypto']);
