// The CLI contract: commands, --json shapes, exit codes, errors without stack traces.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, ROOT, tempStore, type TempStore } from '../helpers/store.js';

const INCIDENT_INPUTS = join(FIXTURES, 'incidents/aws-role-chain/inputs');
const ACTION = 'cloudtrail:d1e5c0de-0bad-4b0b-8c0c-000000000666';

describe('attrib CLI', () => {
  let store: TempStore;
  let db: string[];
  beforeAll(async () => {
    store = tempStore();
    store.db.close();
    db = ['--db', store.path];
    const first = await runCli([...db, 'import', INCIDENT_INPUTS]);
    expect(first.code).toBe(0);
  });
  afterAll(() => store.close());

  it('import prints a per-format summary and is a no-op the second time', async () => {
    const again = await runCli([...db, 'import', INCIDENT_INPUTS]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/already imported: nothing to do/);
    const json = await runCli([...db, 'import', INCIDENT_INPUTS, '--json']);
    const report = JSON.parse(json.out) as { files: Array<{ status: string; eventsNew: number }> };
    expect(report.files.filter((f) => f.status === 'already-imported')).toHaveLength(5);
    expect(report.files.reduce((n, f) => n + f.eventsNew, 0)).toBe(0);
  });

  it('honours $ATTRIB_DB when --db is not given', async () => {
    const viaEnv = await runCli(['query', 'select count(*) as n from events', '--json'], { ATTRIB_DB: store.path });
    expect(viaEnv.code).toBe(0);
    expect(JSON.parse(viaEnv.out)).toEqual([{ n: 23 }]);
  });

  it('query --json counts what was stored, through the events table', async () => {
    const r = await runCli([...db, 'query', 'select count(*) as n from events', '--json']);
    expect(JSON.parse(r.out)).toEqual([{ n: 23 }]);
  });

  it('query refuses to write', async () => {
    const r = await runCli([...db, 'query', 'delete from events']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/only read-only queries/);
    const sneaky = await runCli([...db, 'query', 'with x as (select 1) delete from events']);
    expect(sneaky.code).toBe(2);
    const count = await runCli([...db, 'query', 'select count(*) as n from events', '--json']);
    expect(JSON.parse(count.out)).toEqual([{ n: 23 }]);
  });

  it('actions --json lists all matches with the contract fields', async () => {
    const r = await runCli([...db, 'actions', '--json']);
    const rows = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(23);
    for (const row of rows) {
      for (const key of ['id', 'format', 'time', 'kind', 'name', 'actor', 'target', 'credential_used', 'session', 'outcome']) {
        expect(row).toHaveProperty(key);
      }
      expect(row['actor']).toEqual({ id: expect.any(String), type: expect.any(String), name: expect.any(String) });
    }
    const times = rows.map((row) => String(row['time']));
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('actions filters by name glob, kind, actor, time and target', async () => {
    const byName = JSON.parse((await runCli([...db, 'actions', '--name', 's3:Delete*', '--json'])).out) as Array<{ id: string }>;
    expect(byName.map((r) => r.id)).toEqual([ACTION]);
    const byKind = JSON.parse((await runCli([...db, 'actions', '--kind', 'credential', '--json'])).out) as Array<{ name: string }>;
    expect(byKind.length).toBeGreaterThan(0);
    expect(byKind.every((r) => r.name.startsWith('sts:'))).toBe(true);
    const byActor = JSON.parse((await runCli([...db, 'actions', '--actor', 'prod-admin', '--json'])).out) as Array<{ actor: { name: string } }>;
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((r) => r.actor.name === 'prod-admin')).toBe(true);
    const window = JSON.parse(
      (await runCli([...db, 'actions', '--since', '2026-05-01T10:03:00Z', '--until', '2026-05-01T10:03:30Z', '--json'])).out,
    ) as Array<{ time: string }>;
    expect(window.length).toBeGreaterThan(0);
    const from = Date.parse('2026-05-01T10:03:00Z');
    const to = Date.parse('2026-05-01T10:03:30Z');
    expect(window.every((r) => Date.parse(r.time) >= from && Date.parse(r.time) <= to)).toBe(true);
    const byTarget = JSON.parse((await runCli([...db, 'actions', '--target', 'prod-backups-fixture', '--json'])).out) as Array<{ target: string }>;
    expect(byTarget.every((r) => r.target.includes('prod-backups-fixture'))).toBe(true);
    const none = await runCli([...db, 'actions', '--name', 'nothing:*']);
    expect(none.code).toBe(1);
    const badKind = await runCli([...db, 'actions', '--kind', 'nonsense']);
    expect(badKind.code).toBe(2);
    const badTime = await runCli([...db, 'actions', '--since', 'last tuesday-ish']);
    expect(badTime.code).toBe(2);
    expect(badTime.err).toMatch(/cannot read time/);
  });

  it('trace --json is attrib.trace/1 and -o json is the same document', async () => {
    const a = await runCli([...db, 'trace', ACTION, '--json']);
    const b = await runCli([...db, 'trace', ACTION, '-o', 'json']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const doc = JSON.parse(a.out) as { schema: string; verdict: { kind: string }; chain: unknown[] };
    expect(doc.schema).toBe('attrib.trace/1');
    expect(doc.verdict.kind).toBe('human-direct');
    expect(doc.chain).toHaveLength(4);
  });

  it('trace accepts a bare CloudTrail eventID and prints a readable tree', async () => {
    const r = await runCli([...db, 'trace', 'd1e5c0de-0bad-4b0b-8c0c-000000000666']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/verdict {2}HUMAN-DIRECT {2}initiator alice@corp\.example \[human\]/);
    expect(r.out).toMatch(/exact · issued · aws-akid:ASIACHAINALICE00001/);
    expect(r.out).not.toMatch(/\u001b\[/);
  });

  it('trace of an unknown id exits 1 with a hint, no stack trace', async () => {
    const r = await runCli([...db, 'trace', 'cloudtrail:no-such-event']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no event cloudtrail:no-such-event in the store/);
    expect(r.err).toMatch(/hint:/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('sources lists the ledger with sha256 and counts', async () => {
    const r = await runCli([...db, 'sources', '--json']);
    const rows = JSON.parse(r.out) as Array<{ status: string; sha256: string; format: string | null }>;
    expect(rows).toHaveLength(6);
    expect(rows.filter((x) => x.status === 'skipped')).toHaveLength(1);
    expect(rows.every((x) => /^[0-9a-f]{64}$/.test(x.sha256))).toBe(true);
  });

  it('formats lists cloudtrail with its detection keys', async () => {
    const r = await runCli(['formats', '--json']);
    const rows = JSON.parse(r.out) as Array<{ name: string; detection_keys: string[] }>;
    expect(rows.map((x) => x.name)).toContain('cloudtrail');
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['no-such-command'])).code).toBe(2);
    expect((await runCli(['trace'])).code).toBe(2);
    expect((await runCli([...db, 'trace', ACTION, '-o', 'pdf'])).code).toBe(2);
  });

  it('reading commands on a missing store say so instead of creating one', async () => {
    const missing = join(store.dir, 'missing.db');
    const r = await runCli(['--db', missing, 'actions']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no store at/);
    expect(existsSync(missing)).toBe(false);
  });

  it('an unrecognized file exits 2 but the other files are imported', async () => {
    const other = tempStore();
    other.db.close();
    try {
      const r = await runCli([
        '--db', other.path, 'import',
        join(FIXTURES, 'cloudtrail/bad/not-cloudtrail.json'),
        join(FIXTURES, 'cloudtrail/sts-assume-role.json'),
      ]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/not-cloudtrail\.json: UNRECOGNIZED_FORMAT unrecognized format/);
      expect(r.err).toMatch(/attrib formats/);
      const count = await runCli(['--db', other.path, 'query', 'select count(*) as n from events', '--json']);
      expect((JSON.parse(count.out) as Array<{ n: number }>)[0]!.n).toBeGreaterThan(0);
    } finally {
      other.close();
    }
  });
});

describe('the installed binary', () => {
  const bin = join(ROOT, 'bin/attrib.js');
  it.skipIf(!existsSync(join(ROOT, 'dist/src/cli/main.js')))('demo prints the role-chain trace and exits 0', () => {
    const r = spawnSync(process.execPath, [bin, 'demo'], { encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/HUMAN-DIRECT/);
    expect(r.stdout).toMatch(/s3:DeleteBucket/);
  });
  it.skipIf(!existsSync(join(ROOT, 'dist/src/cli/main.js')))('a missing input path exits 2 with no stack trace', () => {
    const r = spawnSync(process.execPath, [bin, '--db', join(ROOT, 'dist/never.db'), 'import', '/nonexistent/path'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such file or directory/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
