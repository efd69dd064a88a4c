import type { TSESLint } from '@typescript-eslint/utils';
import { noAuthWithoutAuthz } from './no-auth-without-authz';
import { noHardcodedSecret } from './no-hardcoded-secret';
import { noUnguardedFetch } from './no-unguarded-fetch';
import { requireHelmet } from './require-helmet';
import { requireRateLimit } from './require-rate-limit';
import { requireValidation } from './require-validation';

/** Rule id -> rule, sorted by id. */
export const rules = {
  'no-auth-without-authz': noAuthWithoutAuthz,
  'no-hardcoded-secret': noHardcodedSecret,
  'no-unguarded-fetch': noUnguardedFetch,
  'require-helmet': requireHelmet,
  'require-rate-limit': requireRateLimit,
  'require-validation': requireValidation,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

export type RuleId = keyof typeof rules;
