/**
 * The entry a table of words has for `key`, its own entries only. Typed text is looked up in such
 * tables (answers, months, roles): `constructor`, `__proto__` or `toString` is a word nobody
 * defined, never a property every object inherits.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
