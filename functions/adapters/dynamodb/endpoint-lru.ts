/**
 * The LRU map of the AWS SDK's endpoint-discovery cache (`@aws-sdk/endpoint-cache` imports
 * `mnemonist/lru-cache`; Lambda bundles alias that import here): the methods EndpointCache calls, on a Map
 * kept in use order. mnemonist and obliterator were ≈ 7 KB of every table function for a cache DynamoDB
 * only fills with endpoint discovery switched on, which we leave off (decision "Feature wordings ride with their routes").
 */
export default class LRUCache<K, V> {
  readonly #capacity: number;
  readonly #items = new Map<K, V>();

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity) || 1);
  }

  get size() {
    return this.#items.size;
  }

  has(key: K): boolean {
    return this.#items.has(key);
  }

  /** The value, without making it the most recently used. */
  peek(key: K): V | undefined {
    return this.#items.get(key);
  }

  get(key: K): V | undefined {
    if (!this.#items.has(key)) return undefined;
    const value = this.#items.get(key) as V;
    this.#items.delete(key);
    this.#items.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.#items.delete(key);
    this.#items.set(key, value);
    if (this.#items.size > this.#capacity) this.#items.delete(this.#items.keys().next().value as K);
    return this;
  }

  clear(): void {
    this.#items.clear();
  }
}
