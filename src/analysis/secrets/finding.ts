import type { StringNode } from './string-literals';

/** A literal that holds a secret: what the rule reports, and what its suggestion offers. */
export interface SecretFinding {
  node: StringNode;
  value: string;
  kind: string;
  /** Set for a fallback: what the literal stands in for (`process.env.JWT_SECRET`). */
  fallbackFor?: string;
  /** The environment variable a suggestion reads instead of the literal. */
  environment?: string;
  /** It reads like a stand-in (`keyboard cat`, `changeme`), but it is the value the app runs with. */
  placeholder?: boolean;
}
