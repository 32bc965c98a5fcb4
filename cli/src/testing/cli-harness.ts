import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../io';
import { run } from '../run';

/* Runs the CLI in-process with captured streams, a chosen environment and a throwaway HOME. */

export interface CapturedStream {
  text: string;
  isTTY: boolean;
  write(chunk: string): boolean;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Lines typed at the prompt; stdin is then a TTY. */
  typed?: string;
  stdinIsTTY?: boolean;
  stdoutIsTTY?: boolean;
}

function captured(isTTY: boolean): CapturedStream {
  return {
    text: '',
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

export class CliHarness {
  readonly home = mkdtempSync(join(tmpdir(), 'hokusai-cli-'));

  /** Writes ~/.hokusai/config. */
  writeConfig(text: string): string {
    mkdirSync(join(this.home, '.hokusai'), { recursive: true });
    const path = join(this.home, '.hokusai', 'config');
    writeFileSync(path, text);
    return path;
  }

  async run(argv: string[], options: RunOptions = {}): Promise<CliRun> {
    const stdout = captured(options.stdoutIsTTY ?? false);
    const stderr = captured(false);
    const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
    stdin.isTTY = options.stdinIsTTY ?? options.typed !== undefined;
    if (options.typed !== undefined) stdin.end(options.typed);
    const io: CliIo = { stdout, stderr, stdin, env: options.env ?? {}, home: this.home };
    const code = await run(argv, io);
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  cleanup(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
