// Errors a user can act on: a code, a message, a hint and the exit status the CLI maps them to.

export type ErrorCode =
  | 'USAGE'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'UNRECOGNIZED_FORMAT'
  | 'AMBIGUOUS_FORMAT'
  | 'UNKNOWN_FORMAT'
  | 'BAD_RECORD'
  | 'EVENT_NOT_FOUND'
  | 'STORE_NEWER'
  | 'STORE_BUSY'
  | 'STORE_NOT_FOUND'
  | 'QUERY_REFUSED'
  | 'QUERY_FAILED';

export class AttribError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: 1 | 2;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; exitCode?: 1 | 2 } = {}) {
    super(message);
    this.name = 'AttribError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }
}

export function isAttribError(value: unknown): value is AttribError {
  return value instanceof AttribError;
}
