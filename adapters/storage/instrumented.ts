/**
 * A Store that reports every failed operation (its method name) before passing the failure on, for the
 * k8sbot_storage_errors_total metric. Nothing else changes: same results, same errors, same timing.
 */
import type { Store } from './port.js';

export function instrumentStore(store: Store, onError: (operation: string, err: unknown) => void): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'close') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (err) {
          onError(property, err);
          throw err;
        }
        if (result instanceof Promise) {
          return result.catch((err: unknown) => {
            onError(property, err);
            throw err;
          });
        }
        return result;
      };
    },
  });
}
