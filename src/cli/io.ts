// Where a command writes: results to out, progress and diagnostics to err. Injected so tests capture it.
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** stderr is a terminal: progress may redraw a line. */
  readonly errIsTTY: boolean;
  /** stdout is a terminal: colour and the default table limits apply. */
  readonly outIsTTY: boolean;
  readonly color: boolean;
}

export function processIo(): Io {
  const outIsTTY = !!process.stdout.isTTY;
  const errIsTTY = !!process.stderr.isTTY;
  const noColor = 'NO_COLOR' in process.env || process.env['TERM'] === 'dumb';
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    outIsTTY,
    errIsTTY,
    color: outIsTTY && !noColor,
  };
}
