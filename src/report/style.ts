// Colour for terminal renderers. Renderers take a Style, so goldens and pipes get plain text.
import { Chalk } from 'chalk';

export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly magenta: (s: string) => string;
}

const identity = (s: string): string => s;

export const plainStyle: Style = { bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity, magenta: identity };

export function styleFor(color: boolean): Style {
  if (!color) return plainStyle;
  const chalk = new Chalk({ level: 1 });
  return { bold: chalk.bold, dim: chalk.dim, red: chalk.red, green: chalk.green, yellow: chalk.yellow, cyan: chalk.cyan, magenta: chalk.magenta };
}
