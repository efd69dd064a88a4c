import { createRule } from '../util/create-rule';

export type Options = [];
export type MessageIds = 'placeholder';

// Work in progress: the rule is registered so that configs and docs stay stable.
export const noHardcodedSecret = createRule<Options, MessageIds>({
  name: 'no-hardcoded-secret',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow secrets written into source code',
      recommended: true,
      cwe: ['CWE-798', 'CWE-259', 'CWE-321'],
    },
    messages: { placeholder: 'Not implemented yet.' },
    schema: [],
  },
  defaultOptions: [],
  create() {
    return {};
  },
});
