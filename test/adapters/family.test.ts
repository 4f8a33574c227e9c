// A diagnostic stream mixes Microsoft formats record by record; a folder holds files that are not logs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterByName, detectFormat } from '../../src/adapters/registry.js';
import { cloudtrail } from '../../src/adapters/cloudtrail.js';
import { okta } from '../../src/adapters/okta.js';
import { listInputFiles } from '../../src/readers/walk.js';
import { FIXTURES, importInto, tempStore } from '../helpers/store.js';
import { readFixture } from '../helpers/fixtures.js';

const MIXED = join(FIXTURES, 'detect/mixed-azure-diagnostics.eventhub.json');

describe('azure-diagnostics family', () => {
  it('detects a mixed delivery as the family, not as ambiguous', async () => {
    const { records } = await readFixture(MIXED);
    const detection = detectFormat(records);
    expect(detection.ok && detection.adapter.name).toBe('azure-diagnostics');
  });

  it('imports each record with its own format', async () => {
    const store = tempStore();
    try {
      const report = await importInto(store.db, [MIXED]);
      expect(report.files[0]).toMatchObject({ format: 'azure-diagnostics', status: 'imported', eventsNew: 4, rejects: 0 });
      const formats = store.db.prepare('SELECT format FROM events ORDER BY format').all() as Array<{ format: string }>;
      expect(formats.map((f) => f.format)).toEqual(['azure-activity', 'entra-audit', 'entra-signin', 'graph-activity']);
    } finally {
      store.close();
    }
  });

  it('is a --format value, and formats of different families mixed in one file stay ambiguous', () => {
    expect(adapterByName('azure-diagnostics').family).toBe('azure-diagnostics');
    const ct = { eventVersion: '1.09', eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', eventTime: '2026-05-01T00:00:00Z' };
    const ok = { uuid: 'u', published: '2026-05-01T00:00:00.000Z', eventType: 'user.session.start', actor: { id: 'x', type: 'User' }, displayMessage: 'm', version: '0' };
    expect(detectFormat([ct, ok], [cloudtrail, okta])).toMatchObject({ ok: false, code: 'AMBIGUOUS_FORMAT' });
  });
});

describe('folders', () => {
  it('skip the licence, notice and readme files that ship beside exported logs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attrib-walk-'));
    try {
      mkdirSync(join(dir, 'export'));
      writeFileSync(join(dir, 'export', 'LICENSE.txt'), 'Apache License\n');
      writeFileSync(join(dir, 'export', 'README.md'), '# export\n');
      writeFileSync(join(dir, 'export', 'NOTICE'), 'notice\n');
      copyFileSync(MIXED, join(dir, 'export', 'hub.json'));
      const { files } = await listInputFiles([dir]);
      expect(files).toEqual([join(dir, 'export', 'hub.json')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
