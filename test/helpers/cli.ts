// Runs the CLI in-process with captured output, as `attrib …` would from a shell.
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    outIsTTY: false,
    errIsTTY: false,
    color: false,
  };
  const code = await main(['node', 'attrib', ...args], io, env);
  return { code, out, err };
}
