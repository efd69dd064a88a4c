import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { literalString, propertyName, unwrap } from '../engine/ast';
import type { FileIndex } from '../engine/file-index';
import { objectOf, propertyNamed } from '../engine/objects';
import { DEFAULT_DIRECTIVES, isHelmetCall, PROTECTIONS, SCRIPT_DIRECTIVES, UNSAFE_SOURCES } from '../libraries/headers';

/** A helmet option set to `false` that switches a protection off: `frameguard: false`. */
export interface DisabledProtection {
  kind: 'disabledProtection';
  property: TSESTree.Property;
  option: string;
  /** What the option protects, in words. */
  protection: string;
}

/** A script source of a Content-Security-Policy given to helmet that lets injected scripts run. */
export interface UnsafeScriptSource {
  kind: 'unsafeScriptSource';
  node: Node;
  /** The directive that allows it, as written: `scriptSrc`, `default-src`. */
  directive: string;
  source: string;
}

export type WeakenedProtection = DisabledProtection | UnsafeScriptSource;

function isFalse(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.Literal && inner.value === false;
}

/**
 * What the options of the file's helmet calls switch off or weaken, call after call:
 * `helmet({ frameguard: false })`, a CSP of `helmet({ contentSecurityPolicy: {...} })` or of
 * `helmet.contentSecurityPolicy({...})` whose scripts may come from anywhere.
 */
export function weakenedProtections(index: FileIndex): WeakenedProtection[] {
  if (!index.mayImport(['helmet'])) return [];
  const found: WeakenedProtection[] = [];
  for (const call of index.calls) {
    if (!isHelmetCall(call, index)) continue;
    const origin = index.originOf(call.callee);
    const exported = origin?.path[0];
    const options = objectOf(call.arguments[0], index);
    if (!options) continue;
    if (exported === 'contentSecurityPolicy') {
      found.push(...unsafeDirectives(index, options));
      continue;
    }
    if (exported !== undefined) continue;
    for (const property of options.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const name = propertyName(property);
      if (name === null) continue;
      const protection = PROTECTIONS[name];
      if (protection && isFalse(property.value)) {
        found.push({ kind: 'disabledProtection', property, option: name, protection });
      } else if (name === 'contentSecurityPolicy') {
        const csp = objectOf(property.value, index);
        if (csp) found.push(...unsafeDirectives(index, csp));
      }
    }
  }
  return found;
}

/** The unsafe script source of a CSP's options (`{ directives: { scriptSrc: [...] } }`), when there is one. */
function unsafeDirectives(index: FileIndex, cspOptions: TSESTree.ObjectExpression): UnsafeScriptSource[] {
  const directivesProperty = propertyNamed(cspOptions, ['directives']);
  const directives = directivesProperty ? objectOf(directivesProperty.value, index) : null;
  if (!directives) return [];
  const script = propertyNamed(directives, SCRIPT_DIRECTIVES) ?? propertyNamed(directives, DEFAULT_DIRECTIVES);
  if (!script) return [];
  const unsafe = unsafeSourceIn(script);
  if (!unsafe) return [];
  return [{ kind: 'unsafeScriptSource', node: unsafe.node, directive: propertyName(script) ?? 'script-src', source: unsafe.source }];
}

/** The first source of a script directive that lets injected scripts run. */
function unsafeSourceIn(property: TSESTree.Property): { node: Node; source: string } | null {
  const value = unwrap(property.value);
  const sources = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  for (const element of sources) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) continue;
    const text = literalString(element);
    if (text === null) continue;
    const unsafe = text.split(/\s+/).find((token) => UNSAFE_SOURCES.has(token));
    if (unsafe) return { node: element, source: unsafe };
  }
  return null;
}
