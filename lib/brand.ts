/**
 * `instanceof` fails across module instances: under `next start`, instrumentation and every route handler
 * load their own copy of a module, so an error thrown by an object that one copy built (and keeps on
 * `globalThis`: the provider, the storage, the reconciler) is not an instance of another copy's class.
 * Classes whose instances may cross that boundary carry a brand under a process-wide symbol instead, and
 * are recognised by it. ESLint forbids `instanceof` on them (eslint.config.mjs).
 */
export function createBrand<T extends object>(name: string) {
  const key = Symbol.for(`luma-studio.brand.${name}`);
  return {
    mark(target: T): void {
      Object.defineProperty(target, key, { value: true, enumerable: false });
    },
    is(value: unknown): value is T {
      return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[key] === true;
    },
  };
}
