/**
 * Sliding-window request pacing: at most `max` starts in any `windowMs`. `reserve()` says
 * how long the caller must wait before it may start, and books that slot, so concurrent
 * callers queue up in order instead of all firing at once. Pure over an injected clock.
 */
export class WindowPacer {
  readonly max: number;
  readonly windowMs: number;
  readonly #starts: number[] = [];

  constructor(max: number, windowMs: number) {
    this.max = max;
    this.windowMs = windowMs;
  }

  /** Milliseconds to wait before starting, given the time now; the slot is taken. */
  reserve(now: number): number {
    const starts = this.#starts;
    while (starts.length > 0 && starts[0]! <= now - this.windowMs) starts.shift();
    let at = now;
    if (starts.length >= this.max) at = starts[starts.length - this.max]! + this.windowMs;
    // Slots are booked in time order, so a later reservation never starts before an earlier one.
    const last = starts[starts.length - 1];
    if (last !== undefined && at < last) at = last;
    starts.push(at);
    return at - now;
  }

  /** Pushes every future start back to at least `until` (after a 429 with Retry-After). */
  holdUntil(until: number): void {
    for (let i = 0; i < this.#starts.length; i++) if (this.#starts[i]! < until) this.#starts[i] = until;
    this.#starts.push(until);
    while (this.#starts.length > this.max) this.#starts.shift();
  }
}

/**
 * HubSpot's limits (contracts.md §1.7): a public OAuth app may make 110 requests per 10 s
 * per installing account; search has its own 5 per second. Margins absorb clock skew
 * between us and HubSpot (a slot counted at our send is counted at HubSpot's receipt).
 */
export const LIMITS = {
  burst: { max: 100, windowMs: 10_000 },
  search: { max: 5, windowMs: 1_100 },
};

/** One pair of pacers per HubSpot account (hub id), shared by every client in this process. */
export class AccountPacers {
  readonly #byAccount = new Map<string, { burst: WindowPacer; search: WindowPacer }>();

  for(account: string): { burst: WindowPacer; search: WindowPacer } {
    let p = this.#byAccount.get(account);
    if (!p) {
      p = {
        burst: new WindowPacer(LIMITS.burst.max, LIMITS.burst.windowMs),
        search: new WindowPacer(LIMITS.search.max, LIMITS.search.windowMs),
      };
      this.#byAccount.set(account, p);
    }
    return p;
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or nonsense. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
