// The DataSource for the TypeORM CLI (`npx typeorm -d ormconfig.ts …`), built from the same
// configuration and factory the application uses.
import { loadConfig } from './src/config/loadConfig.js';
import { createDataSource } from './src/db/dataSource.js';

export default createDataSource(loadConfig().database);
