import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from './data-source.options';
import { assertDataDirFree } from './data-dir-lock';

// The TypeORM CLI's entry (npm run migration:run); the app builds its own from the same factory.
const config = loadConfig();
if (!config.databaseUrl) assertDataDirFree(config.dataDir);
export default new DataSource(dataSourceOptions({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
