/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) for plain JSON values.
 *
 * Written here rather than taken from the `canonicalize` package (the reference implementation by
 * the RFC's author): its current releases (3.x and later) are ES modules whose `exports` map has
 * only an `import` condition, so `require('canonicalize')` from our CommonJS build fails with
 * ERR_PACKAGE_PATH_NOT_EXPORTED (and 5.x needs Node 22). Its last CommonJS release (2.1.0) is a
 * devDependency, and canonical-json.spec.ts checks this function against it.
 *
 * RFC 8785 in short: no whitespace; object members sorted by their names' UTF-16 code units
 * (what `Array.prototype.sort` does by default); strings and numbers serialised exactly as
 * ECMAScript's JSON.stringify does (shortest round-trip numbers, minimal escapes).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Canonical JSON has no ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
        return out + ']';
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(member);
        first = false;
      }
      return out + '}';
    }
    default:
      throw new TypeError(`Canonical JSON cannot hold a ${typeof value}`);
  }
}
