// entra-audit: consent, permission grants, credentials and plain directory changes, in every container.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entraAudit } from '../../src/adapters/entra-audit.js';
import type { NormalizedEvent, PrincipalRef } from '../../src/model/types.js';
import { cleanEvents, cleanRecords, corpusLines, corpusPath, detectedName, ENTRA_ALICE, ENTRA_TENANT, MICROSOFT_CANDIDATES, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const DIR = join(FIXTURES, 'entra-audit');
const PANTHER = corpusPath('panther/azure_audit.jsonl');

const BLOB = `blob-layout/insights-logs-auditlogs/tenantId=${ENTRA_TENANT}/y=2026/m=05/d=01/h=09/m=00/PT1H.json`;
const FILES = [BLOB, 'sp-credentials.eventhub.json', 'app-role-assignment.jsonl', 'graph-directory-audits.json', 'time-formats.jsonl'];
const CORR = 'c0a50000-0000-4000-8000-000000000001';

const BOB: PrincipalRef = {
  id: 'entra-user:b0b00000-0000-4000-8000-000000000b0b',
  type: 'human',
  name: 'bob@corp.example',
  aliases: ['email:bob@corp.example', 'entra-upn:bob@corp.example'],
};

const readRecords = (rel: string): Promise<unknown[]> => cleanRecords(join(DIR, rel));
const events = (rel: string): Promise<NormalizedEvent[]> => cleanEvents(entraAudit, join(DIR, rel));

function named(list: readonly NormalizedEvent[], activity: string): NormalizedEvent {
  const found = list.find((e) => e.name === `entra:audit.${activity}`);
  if (!found) throw new Error(`no ${activity}`);
  return found;
}

describe('entra-audit fixtures', () => {
  it.each(FILES)('%s is claimed by entra-audit alone', async (rel) => {
    expect(detectedName(await readRecords(rel), MICROSOFT_CANDIDATES)).toBe('entra-audit');
  });

  it.each(FILES)('%s parses with zero rejects', async (rel) => {
    const records = await readRecords(rel);
    expect(records.map((r) => entraAudit.parse(r)).filter((r) => !r.ok)).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });

  it('consent to application: alice delegates to the agent app, whose app id and scopes are named', async () => {
    const list = await events(BLOB);
    expect(list.map((e) => [e.name, e.kind])).toEqual([
      ['entra:audit.Add service principal', 'action'],
      ['entra:audit.Add delegated permission grant', 'delegate'],
      ['entra:audit.Consent to application', 'delegate'],
    ]);
    expect(withoutRaw(named(list, 'Consent to application'))).toEqual({
      id: `entra-audit:Directory_${CORR}_FXAUD_100000003`,
      format: 'entra-audit',
      time: Date.parse('2026-05-01T09:58:11.300Z'),
      kind: 'delegate',
      name: 'entra:audit.Consent to application',
      actor: ENTRA_ALICE,
      target: 'release-bot (ServicePrincipal)',
      outcome: 'success',
      ip: '203.0.113.10',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) FixtureBrowser/1.0',
      attrs: {
        operation_type: 'Assign',
        result: 'success',
        correlation_id: CORR,
        category: 'ApplicationManagement',
        logged_by_service: 'Core Directory',
        tenant_id: ENTRA_TENANT,
        target_id: 'a9e47000-0000-4000-8000-0000000005a1',
        target_type: 'ServicePrincipal',
        target_app_id: 'a9e47000-0000-4000-8000-0000000000a1',
        target_sp_id: 'a9e47000-0000-4000-8000-0000000005a1',
        scopes: 'Mail.Send User.Read',
        is_admin_consent: 'False',
        is_app_only: 'False',
        on_behalf_of_all: 'False',
      },
    });
  });

  it('a delegated permission grant targets the API; the grantee is the ServicePrincipal.ObjectID (JSON-encoded values decoded)', async () => {
    const grant = named(await events(BLOB), 'Add delegated permission grant');
    expect(grant.target).toBe('Microsoft Graph (ServicePrincipal)');
    expect(grant.attrs).toMatchObject({
      target_sp_id: 'a9e47000-0000-4000-8000-0000000005a1',
      resource_app_id: '00000003-0000-0000-c000-000000000000',
      scopes: 'Mail.Send User.Read',
      consent_type: 'Principal',
    });
    // Entra logs ServicePrincipal.AppId as null on grants: no app id is invented.
    expect(grant.attrs?.['target_app_id']).toBeUndefined();
  });

  it('adding a service principal credential issues the new key (only the one absent before)', async () => {
    const [creds, msi] = await events('sp-credentials.eventhub.json');
    const sp = {
      id: 'entra-sp:bac0b000-0000-4000-8000-0000000005b7',
      type: 'service',
      name: 'fx-backup-job',
      aliases: ['entra-app:bac0b000-0000-4000-8000-0000000000b7'],
    };
    expect(withoutRaw(creds!)).toEqual({
      id: 'entra-audit:Directory_c0a50000-0000-4000-8000-000000000002_FXAUD_200000001',
      format: 'entra-audit',
      time: Date.parse('2026-05-01T10:15:00.400Z'),
      kind: 'delegate',
      name: 'entra:audit.Add service principal credentials',
      actor: BOB,
      credential_issued: { id: 'entra-key:c4ed0000-0000-4000-8000-0000000000c1', issuedTo: sp },
      target: 'fx-backup-job (ServicePrincipal)',
      outcome: 'success',
      ip: '192.0.2.99',
      user_agent: 'Mozilla/5.0 (Windows NT 10.0) FixtureBrowser/1.0',
      attrs: {
        operation_type: 'Update',
        result: 'success',
        correlation_id: 'c0a50000-0000-4000-8000-000000000002',
        category: 'ApplicationManagement',
        logged_by_service: 'Core Directory',
        tenant_id: ENTRA_TENANT,
        target_id: 'bac0b000-0000-4000-8000-0000000005b7',
        target_type: 'ServicePrincipal',
        caller_app_id: 'bac0b000-0000-4000-8000-0000000000b7',
        target_app_id: 'bac0b000-0000-4000-8000-0000000000b7',
        target_sp_id: 'bac0b000-0000-4000-8000-0000000005b7',
        new_key_ids: 'c4ed0000-0000-4000-8000-0000000000c1',
      },
    });
    // A system app logged with appId null is named by its service principal.
    expect(msi!.actor).toEqual({
      id: 'entra-sp:3a5e0000-0000-4000-8000-0000000005f0',
      type: 'service',
      name: 'Managed Service Identity',
      aliases: [],
    });
    expect(msi!.kind).toBe('action');
    expect(msi!.ip).toBeUndefined();
    expect(msi!.user_agent).toBe('Microsoft Azure Graph Client Library 2.1.17-internal');
  });

  it('an app role granted by an app: the initiating app is a workload, the grantee app is named', async () => {
    const [role] = await events('app-role-assignment.jsonl');
    expect(role!.kind).toBe('delegate');
    expect(role!.actor).toEqual({
      id: 'entra-app:a070a700-0000-4000-8000-0000000000a7',
      type: 'service',
      name: 'fx-provisioner',
      aliases: ['entra-sp:a070a700-0000-4000-8000-0000000005a7'],
    });
    expect(role!.attrs).toMatchObject({
      target_app_id: 'bac0b000-0000-4000-8000-0000000000b7',
      target_sp_id: 'bac0b000-0000-4000-8000-0000000005b7',
      resource_app_id: '00000003-0000-0000-c000-000000000000',
      scopes: 'Mail.Send',
    });
    expect(role!.credential_issued).toBeUndefined();
  });

  it('Graph directoryAudits: top-level fields, and linkable identifiers give the token and session used', async () => {
    const [update, ca] = await events('graph-directory-audits.json');
    expect(withoutRaw(update!)).toEqual({
      id: 'entra-audit:Directory_c0a50000-0000-4000-8000-000000000005_FXAUD_500000001',
      format: 'entra-audit',
      time: Date.parse('2026-05-01T11:02:13.123Z'),
      kind: 'action',
      name: 'entra:audit.Update user',
      actor: BOB,
      credential_used: 'entra-uti:FxBobPortalTok_10GgHhI',
      session: 'entra-session:5e55b0b0-0000-4000-8000-000000000002',
      target: 'carol@corp.example (User)',
      outcome: 'success',
      ip: '192.0.2.99',
      attrs: {
        operation_type: 'Update',
        result: 'success',
        correlation_id: 'c0a50000-0000-4000-8000-000000000005',
        category: 'UserManagement',
        logged_by_service: 'Core Directory',
        target_id: 'ca201000-0000-4000-8000-0000000ca201',
        target_type: 'User',
        target_upn: 'carol@corp.example',
      },
    });
    expect(ca!.outcome).toBe('failure');
    expect(ca!.attrs).toMatchObject({ result: 'failure', result_reason: 'Insufficient privileges to complete the operation.' });
    expect(ca!.time).toBe(Date.parse('2026-05-01T11:05:40.642Z'));
  });

  it('time: activityDateTime with a zone wins; US text and zone-less forms are read as UTC and flagged', async () => {
    const list = await events('time-formats.jsonl');
    expect(list.map((e) => [new Date(e.time).toISOString(), e.flags?.includes('time-zoneless-assumed-utc') ?? false])).toEqual([
      ['2026-05-01T12:32:16.000Z', true],
      ['2026-05-01T12:32:16.000Z', false],
      ['2026-05-01T12:32:16.087Z', true],
      ['2026-05-01T12:32:16.087Z', false],
    ]);
    expect(list[0]!.target).toBe('dave@corp.example (User)');
  });
});

