import { createRule } from '../util/create-rule';

export type Options = [];
export type MessageIds = 'placeholder';

// Work in progress: the rule is registered so that configs and docs stay stable.
export const requireRateLimit = createRule<Options, MessageIds>({
  name: 'require-rate-limit',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a rate limiter in front of authentication and account-recovery routes',
      recommended: true,
      cwe: ['CWE-307', 'CWE-770'],
    },
    messages: { placeholder: 'Not implemented yet.' },
    schema: [],
  },
  defaultOptions: [],
  create() {
    return {};
  },
});
