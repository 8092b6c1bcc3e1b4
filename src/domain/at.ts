/**
 * Indexed reads where the index is known to be in range (a row found a moment ago, a
 * column of a fixed layout). Out of range is a broken invariant, not bad input: it
 * throws an error that says which list and which index, instead of going on with
 * `undefined`.
 */
export function at<T>(items: readonly T[], i: number, what = "item"): T {
  if (!Number.isInteger(i) || i < 0 || i >= items.length) throw new RangeError(`${what} ${i} is out of range (${items.length} in all)`);
  return items[i] as T;
}

/** A map's value for a key that was put there: a clear error when it is missing. */
export function got<K, V>(map: ReadonlyMap<K, V>, key: K, what = "key"): V {
  const v = map.get(key);
  if (v === undefined) throw new RangeError(`${what} ${String(key)} is missing`);
  return v;
}

/** A column (or any field) of a record that the layout guarantees: a clear error when it is not there. */
export function need<T>(record: Readonly<Record<string, T>>, field: string, what = "column"): T {
  const v = record[field];
  if (v === undefined) throw new RangeError(`${what} «${field}» is missing`);
  return v;
}

/** Group `i` of a match whose pattern always captures it. */
export function group(m: RegExpMatchArray, i: number): string {
  const s = m[i];
  if (s === undefined) throw new RangeError(`group ${i} did not match in «${m.input ?? m[0]}»`);
  return s;
}
