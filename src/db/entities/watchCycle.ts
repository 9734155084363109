import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IntColumn, JsonColumn, TimeColumn, VarcharColumn } from './columns.js';

/** 'abandoned': its process died (its lease expired and a later cycle took the lock). */
export type WatchCycleOutcome = 'running' | 'done' | 'failed' | 'fenced' | 'abandoned';

/** One run of the spending watch: who ran it under which fence, when, and what it found and did. */
@Entity({ name: 'watch_cycles' })
export class WatchCycle {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @IntColumn({ name: 'fence' })
  fence!: number;

  @VarcharColumn({ name: 'holder', length: 128 })
  holder!: string;

  /** 'schedule', 'cli', 'chat', 'api'… */
  @VarcharColumn({ name: 'trigger_kind', length: 16 })
  trigger!: string;

  @TimeColumn({ name: 'started_at' })
  startedAt!: Date;

  @TimeColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @VarcharColumn({ name: 'outcome', length: 16 })
  outcome!: WatchCycleOutcome;

  @JsonColumn({ name: 'summary', nullable: true })
  summary!: unknown;
}
