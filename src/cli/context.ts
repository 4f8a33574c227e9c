// What every command gets: the io, the global flags, and a way to open the store.
import type { Command } from 'commander';
import { openStore, resolveDbPath, type Db } from '../store/open.js';
import type { Io } from './io.js';

export interface GlobalOptions {
  readonly db?: string;
  readonly debug?: boolean;
  readonly color?: boolean;
}

export interface CommandContext {
  readonly io: Io;
  readonly env: NodeJS.ProcessEnv;
  /** Set by a command's action: the process exit status. */
  exitCode: number;
}

export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export function colorOn(ctx: CommandContext, command: Command): boolean {
  return ctx.io.color && globals(command).color !== false;
}

export function withStore<T>(ctx: CommandContext, command: Command, readonly: boolean, fn: (db: Db, path: string) => T): T {
  const path = resolveDbPath(globals(command).db, ctx.env);
  const db = openStore(path, { readonly });
  try {
    return fn(db, path);
  } finally {
    db.close();
  }
}

export async function withStoreAsync<T>(
  ctx: CommandContext,
  command: Command,
  fn: (db: Db, path: string) => Promise<T>,
): Promise<T> {
  const path = resolveDbPath(globals(command).db, ctx.env);
  const db = openStore(path);
  try {
    return await fn(db, path);
  } finally {
    db.close();
  }
}

export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.io.out(`${JSON.stringify(value, null, 2)}\n`);
}
