/**
 * What a parsed JSON body may hold that the proof schema does not catch but
 * that must never reach the store:
 *
 * - a lone UTF-16 surrogate (`"\ud800"` is valid JSON): RFC 8785 cannot
 *   canonicalize it, so the record could not be hashed or chained;
 * - a `__proto__` key: `JSON.parse` keeps it as a plain own key, but copying
 *   the value (zod does, for `choices.services`) turns it into a prototype
 *   assignment that silently drops the entry — what is stored would differ
 *   from what the visitor's browser sent.
 *
 * The walk is iterative: a 64 KB body can nest 30,000 levels deep.
 */

import { LONE_SURROGATE } from '@consentry/core';

/** A position in the body, linked to its parent: paths are only spelled out for the hazard found. */
interface At {
  parent: At | undefined;
  key: string | number;
}

function spell(at: At | undefined): string {
  const keys: (string | number)[] = [];
  for (let a = at; a; a = a.parent) keys.push(a.key);
  if (keys.length === 0) return 'body';
  const text = keys
    .reverse()
    .reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key), '');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Names the first hazard in `value` (`"choices.services: the key __proto__ is
 * not allowed"`), or returns undefined when there is none.
 *
 * @example
 * hostileJson(JSON.parse('{"a":"\\ud800"}')); // 'a: text holds a lone surrogate (not valid Unicode)'
 */
export function hostileJson(value: unknown): string | undefined {
  const stack: [unknown, At | undefined][] = [[value, undefined]];
  while (stack.length > 0) {
    const [node, at] = stack.pop()!;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return `${spell(at)}: text holds a lone surrogate (not valid Unicode)`;
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], { parent: at, key: i }]);
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        if (key === '__proto__') return `${spell(at)}: the key __proto__ is not allowed`;
        if (LONE_SURROGATE.test(key)) return `${spell(at)}: a key holds a lone surrogate (not valid Unicode)`;
        stack.push([(node as Record<string, unknown>)[key], { parent: at, key }]);
      }
    }
  }
  return undefined;
}
