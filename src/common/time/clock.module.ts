import { Module } from '@nestjs/common';
import { Clock } from './clock';

/** Imported by each module that reads the time; one instance app-wide, so one override moves every reader. */
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
