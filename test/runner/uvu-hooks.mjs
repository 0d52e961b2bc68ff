/**
 * Module resolution hook for the test run: a test file's `import … from 'uvu'` gets test/runner/uvu.ts,
 * which wraps uvu's public `suite()` with the per-suite time limit, the pass/fail count and temp-folder
 * clean-up. Everything else, uvu's own modules and the wrapper itself, gets the real package.
 */
const WRAPPER = new URL('./uvu.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const parent = context.parentURL ?? '';
  if (specifier === 'uvu' && parent !== WRAPPER && !parent.includes('/node_modules/')) return next(WRAPPER, context);
  return next(specifier, context);
}
