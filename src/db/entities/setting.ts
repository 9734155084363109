import { Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, TimeColumn, VarcharColumn } from './columns.js';

/** One setting: a key and its JSON value (validated by the settings service). */
@Entity({ name: 'settings' })
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'key' })
  key!: string;

  @JsonColumn({ name: 'value' })
  value!: unknown;

  @VarcharColumn({ name: 'updated_by', length: 128 })
  updatedBy!: string;

  @TimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
