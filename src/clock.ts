export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The wall clock plus an offset that only moves forward: the sandbox's time-lapse. The sandbox gives one
 * of these to AirGate (deps.clock) and moves the Volcengine and Feishu simulators' clocks by the same
 * amounts, so AirGate, its bills and its chats agree on what time it is while time still passes.
 */
export class AdvancingClock implements Clock {
  private offset = 0;

  constructor(private readonly wall: () => number = () => Date.now()) {}

  now(): Date {
    return new Date(this.wall() + this.offset);
  }

  /** How far this clock is ahead of the wall clock, in ms. */
  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance() takes a non-negative number of ms');
    this.offset += ms;
  }
}
