import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import LRUCache from '../../functions/adapters/dynamodb/endpoint-lru.ts';

/** A plain model of an LRU map: keys in use order, the oldest first. */
function model(capacity: number) {
  const order: string[] = [];
  const values = new Map<string, number>();
  const touch = (k: string) => {
    order.splice(order.indexOf(k), 1);
    order.push(k);
  };
  return {
    set(k: string, v: number) {
      if (values.has(k)) touch(k);
      else order.push(k);
      values.set(k, v);
      if (order.length > capacity) values.delete(order.shift()!);
    },
    get(k: string) {
      if (!values.has(k)) return undefined;
      touch(k);
      return values.get(k);
    },
    peek: (k: string) => values.get(k),
    has: (k: string) => values.has(k),
    size: () => values.size,
  };
}

describe('endpoint-lru (what Lambda bundles use for mnemonist/lru-cache)', () => {
  it('evicts the least recently used key; get refreshes a key, peek does not', () => {
    const lru = new LRUCache<string, number>(2);
    lru.set('a', 1).set('b', 2);
    expect(lru.peek('a')).toBe(1);
    lru.set('c', 3); // a was only peeked: it is the oldest
    expect([lru.has('a'), lru.has('b'), lru.has('c')]).toEqual([false, true, true]);
    expect(lru.get('b')).toBe(2);
    lru.set('d', 4); // b was read: c goes
    expect([lru.has('b'), lru.has('c'), lru.has('d')]).toEqual([true, false, true]);
    lru.clear();
    expect(lru.size).toBe(0);
  });

  it('behaves as the model LRU for any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom('a', 'b', 'c', 'd', 'e'), value: fc.integer() }),
      fc.record({ kind: fc.constantFrom('get' as const, 'peek' as const, 'has' as const), key: fc.constantFrom('a', 'b', 'c', 'd', 'e') }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
        const lru = new LRUCache<string, number>(capacity);
        const m = model(capacity);
        for (const o of ops) {
          if (o.kind === 'set') {
            lru.set(o.key, o.value);
            m.set(o.key, o.value);
          } else expect(lru[o.kind](o.key)).toEqual(m[o.kind](o.key));
          expect(lru.size).toBe(m.size());
        }
      }),
    );
  });
});
