/**
 * The simulator's clock: real (wall clock plus whatever was advanced) or virtual (starts at a given
 * instant and moves only when advanced). Signature freshness always uses the real wall clock.
 */
export type SimClockOptions = { mode: 'real' } | { mode: 'virtual'; start: Date };

export class SimClock {
  private offsetMs = 0;
  private virtualMs: number;

  constructor(readonly options: SimClockOptions = { mode: 'real' }) {
    this.virtualMs = options.mode === 'virtual' ? options.start.getTime() : 0;
  }

  get mode(): 'real' | 'virtual' {
    return this.options.mode;
  }

  nowMs(): number {
    return this.options.mode === 'virtual' ? this.virtualMs : Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance() takes a non-negative number of ms');
    if (this.options.mode === 'virtual') this.virtualMs += ms;
    else this.offsetMs += ms;
  }
}
