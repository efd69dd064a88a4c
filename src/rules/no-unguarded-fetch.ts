import { createRule } from '../util/create-rule';

export type Options = [];
export type MessageIds = 'placeholder';

// Work in progress: the rule is registered so that configs and docs stay stable.
export const noUnguardedFetch = createRule<Options, MessageIds>({
  name: 'no-unguarded-fetch',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow outbound requests whose URL comes from request data without an allowlist guard',
      recommended: true,
      cwe: ['CWE-918'],
    },
    messages: { placeholder: 'Not implemented yet.' },
    schema: [],
  },
  defaultOptions: [],
  create() {
    return {};
  },
});
