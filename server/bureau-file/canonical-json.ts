/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) for the values a manifest holds: objects, arrays,
 * strings, safe integers, booleans and null. Keys are sorted by their UTF-16 code units (which is how
 * Array.prototype.sort compares strings), with no whitespace; strings and integers are serialized as
 * ECMAScript's JSON.stringify does, which is what RFC 8785 3.2.2 prescribes. JCS libraries exist for
 * most languages, so a bureau can rebuild these bytes without our code.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new RangeError(`canonical JSON holds whole numbers only, got ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}
