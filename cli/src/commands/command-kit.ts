import { Command, InvalidArgumentError } from 'commander';
import { CliContext, GlobalOptions } from '../cli-context';
import type { CliIo } from '../io';

/** A command body: resolves with the exit code (0 when nothing is returned); throws for failures. */
export type Handler<O> = (ctx: CliContext, args: string[], opts: O) => Promise<number | void>;

/** Turns a handler into a commander action, recording its exit code in `exit`. */
export type ActionFactory = <O>(handler: Handler<O>) => (...params: unknown[]) => Promise<void>;

export function actionFactory(io: CliIo, exit: { code: number }): ActionFactory {
  return <O>(handler: Handler<O>) =>
    async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const opts = params[params.length - 2] as O;
      const args = params.slice(0, -2) as string[];
      const ctx = new CliContext(io, cmd.optsWithGlobals<GlobalOptions & { key?: string }>());
      exit.code = (await handler(ctx, args, opts)) ?? 0;
    };
}

/** Option parser for whole numbers: `--rate-limit 1000`. Bounds are the service's to check (it answers 422). */
export function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
}

/** Option parser for repeatable options: `--scope a --scope b`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