describe('entra-audit edge cases', () => {
  it('an initiator it cannot name is an unknown principal, flagged', () => {
    const result = entraAudit.parse({
      category: 'AuditLogs',
      time: '2026-05-01T12:00:00Z',
      properties: { id: 'x', activityDisplayName: 'Update policy', activityDateTime: '2026-05-01T12:00:00Z', initiatedBy: {} },
    });
    expect(result.ok && result.events[0]!.actor.type).toBe('unknown');
    expect(result.ok && result.events[0]!.flags).toEqual(['no-initiator']);
  });

  it('an audit row whose envelope category was replaced (Policy) is still audit, not Azure Activity', () => {
    const row = {
      time: '2025-01-15 14:20:35.456',
      resourceId: '/tenants/t/providers/Microsoft.aadiam',
      operationName: 'Authentication Methods Policy Update',
      category: 'Policy',
      properties: {
        activityDisplayName: 'Update authentication methods policy',
        activityDateTime: '2025-01-15T14:20:35.4567890Z',
        initiatedBy: { user: { id: 'u', userPrincipalName: 'admin@corp.example' } },
      },
    };
    expect(MICROSOFT_CANDIDATES.filter((a) => a.detect(row)).map((a) => a.name)).toEqual(['entra-audit']);
  });

  it('rejects what it cannot read, with a code', () => {
    expect(entraAudit.parse(42)).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
    expect(entraAudit.parse({ category: 'AuditLogs' })).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(entraAudit.parse({ category: 'AuditLogs', properties: { activityDisplayName: 'x' } })).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(entraAudit.parse({ category: 'AuditLogs', properties: { activityDisplayName: 'x', activityDateTime: 'soon' } })).toMatchObject({
      ok: false,
      code: 'BAD_TIME',
    });
  });
});

describe('Panther Azure.Audit corpus', () => {
  it.skipIf(!existsSync(PANTHER))('every record goes through entra-audit detect and parse without throwing', () => {
    const lines = corpusLines(PANTHER);
    let claimed = 0;
    for (const [i, line] of lines.entries()) {
      const record: unknown = JSON.parse(line);
      expect(() => entraAudit.parse(record), `line ${i + 1}`).not.toThrow();
      if (!entraAudit.detect(record)) continue;
      claimed++;
      const result = entraAudit.parse(record);
      expect(result.ok, `line ${i + 1}: ${result.ok ? '' : result.message}`).toBe(true);
    }
    expect(claimed).toBe(21);
  });
});
