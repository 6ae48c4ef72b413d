/** Ports every context shares. The domain never reads the wall clock or makes ids itself. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new, sortable, unique id (ULID in production). */
  next(): string;
}

/** A page request: `cursor` is opaque and bound to the tenant by the adapter. */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow. */
  cursor?: string | undefined;
}
