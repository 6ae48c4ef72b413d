/**
 * `build()`'s result, built the first time anything reads it rather than now. A handler wires every
 * repository its routes need at cold start, but one request uses one or two of them; a repository builds
 * its ElectroDB entities when it is built (≈ 1–2 ms of CPU each), so the rest wait for the first request
 * that uses them. For plain objects of functions (repositories, stores): a Proxy forwards every read,
 * write, key listing and `in` to the built object. Not for what every request needs (tenants, users): that only
 * moves the same work into the first request.
 */
export function onFirstUse<T extends object>(build: () => T): T {
  let built: T | undefined;
  const target = () => {
    built ??= build();
    return built;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, value),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // A proxy may report a property only as configurable unless its own (empty) target holds it.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
