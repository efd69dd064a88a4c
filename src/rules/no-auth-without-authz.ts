import { createRule } from '../util/create-rule';

export type Options = [];
export type MessageIds = 'placeholder';

// Work in progress: the rule is registered so that configs and docs stay stable.
export const noAuthWithoutAuthz = createRule<Options, MessageIds>({
  name: 'no-auth-without-authz',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow authenticated routes that load or change a resource by a client-supplied id without an authorization check',
      recommended: true,
      cwe: ['CWE-639', 'CWE-862', 'CWE-285'],
    },
    messages: { placeholder: 'Not implemented yet.' },
    schema: [],
  },
  defaultOptions: [],
  create() {
    return {};
  },
});
