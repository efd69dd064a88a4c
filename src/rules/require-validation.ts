import { createRule } from '../util/create-rule';

export type Options = [];
export type MessageIds = 'placeholder';

// Work in progress: the rule is registered so that configs and docs stay stable.
export const requireValidation = createRule<Options, MessageIds>({
  name: 'require-validation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require validation of request input before a handler reads it',
      recommended: true,
      cwe: ['CWE-20'],
    },
    messages: { placeholder: 'Not implemented yet.' },
    schema: [],
  },
  defaultOptions: [],
  create() {
    return {};
  },
});
