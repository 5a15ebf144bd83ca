/** One step of a JSON selector: an object key, or an array index. */
export type Step = string | number;

export interface Selector {
  readonly text: string;
  readonly steps: readonly Step[];
}

/** What a selector finds when the path is not in the event. */
export const MISSING: unique symbol = Symbol('missing');

const IDENT = /[A-Za-z0-9_-]/;

/**
 * Reads a selector such as `$.a.b`, `$.users[0].id`, `$.coordinates[0][1]` or, for keys with
 * other characters, `$.['cluster.name']` / `$["@timestamp"]`. Returns undefined when `src` has
 * no selector at `pos`.
 */
export function readSelector(
  src: string,
  pos: number,
): { operand: Selector; end: number } | undefined {
  if (src[pos] !== '$') return undefined;
  const steps: Step[] = [];
  let i = pos + 1;
  for (;;) {
    if (src[i] === '.' && IDENT.test(src[i + 1] ?? '')) {
      let j = i + 1;
      while (j < src.length && IDENT.test(src[j]!)) j++;
      steps.push(src.slice(i + 1, j));
      i = j;
      continue;
    }
    const bracket = src[i] === '[' ? i : src[i] === '.' && src[i + 1] === '[' ? i + 1 : -1;
    if (bracket < 0) break;
    const index = /^\[(\d+)\]/.exec(src.slice(bracket, bracket + 24));
    if (index && bracket === i) {
      steps.push(Number(index[1]));
      i = bracket + index[0].length;
      continue;
    }
    const quote = src[bracket + 1];
    if (quote !== "'" && quote !== '"') break;
    const close = src.indexOf(`${quote}]`, bracket + 2);
    if (close < 0) break;
    steps.push(src.slice(bracket + 2, close));
    i = close + 2;
  }
  if (steps.length === 0) return undefined;
  return { operand: { text: src.slice(pos, i), steps }, end: i };
}

/** Follows a selector through a parsed event; MISSING when any step is absent. */
export function resolve(root: unknown, steps: readonly Step[]): unknown {
  let node = root;
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    if (typeof step === 'number') {
      if (!Array.isArray(node) || step >= node.length) return MISSING;
      node = node[step];
    } else {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return MISSING;
      if (!Object.hasOwn(node, step)) return MISSING;
      node = (node as Record<string, unknown>)[step];
    }
  }
  return node;
}
