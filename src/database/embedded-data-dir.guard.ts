import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { holdDataDir } from './data-dir-lock';

/** Marks the embedded database folder as held by this process, so the migration CLI refuses to touch it. */
@Injectable()
export class EmbeddedDataDirGuard implements OnApplicationShutdown {
  private readonly release: () => void;

  constructor(config: AppConfig) {
    const onDisk = !config.databaseUrl && !config.dataDir.startsWith('memory://');
    this.release = onDisk ? holdDataDir(config.dataDir) : () => undefined;
  }

  onApplicationShutdown(): void {
    this.release();
  }
}
