// listInputFiles: the files an import reads, in a stable order, and what it leaves out.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttribError } from '../../src/errors.js';
import { listInputFiles } from '../../src/readers/walk.js';
import { FIXTURES } from '../helpers/store.js';

let dir: string;

function touch(path: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), '{}\n');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'attrib-walk-'));
  for (const path of [
    'logs/b.json',
    'logs/a.jsonl',
    'logs/Z-upper.ndjson',
    'logs/sub/2026/05/02/x.json.gz',
    'logs/sub/2026/05/01/y.json.gz',
    'logs/sub/c.log',
    'logs/sub/d.txt',
    'logs/sub/e.csv',
    'logs/README.md',
    'logs/notes.bin',
    'logs/.hidden.json',
    'logs/.git/config.json',
    'logs/sub/.DS_Store',
    'loose/event.dat',
  ]) {
    touch(path);
  }
  symlinkSync(join(dir, 'logs'), join(dir, 'logs/sub/loop'));
  symlinkSync(join(dir, 'nowhere'), join(dir, 'logs/sub/broken.json'));
  symlinkSync(join(dir, 'logs/b.json'), join(dir, 'logs/sub/link-to-b.json'));
  symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
  symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listInputFiles', () => {
  it('walks folders recursively in name order, skipping hidden files and non-log extensions', async () => {
    const { files } = await listInputFiles([join(dir, 'logs')]);
    expect(files.map((f) => relative(dir, f))).toEqual([
      'logs/Z-upper.ndjson',
      'logs/a.jsonl',
      'logs/b.json',
      'logs/sub/2026/05/01/y.json.gz',
      'logs/sub/2026/05/02/x.json.gz',
      'logs/sub/c.log',
      'logs/sub/d.txt',
      'logs/sub/e.csv',
      'logs/sub/link-to-b.json',
    ]);
  });

  it('cuts a symlink loop and a broken link with a note instead of failing', async () => {
    const { notes } = await listInputFiles([join(dir, 'logs')]);
    expect(notes.map((n) => [relative(dir, n.path), n.message])).toEqual([
      ['logs/sub/broken.json', 'skipped: broken symbolic link'],
      ['logs/sub/loop', 'skipped: directory already read (symlink loop or repeated path)'],
    ]);
  });

  it('reads a file named on the command line whatever its name, in the order given', async () => {
    const { files, notes } = await listInputFiles([join(dir, 'loose/event.dat'), join(dir, 'logs/.hidden.json'), join(dir, 'logs/a.jsonl')]);
    expect(files.map((f) => relative(dir, f))).toEqual(['loose/event.dat', 'logs/.hidden.json', 'logs/a.jsonl']);
    expect(notes).toEqual([]);
  });

  it('lists the S3 layout by account, region and date, digests included (they are skipped by content)', async () => {
    const root = join(FIXTURES, 'cloudtrail/s3-layout');
    const { files } = await listInputFiles([root]);
    expect(files.map((f) => relative(root, f))).toEqual([
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/05/01/111122223333_CloudTrail_us-east-1_20260501T1005Z_FixtureAbCdEfGh12.json.gz',
      'AWSLogs/111122223333/CloudTrail/us-west-2/2026/05/01/111122223333_CloudTrail_us-west-2_20260501T1010Z_FixtureIjKlMnOp34.json.gz',
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/05/01/111122223333_CloudTrail-Digest_us-east-1_fixture-trail_us-east-1_20260501T110000Z.json.gz',
    ]);
  });

  it('throws FILE_NOT_FOUND naming a missing path', async () => {
    const missing = join(dir, 'no/such/path');
    const error = await listInputFiles([join(dir, 'logs'), missing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AttribError);
    expect(error).toMatchObject({ code: 'FILE_NOT_FOUND', exitCode: 2 });
    expect((error as AttribError).message).toContain(missing);
    expect((error as AttribError).hint).toBeTruthy();
  });

  it('calls a path it cannot resolve unreadable, not missing', async () => {
    const error = await listInputFiles([join(dir, 'loop-a')]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('ELOOP') });
    expect((error as AttribError).hint).toMatch(/symbolic link loop/);
  });
});
