/**
 * Modules whose calls do work worth limiting, as data: databases, the file system, child
 * processes, image processing, password hashing and outbound requests.
 */

/** Modules every call of which does expensive work. */
export const EXPENSIVE_MODULES: ReadonlySet<string> = new Set([
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'fs-extra',
  'child_process',
  'node:child_process',
  'execa',
  'bcrypt',
  'bcryptjs',
  'argon2',
  'sharp',
  'pg',
  'mysql',
  'mysql2',
  'mysql2/promise',
  'mongodb',
  'mongoose',
  'sequelize',
  'knex',
  'redis',
  'ioredis',
  'sqlite3',
  'better-sqlite3',
  '@prisma/client',
  'typeorm',
  'axios',
  'node-fetch',
  'got',
  'undici',
  'superagent',
  'request',
  'needle',
  'http',
  'https',
  'node:http',
  'node:https',
]);

/** The functions of node's crypto module that are expensive: key derivation and generation, not hashes. */
export const EXPENSIVE_CRYPTO = /^(?:pbkdf2|pbkdf2Sync|scrypt|scryptSync|generateKeyPair|generateKeyPairSync|randomFill)$/;
