/**
 * The brute-force lockout: repeated bad signatures lock their source for a while.
 *
 * LIMITATIONS: the lockout is charged to a source (access key, client address, browser origin), not to the key
 * alone, so that knowing a key is not enough to lock its owner out; see server/LIMITATIONS.md. It is kept in
 * memory: a restart clears it. Code 11 (permanent lock) is never answered.
 */
import { header, type SignedRequest } from './verify';

export const LOCK_STEP_MS = 60_000;
const LOCK_CAP_MS = 10 * 60_000;
const FAILURES_PER_STEP = 4;
const MAX_SOURCES = 10_000;
const SWEEP_EVERY_MS = 1_000;

/**
 * Who a failure is charged to: the access key, the client's address, and for a browser the site that made it
 * send the request (Origin; without one, a cross-site browser request is still told apart by
 * Sec-Fetch-Site). A stranger who knows a key (they are printed, and travel in every Authorization header)
 * can lock only themselves out: the owner calls from another address, or from another origin on the same
 * machine (a web page cannot lock out the AWS CLI or the dashboard).
 */
export function lockoutSource(accessKey: string, req: Pick<SignedRequest, 'headers' | 'clientAddress'>): string {
  const origin = header(req, 'origin');
  const site = header(req, 'sec-fetch-site');
  const browser = origin !== undefined ? `origin ${origin.slice(0, 200)}` : site && site !== 'none' && site !== 'same-origin' ? `browser ${site.slice(0, 20)}` : 'direct';
  return `${accessKey}\u0000${req.clientAddress ?? '-'}\u0000${browser}`;
}

interface LockEntry {
  source: string;
  failures: number;
  lockedUntil: number;
  /** Neighbours in the list of sources without a live lock. */
  older?: LockEntry;
  newer?: LockEntry;
  listed: boolean;
}

/**
 * OUTSCALE's schedule (notes 2.3): four consecutive failures lock for 1 minute; each further four add a
 * minute, up to 10. Only a wrong signature on a fresh, well-formed request with a known key counts (what a
 * guess of the secret looks like): stale replays, malformed requests and unknown keys do not, so they cost no
 * memory. The table is bounded: a new source takes the place of the least recently failed source without a
 * live lock; a live lock is never evicted, so flooding cannot lift it. When every entry is a live lock, expired
 * locks are collected (at most once a second, so a flood cannot make each failure scan the table) and a
 * failure that still cannot be tracked is answered as locked (fail closed).
 */
export class AuthLockout {
  private readonly entries = new Map<string, LockEntry>();
  /** Sources without a live lock, least recently failed first: a linked list, O(1) to move or evict. */
  private oldest: LockEntry | undefined;
  private newest: LockEntry | undefined;
  private lastSweep = -Infinity;

  constructor(private readonly maxSources = MAX_SOURCES) {}

  get size(): number {
    return this.entries.size;
  }

  isLocked(source: string, now: Date): { locked: false } | { locked: true; secondsLeft: number } {
    const entry = this.entries.get(source);
    if (!entry || entry.lockedUntil <= now.getTime()) return { locked: false };
    return { locked: true, secondsLeft: Math.ceil((entry.lockedUntil - now.getTime()) / 1000) };
  }

  /** Counts a failure; false when the table is full of live locks and this source cannot be tracked. */
  recordFailure(source: string, now: Date): boolean {
    const t = now.getTime();
    let entry = this.entries.get(source);
    if (entry) {
      this.unlink(entry);
    } else {
      if (this.entries.size >= this.maxSources && !this.evictOne(t)) return false;
      entry = { source, failures: 0, lockedUntil: 0, listed: false };
      this.entries.set(source, entry);
    }
    entry.failures += 1;
    if (entry.failures % FAILURES_PER_STEP === 0) {
      const steps = entry.failures / FAILURES_PER_STEP;
      entry.lockedUntil = t + Math.min(steps * LOCK_STEP_MS, LOCK_CAP_MS);
    }
    if (entry.lockedUntil <= t) this.append(entry);
    return true;
  }

  recordSuccess(source: string): void {
    const entry = this.entries.get(source);
    if (!entry) return;
    this.unlink(entry);
    this.entries.delete(source);
  }

  private evictOne(t: number): boolean {
    const victim = this.oldest;
    if (victim) {
      this.unlink(victim);
      this.entries.delete(victim.source);
      return true;
    }
    if (t >= this.lastSweep && t - this.lastSweep < SWEEP_EVERY_MS) return false;
    this.lastSweep = t;
    let freed = false;
    for (const [source, entry] of this.entries) {
      if (entry.lockedUntil <= t) {
        this.entries.delete(source);
        freed = true;
      }
    }
    return freed;
  }

  private append(entry: LockEntry): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
    entry.listed = true;
  }

  private unlink(entry: LockEntry): void {
    if (!entry.listed) return;
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = entry.newer = undefined;
    entry.listed = false;
  }
}
