// Paths given on the command line → the files to read. Directories are walked recursively in name order
// (the S3 layout AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/ sorts by time); symlink loops are cut.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AttribError } from '../errors.js';

/** Inside a directory, only files that can hold logs are read; a file named on the command line always is. */
const LOG_FILE_PATTERN = /\.(json|jsonl|ndjson|log|txt|gz|csv)$/i;
/** Files that ship beside exported logs and are never logs themselves. */
const NOT_LOGS = /^(license|licence|notice|readme|changelog|copying|authors|sha256sums|md5sums)(\.[a-z]+)?$/i;

export interface WalkNote {
  readonly path: string;
  readonly message: string;
}

export interface WalkResult {
  readonly files: string[];
  readonly notes: WalkNote[];
}

export async function listInputFiles(paths: readonly string[]): Promise<WalkResult> {
  const files: string[] = [];
  const notes: WalkNote[] = [];
  const seenDirs = new Set<string>();
  for (const given of paths) {
    const path = resolve(given);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Only a path that is not there is "not found"; a permission problem or a symlink loop says so.
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new AttribError('FILE_NOT_FOUND', `${given}: no such file or directory`, {
          hint: 'check the path; directories are read recursively',
        });
      }
      throw new AttribError('FILE_UNREADABLE', `${given}: cannot read (${code ?? (error as Error).message})`, {
        hint: code === 'ELOOP' ? 'the path is a symbolic link loop' : 'check the permissions of the path',
      });
    }
    if (info.isDirectory()) await walkDir(path, files, notes, seenDirs);
    else files.push(path);
  }
  return { files, notes };
}

async function walkDir(dir: string, files: string[], notes: WalkNote[], seenDirs: Set<string>): Promise<void> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch (error) {
    notes.push({ path: dir, message: `skipped: ${(error as Error).message}` });
    return;
  }
  if (seenDirs.has(real)) {
    notes.push({ path: dir, message: 'skipped: directory already read (symlink loop or repeated path)' });
    return;
  }
  seenDirs.add(real);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    notes.push({ path: dir, message: `skipped: cannot read directory (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch {
        notes.push({ path, message: 'skipped: broken symbolic link' });
        continue;
      }
    }
    if (isDir) await walkDir(path, files, notes, seenDirs);
    else if (isFile && LOG_FILE_PATTERN.test(entry.name) && !NOT_LOGS.test(entry.name)) files.push(path);
  }
}
