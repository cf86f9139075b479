/**
 * An in-process mutex per key: callers of `run(key, fn)` with the same key run one at a
 * time in arrival order (FIFO); different keys do not wait for each other. Idle keys
 * hold no memory.
 */
export class KeyedMutex {
  /** The tail of each key's queue: resolves when the last queued holder has finished. */
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Waits for the key and returns the function that releases it (call it exactly once). */
  async acquire(key: string): Promise<() => void> {
    const previous = this.#tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous ? previous.then(() => done) : done;
    this.#tails.set(key, tail);
    if (previous) await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      // Last in line: forget the key so the map does not grow with every key ever used.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }

  /** True while someone holds or waits for the key (for tests and diagnostics). */
  isLocked(key: string): boolean {
    return this.#tails.has(key);
  }
}
