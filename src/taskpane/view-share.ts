import type { PaneView } from "./engine-core";

/** `next`, with every part equal to `previous`'s replaced by `previous`'s own object (the whole of `previous` when all are equal). */
export function shareView(previous: PaneView | undefined, next: PaneView): PaneView {
  if (!previous) return next;
  return reuse(previous, next) as PaneView;
}

/** Plain data (what a worker's message carries: objects, arrays, primitives): `b`, or `a` where deep-equal, part by part. */
function reuse(a: unknown, b: unknown): unknown {
  if (a === b || typeof a !== "object" || typeof b !== "object" || a === null || b === null) return Object.is(a, b) ? a : b;
  if (Array.isArray(a) !== Array.isArray(b) || (!Array.isArray(b) && !(plain(a) && plain(b)))) return b;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    // A list of projects or findings: keyed by position (the engine keeps its order from one answer to the next).
    const out = bs.map((x, i) => (i < a.length ? reuse(a[i], x) : x));
    return a.length === bs.length && out.every((x, i) => x === a[i]) ? a : out;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(bo);
  let same = keys.length === Object.keys(ao).length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    out[k] = k in ao ? reuse(ao[k], bo[k]) : bo[k];
    if (!(k in ao) || out[k] !== ao[k]) same = false;
  }
  return same ? a : out;
}

/** An object literal's kind, from any realm (not a Map, Set, Date or class instance, whose contents Object.keys does not show). */
function plain(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return Object.prototype.toString.call(x) === "[object Object]" && (proto === null || Object.getPrototypeOf(proto) === null);
}
