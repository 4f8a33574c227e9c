// azure-activity: diagnostic records (blob, Event Hub) and REST EventData, operations delivered as several phases.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureActivity } from '../../src/adapters/azure-activity.js';
import type { NormalizedEvent } from '../../src/model/types.js';
import { cleanEvents, cleanRecords, corpusLines, corpusPath, detectedName, ENTRA_ALICE, ENTRA_TENANT, MICROSOFT_CANDIDATES, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const DIR = join(FIXTURES, 'azure-activity');
const PANTHER = corpusPath('panther/azure_audit.jsonl');

const SUB = '5ab5c0de-5ab5-4000-8000-000000000002';
const BLOB = `blob-layout/insights-activity-logs/resourceId=/SUBSCRIPTIONS/${SUB.toUpperCase()}/y=2026/m=05/d=01/h=10/m=00/PT1H.json`;
const FILES = [BLOB, 'rest-eventdata.json', 'managed-identity.eventhub.json', 'no-identity.jsonl', 'time-formats.jsonl'];
const HASHED_ID = /^azure-activity:sha256:[0-9a-f]{64}$/;

const readRecords = (rel: string): Promise<unknown[]> => cleanRecords(join(DIR, rel));
const events = (rel: string): Promise<NormalizedEvent[]> => cleanEvents(azureActivity, join(DIR, rel));

describe('azure-activity fixtures', () => {
  it.each(FILES)('%s is claimed by azure-activity alone', async (rel) => {
    expect(detectedName(await readRecords(rel), MICROSOFT_CANDIDATES)).toBe('azure-activity');
  });

  it.each(FILES)('%s parses with zero rejects', async (rel) => {
    const records = await readRecords(rel);
    expect(records.map((r) => azureActivity.parse(r)).filter((r) => !r.ok)).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });

  it('blob records: one operation in Start/Success phases shares its operation key, each phase is its own event', async () => {
    const list = await events(BLOB);
    expect(list.map((e) => [e.name, e.attrs?.['result_type'], e.outcome, e.operation_key])).toEqual([
      ['azure:microsoft.authorization/roleassignments/write', 'Start', 'unknown', 'azure-op:c0a7a000-0000-4000-8000-0000000000a1'],
      ['azure:microsoft.authorization/roleassignments/write', 'Success', 'success', 'azure-op:c0a7a000-0000-4000-8000-0000000000a1'],
      ['azure:microsoft.keyvault/vaults/secrets/write', 'Start', 'unknown', 'azure-op:c0a7a000-0000-4000-8000-0000000000b2'],
      ['azure:microsoft.keyvault/vaults/secrets/write', 'Accept', 'unknown', 'azure-op:c0a7a000-0000-4000-8000-0000000000b2'],
      ['azure:microsoft.keyvault/vaults/secrets/write', 'Success', 'success', 'azure-op:c0a7a000-0000-4000-8000-0000000000b2'],
    ]);
    expect(new Set(list.map((e) => e.id)).size).toBe(5);
    for (const e of list) expect(e.id).toMatch(HASHED_ID);
  });

  it('the role assignment write by alice: a delegation signed with her ARM token (uti from the claims)', async () => {
    const success = (await events(BLOB))[1]!;
    const target = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/FX-RG/PROVIDERS/MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/7A500000-0000-4000-8000-0000000000A1`;
    expect(withoutRaw(success)).toEqual({
      id: expect.stringMatching(HASHED_ID) as unknown as string,
      format: 'azure-activity',
      time: Date.parse('2026-05-01T10:06:11.999Z'),
      kind: 'delegate',
      name: 'azure:microsoft.authorization/roleassignments/write',
      actor: ENTRA_ALICE,
      credential_used: 'entra-uti:FxAliceArmTok_06KkLlJj',
      operation_key: 'azure-op:c0a7a000-0000-4000-8000-0000000000a1',
      target,
      outcome: 'success',
      ip: '203.0.113.10',
      attrs: {
        category: 'Administrative',
        event_category: 'Administrative',
        operation_name: 'MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE',
        result_type: 'Success',
        result_signature: 'Created',
        correlation_id: 'c0a7a000-0000-4000-8000-0000000000a1',
        level: 'Information',
        subscription_id: SUB.toUpperCase(),
        resource_group: 'FX-RG',
        resource_provider: 'MICROSOFT.AUTHORIZATION',
        tenant_id: ENTRA_TENANT,
        app_id: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
        app_id_acr: '0',
        audience: 'https://management.core.windows.net/',
        token_issued_at: '2026-05-01T10:05:00.000Z',
        token_expires: '2026-05-01T11:20:00.000Z',
        authorization_action: 'Microsoft.Authorization/roleAssignments/write',
        authorization_scope: `/subscriptions/${SUB}/resourceGroups/fx-rg/providers/Microsoft.Authorization/roleAssignments/7a500000-0000-4000-8000-0000000000a1`,
        role: 'Owner',
        role_assignment_id: '0a1e0000000040008000000000000a1c',
        principal_type: 'User',
        status_code: 'Created',
        duration_ms: 1888,
      },
    });
  });

  it('the storage mapping writes the operation type as category (Write) and the event category in properties', async () => {
    const start = (await events(BLOB))[2]!;
    expect(start.attrs).toMatchObject({ category: 'Write', event_category: 'Administrative' });
    expect(start.kind).toBe('action');
  });

  it('REST EventData: id from eventDataId, caller claims at the top level, ip and request id from httpRequest', async () => {
    const [end, begin] = await events('rest-eventdata.json');
    const actor = {
      id: 'entra-app:a070a700-0000-4000-8000-0000000000a7',
      type: 'service',
      name: 'a070a700-0000-4000-8000-0000000000a7',
      aliases: ['entra-sp:a070a700-0000-4000-8000-0000000005a7'],
    };
    const vm = `/subscriptions/${SUB}/resourceGroups/fx-rg/providers/Microsoft.Compute/virtualMachines/fx-vm-02`;
    expect(withoutRaw(end!)).toEqual({
      id: 'azure-activity:ed000000-0000-4000-8000-0000000000c2',
      format: 'azure-activity',
      time: Date.parse('2026-05-01T10:21:03.500Z'),
      kind: 'action',
      name: 'azure:microsoft.compute/virtualmachines/write',
      actor,
      credential_used: 'entra-uti:FxProvisionerTok_11SsT',
      operation_key: 'azure-op:c0a7a000-0000-4000-8000-0000000000c3',
      target: vm,
      outcome: 'success',
      ip: '192.0.2.70',
      trace: { request_id: 'c1e47000-0000-4000-8000-0000000000c3' },
      attrs: {
        category: 'Administrative',
        event_category: 'Administrative',
        operation_name: 'Microsoft.Compute/virtualMachines/write',
        result_type: 'Succeeded',
        result_signature: 'OK',
        correlation_id: 'c0a7a000-0000-4000-8000-0000000000c3',
        event_name: 'EndRequest',
        level: 'Informational',
        subscription_id: SUB,
        resource_group: 'fx-rg',
        resource_provider: 'Microsoft.Compute',
        tenant_id: ENTRA_TENANT,
        caller: 'a070a700-0000-4000-8000-0000000005a7',
        app_id: 'a070a700-0000-4000-8000-0000000000a7',
        app_id_acr: '1',
        identity_type: 'app',
        audience: 'https://management.azure.com/',
        token_issued_at: '2026-05-01T10:20:00.000Z',
        token_expires: '2026-05-02T10:20:00.000Z',
        authorization_action: 'Microsoft.Compute/virtualMachines/write',
        authorization_scope: vm,
        status_code: 'OK',
      },
    });
    expect(begin!.id).toBe('azure-activity:ed000000-0000-4000-8000-0000000000c1');
    expect(begin!.outcome).toBe('unknown');
    expect(begin!.operation_key).toBe(end!.operation_key);
  });

  it('a managed identity: app-only claims with xms_mirid; durationMs as a string', async () => {
    const [mi] = await events('managed-identity.eventhub.json');
    expect(mi!.actor).toEqual({
      id: 'entra-app:3d1d0000-0000-4000-8000-0000000000e1',
      type: 'service',
      name: 'fx-vm-01',
      aliases: ['entra-sp:3d1d0000-0000-4000-8000-0000000005e1'],
    });
    expect(mi!.credential_used).toBe('entra-uti:FxVmIdentityTok_05PpQq');
    expect(mi!.ip).toBe('10.0.4.7');
    expect(mi!.attrs).toMatchObject({
      category: 'Action',
      duration_ms: 0,
      managed_identity_resource_id: `/subscriptions/${SUB}/resourcegroups/fx-rg/providers/Microsoft.Compute/virtualMachines/fx-vm-01`,
      role: 'Storage Account Key Operator Service Role',
      principal_type: 'ServicePrincipal',
    });
  });

  it('records without an identity: a mixed-case tenant scope is still activity; health events are the platform', async () => {
    const [tenant, health] = await events('no-identity.jsonl');
    expect(tenant!.actor).toEqual({ id: 'azure-unknown:no-identity', type: 'unknown', name: 'no identity in record' });
    expect(tenant!.flags).toEqual(['no-identity']);
    expect(tenant!.target).toBe(`/TeNaNtS/${ENTRA_TENANT}/PrOvIdErS/Microsoft.aadiam`);
    expect(tenant!.credential_used).toBeUndefined();
    expect(health!.actor).toEqual({ id: 'azure-platform', type: 'service', name: 'Azure platform' });
    expect(health!.flags).toEqual(['platform-event']);
    expect(health!.outcome).toBe('unknown');
    expect(health!.time).toBe(Date.parse('2026-05-01T11:50:07.220Z'));
  });

  it('time: US text and zone-less forms are read as UTC and flagged; a policy deny is a failure', async () => {
    const list = await events('time-formats.jsonl');
    expect(list.map((e) => [new Date(e.time).toISOString(), e.flags?.includes('time-zoneless-assumed-utc') ?? false, e.outcome])).toEqual([
      ['2026-05-01T10:50:00.000Z', true, 'success'],
      ['2026-05-01T10:50:00.000Z', false, 'success'],
      ['2026-05-01T10:50:00.000Z', true, 'success'],
      ['2026-05-01T10:50:00.535Z', false, 'failure'],
    ]);
    expect(list[3]!.name).toBe('azure:microsoft.authorization/policies/deny/action');
  });

  it('ids are stable across re-imports of the same record', async () => {
    const [first] = await readRecords(BLOB);
    const a = azureActivity.parse(first);
    const b = azureActivity.parse(JSON.parse(JSON.stringify(first)));
    expect(a.ok && b.ok && a.events[0]!.id === b.events[0]!.id).toBe(true);
  });
});

describe('azure-activity edge cases', () => {
  const record = (claims: Record<string, string> | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    time: '2026-05-01T12:00:00Z',
    resourceId: `/subscriptions/${SUB}/resourceGroups/fx-rg`,
    operationName: 'MICROSOFT.RESOURCES/SUBSCRIPTIONS/RESOURCEGROUPS/WRITE',
    category: 'Administrative',
    resultType: 'Success',
    correlationId: 'c0a7a000-0000-4000-8000-0000000000ee',
    identity: claims ? { claims } : {},
    ...extra,
  });

  it('a guest is named from unique_name without the live.com# prefix', () => {
    const result = azureActivity.parse(
      record({ 'http://schemas.microsoft.com/identity/claims/objectidentifier': 'guest-oid', unique_name: 'live.com#guest@example.org', scp: 'user_impersonation' }),
    );
    expect(result.ok && result.events[0]!.actor).toEqual({
      id: 'entra-user:guest-oid',
      type: 'human',
      name: 'guest@example.org',
      aliases: ['email:guest@example.org', 'entra-upn:guest@example.org'],
    });
  });

  it('without claims, the RBAC evidence, then caller, name the actor (flagged)', () => {
    const evidence = azureActivity.parse(
      record(undefined, { identity: { authorization: { evidence: { principalId: 'sp-obj', principalType: 'ServicePrincipal' } } } }),
    );
    expect(evidence.ok && evidence.events[0]!.actor.id).toBe('entra-sp:sp-obj');
    expect(evidence.ok && evidence.events[0]!.flags).toEqual(['actor-from-rbac-evidence']);
    const caller = azureActivity.parse(record(undefined, { caller: 'ops@corp.example' }));
    expect(caller.ok && caller.events[0]!.actor.id).toBe('entra-upn:ops@corp.example');
  });

  it('does not claim Entra records, nor Azure resource logs outside the activity categories', () => {
    expect(azureActivity.detect({ category: 'AuditLogs', resourceId: `/subscriptions/${SUB}`, operationName: 'x' })).toBe(false);
    expect(azureActivity.detect({ category: 'AuditEvent', resourceId: `/subscriptions/${SUB}/x`, operationName: 'VaultGet' })).toBe(false);
    expect(azureActivity.detect({ category: 'Administrative', resourceId: 'x', operationName: 'y' })).toBe(false);
  });

  it('rejects what it cannot read, with a code', () => {
    expect(azureActivity.parse(null)).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
    expect(azureActivity.parse({ category: 'Administrative' })).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(azureActivity.parse(record(undefined, { time: undefined }))).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(azureActivity.parse(record(undefined, { time: 'n/a' }))).toMatchObject({ ok: false, code: 'BAD_TIME' });
  });
});

describe('Panther Azure.Audit corpus', () => {
  it.skipIf(!existsSync(PANTHER))('every record goes through azure-activity detect and parse without throwing; none is activity', () => {
    const lines = corpusLines(PANTHER);
    let claimed = 0;
    for (const [i, line] of lines.entries()) {
      const record: unknown = JSON.parse(line);
      expect(() => azureActivity.parse(record), `line ${i + 1}`).not.toThrow();
      if (azureActivity.detect(record)) claimed++;
    }
    // The corpus's "Policy" rows are Entra audit rows with a replaced category, not Azure Policy events.
    expect(claimed).toBe(0);
  });
});
