/**
 * Every TypeORM entity, in one list the DataSource reads. Add a line per entity file.
 */
export const entities: Function[] = [];
