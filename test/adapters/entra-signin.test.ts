// entra-signin: every sign-in category and container, read through the real reader, normalized field by field.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureActivity } from '../../src/adapters/azure-activity.js';
import { entraAudit } from '../../src/adapters/entra-audit.js';
import { entraSignin } from '../../src/adapters/entra-signin.js';
import { graphActivity } from '../../src/adapters/graph-activity.js';
import { parseUsDateTime } from '../../src/adapters/shared/time.js';
import type { NormalizedEvent, PrincipalRef } from '../../src/model/types.js';
import { cleanEvents, cleanRecords, corpusLines, corpusPath, detectedName, ENTRA_ALICE, ENTRA_TENANT, MICROSOFT_CANDIDATES, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const DIR = join(FIXTURES, 'entra-signin');
const PANTHER = corpusPath('panther/azure_audit.jsonl');

const BLOB = `blob-layout/insights-logs-signinlogs/tenantId=${ENTRA_TENANT}/y=2026/m=05/d=01/h=10/m=00/PT1H.json`;
const FILES = [
  BLOB,
  'non-interactive-agent.eventhub.json',
  'service-principal.jsonl',
  'managed-identity.jsonl',
  'graph-api.json',
  'time-formats.jsonl',
  'older-export-no-session.jsonl',
  'lowercase-envelope.jsonl',
];

const AGENT: PrincipalRef = {
  id: 'entra-app:a9e47000-0000-4000-8000-0000000000a1',
  type: 'agent',
  name: 'release-bot',
  aliases: ['entra-sp:a9e47000-0000-4000-8000-0000000005a1'],
};
const BACKUP: PrincipalRef = {
  id: 'entra-sp:bac0b000-0000-4000-8000-0000000005b7',
  type: 'service',
  name: 'fx-backup-job',
  aliases: ['entra-app:bac0b000-0000-4000-8000-0000000000b7'],
};
const SESSION_ALICE = 'entra-session:5e55a11c-0000-4000-8000-000000000001';

const readRecords = (rel: string): Promise<unknown[]> => cleanRecords(join(DIR, rel));
const events = (rel: string): Promise<NormalizedEvent[]> => cleanEvents(entraSignin, join(DIR, rel));

function byId(list: readonly NormalizedEvent[], id: string): NormalizedEvent {
  const found = list.find((e) => e.id === `entra-signin:${id}`);
  if (!found) throw new Error(`no event ${id}`);
  return found;
}

describe('entra-signin fixtures', () => {
  it.each(FILES)('%s is claimed by entra-signin alone', async (rel) => {
    expect(detectedName(await readRecords(rel), MICROSOFT_CANDIDATES)).toBe('entra-signin');
  });

  it.each(FILES)('%s parses with zero rejects', async (rel) => {
    const records = await readRecords(rel);
    const rejects = records.map((r) => entraSignin.parse(r)).filter((r) => !r.ok);
    expect(rejects).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });

  it('interactive sign-in from the storage blob: the human authentication that starts session S1', async () => {
    const list = await events(BLOB);
    expect(list).toHaveLength(2);
    expect(withoutRaw(byId(list, '51900000-0000-4000-8000-000000000001'))).toEqual({
      id: 'entra-signin:51900000-0000-4000-8000-000000000001',
      format: 'entra-signin',
      time: Date.parse('2026-05-01T10:00:05.123Z'),
      kind: 'authenticate',
      name: 'entra:signin.interactive',
      actor: ENTRA_ALICE,
      credential_issued: { id: 'entra-uti:FxAliceIntTok_01aBcDeQ', issuedTo: ENTRA_ALICE },
      session: SESSION_ALICE,
      target: 'Microsoft Graph (00000003-0000-0000-c000-000000000000)',
      outcome: 'success',
      ip: '203.0.113.10',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) FixtureBrowser/1.0',
      attrs: {
        category: 'SignInLogs',
        tenant_id: ENTRA_TENANT,
        app_id: '0ff1ce00-0000-4000-8000-000000000ff1',
        app_name: 'Fixture Office Portal',
        resource_id: '00000003-0000-0000-c000-000000000000',
        resource_name: 'Microsoft Graph',
        client_app: 'Browser',
        incoming_token_type: 'none',
        is_interactive: true,
        authentication_requirement: 'multiFactorAuthentication',
        authentication_protocol: 'oAuth2',
        conditional_access_status: 'success',
        agent_type: 'notAgentic',
        agent_subject_type: 'notAgentic',
        correlation_id: 'c0220000-0000-4000-8000-000000000001',
        unique_token_identifier: 'FxAliceIntTok_01aBcDeQ',
        original_request_id: '51900000-0000-4000-8000-000000000001',
        user_type: 'Member',
        token_issuer_type: 'AzureAD',
        error_code: 0,
      },
    });
  });

  it('a failed sign-in issues nothing, keeps its request-level uti as an attribute, and has no session', async () => {
    const bob = byId(await events(BLOB), '51900000-0000-4000-8000-000000000009');
    expect(bob.outcome).toBe('failure');
    expect(bob.credential_issued).toBeUndefined();
    expect(bob.session).toBeUndefined();
    expect(bob.flags).toEqual(['no-session-id']);
    expect(bob.attrs).toMatchObject({ error_code: 50126, unique_token_identifier: 'FxBobFailedTok_09XxYyZ' });
    expect(bob.attrs?.['failure_reason']).toMatch(/invalid username or password/);
  });

  it('Event Hub non-interactive: an agentic sign-in makes the agent app the actor, acting for alice', async () => {
    const list = await events('non-interactive-agent.eventhub.json');
    expect(list).toHaveLength(3);
    expect(withoutRaw(byId(list, '51900000-0000-4000-8000-000000000002'))).toEqual({
      id: 'entra-signin:51900000-0000-4000-8000-000000000002',
      format: 'entra-signin',
      time: Date.parse('2026-05-01T10:03:00.123Z'),
      kind: 'credential',
      name: 'entra:signin.non_interactive',
      actor: AGENT,
      on_behalf_of: ENTRA_ALICE,
      credential_issued: { id: 'entra-uti:FxAgentOboTok_02ZyXwVQ', issuedTo: AGENT, scopes: 'Mail.Send User.Read' },
      session: SESSION_ALICE,
      target: 'Microsoft Graph (00000003-0000-0000-c000-000000000000)',
      outcome: 'success',
      ip: '198.51.100.9',
      user_agent: 'python-httpx/0.27.0',
      attrs: {
        category: 'NonInteractiveUserSignInLogs',
        tenant_id: ENTRA_TENANT,
        app_id: 'a9e47000-0000-4000-8000-0000000000a1',
        app_name: 'release-bot',
        resource_id: '00000003-0000-0000-c000-000000000000',
        resource_name: 'Microsoft Graph',
        client_app: 'Mobile Apps and Desktop clients',
        incoming_token_type: 'refreshToken',
        is_interactive: false,
        authentication_requirement: 'multiFactorAuthentication',
        authentication_protocol: 'none',
        conditional_access_status: 'success',
        agent_type: 'agenticAppInstance',
        agent_subject_type: 'agenticAppInstance',
        agent_parent_id: 'a9e47000-0000-4000-8000-0000000000b1',
        correlation_id: 'c0220000-0000-4000-8000-000000000002',
        unique_token_identifier: 'FxAgentOboTok_02ZyXwVQ',
        original_request_id: '51900000-0000-4000-8000-000000000002',
        user_type: 'Member',
        service_principal_id: 'a9e47000-0000-4000-8000-0000000005a1',
        token_issuer_type: 'AzureAD',
        error_code: 0,
        scopes: 'Mail.Send User.Read',
      },
    });
  });

  it('the decoy app token of the same user stays the human actor, with scopes from the bare list form', async () => {
    const decoy = byId(await events('non-interactive-agent.eventhub.json'), '51900000-0000-4000-8000-000000000003');
    expect(decoy.actor).toEqual(ENTRA_ALICE);
    expect(decoy.on_behalf_of).toBeUndefined();
    expect(decoy.credential_issued).toEqual({ id: 'entra-uti:FxDecoyNotesTok_03QqRr', issuedTo: ENTRA_ALICE, scopes: 'Mail.Read User.Read' });
    expect(decoy.session).toBe(SESSION_ALICE);
    expect(decoy.attrs).toMatchObject({ app_name: 'notes-sync', agent_type: 'notAgentic' });
  });

  it('a refresh-token redemption names no credential used: the session joins it to the root login', async () => {
    const portal = byId(await events('non-interactive-agent.eventhub.json'), '51900000-0000-4000-8000-000000000006');
    expect(portal.credential_used).toBeUndefined();
    expect(portal.credential_issued?.id).toBe('entra-uti:FxAliceArmTok_06KkLlJj');
    expect(portal.session).toBe(SESSION_ALICE);
    expect(portal.attrs).toMatchObject({ incoming_token_type: 'refreshToken', resource_name: 'Windows Azure Service Management API' });
    expect(portal.attrs?.['agent_type']).toBeUndefined();
  });

  it('service principal sign-in: the workload, the key credential it used, and the token it got', async () => {
    const list = await events('service-principal.jsonl');
    expect(withoutRaw(byId(list, '51900000-0000-4000-8000-000000000004'))).toEqual({
      id: 'entra-signin:51900000-0000-4000-8000-000000000004',
      format: 'entra-signin',
      time: Date.parse('2026-05-01T10:20:00.250Z'),
      kind: 'credential',
      name: 'entra:signin.service_principal',
      actor: BACKUP,
      credential_used: 'entra-key:c4ed0000-0000-4000-8000-0000000000c1',
      credential_issued: { id: 'entra-uti:FxBackupSpTok_04MmNnOo', issuedTo: BACKUP },
      target: 'Microsoft Graph (00000003-0000-0000-c000-000000000000)',
      outcome: 'success',
      ip: '192.0.2.44',
      attrs: {
        category: 'ServicePrincipalSignInLogs',
        tenant_id: ENTRA_TENANT,
        app_id: 'bac0b000-0000-4000-8000-0000000000b7',
        app_name: 'fx-backup-job',
        resource_id: '00000003-0000-0000-c000-000000000000',
        resource_name: 'Microsoft Graph',
        incoming_token_type: 'none',
        is_interactive: false,
        authentication_protocol: 'none',
        conditional_access_status: 'notApplied',
        correlation_id: 'c0220000-0000-4000-8000-000000000004',
        unique_token_identifier: 'FxBackupSpTok_04MmNnOo',
        original_request_id: '51900000-0000-4000-8000-000000000004',
        service_principal_id: 'bac0b000-0000-4000-8000-0000000005b7',
        service_principal_name: 'fx-backup-job',
        managed_identity_type: 'none',
        token_issuer_type: 'AzureAD',
        error_code: 0,
      },
    });
    const failed = byId(list, '51900000-0000-4000-8000-000000000014');
    expect(failed.outcome).toBe('failure');
    expect(failed.credential_used).toBeUndefined();
    expect(failed.credential_issued).toBeUndefined();
    expect(failed.flags).toBeUndefined();
  });

  it('managed identity sign-in: a service actor with no user, empty ip and no session', async () => {
    const [mi] = await events('managed-identity.jsonl');
    const actor = {
      id: 'entra-sp:3d1d0000-0000-4000-8000-0000000005e1',
      type: 'service',
      name: 'fx-vm-identity',
      aliases: ['entra-app:3d1d0000-0000-4000-8000-0000000000e1'],
    };
    expect(withoutRaw(mi!)).toEqual({
      id: 'entra-signin:51900000-0000-4000-8000-000000000005',
      format: 'entra-signin',
      time: Date.parse('2026-05-01T10:30:00.900Z'),
      kind: 'credential',
      name: 'entra:signin.managed_identity',
      actor,
      credential_issued: { id: 'entra-uti:FxVmIdentityTok_05PpQq', issuedTo: actor },
      target: 'Windows Azure Service Management API (797f4846-ba00-4fd7-ba43-dac1f8f63013)',
      outcome: 'success',
      attrs: {
        category: 'ManagedIdentitySignInLogs',
        tenant_id: ENTRA_TENANT,
        app_id: '3d1d0000-0000-4000-8000-0000000000e1',
        resource_id: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
        resource_name: 'Windows Azure Service Management API',
        incoming_token_type: 'none',
        is_interactive: false,
        authentication_protocol: 'none',
        conditional_access_status: 'notApplied',
        correlation_id: 'c0220000-0000-4000-8000-000000000005',
        unique_token_identifier: 'FxVmIdentityTok_05PpQq',
        service_principal_id: '3d1d0000-0000-4000-8000-0000000005e1',
        service_principal_name: 'fx-vm-identity',
        managed_identity_type: 'systemAssigned',
        token_issuer_type: 'AzureAD',
        error_code: 0,
      },
    });
  });

  it('a Graph /auditLogs/signIns row is the same event as its diagnostic copy (same id, same keys)', async () => {
    const [graphAlice, carol] = await events('graph-api.json');
    const diagAlice = byId(await events(BLOB), '51900000-0000-4000-8000-000000000001');
    expect(graphAlice!.id).toBe(diagAlice.id);
    expect(graphAlice!.credential_issued).toEqual(diagAlice.credential_issued);
    expect(graphAlice!.session).toBe(diagAlice.session);
    expect(graphAlice!.kind).toBe('authenticate');
    expect(graphAlice!.time).toBe(Date.parse('2026-05-01T10:00:05Z'));
    expect(graphAlice!.attrs?.['category']).toBe('interactive');
    // v1.0-shaped rows have neither uti nor sessionId.
    expect(carol!.name).toBe('entra:signin.interactive');
    expect(carol!.credential_issued).toBeUndefined();
    expect(carol!.flags).toEqual(['no-session-id']);
    expect(carol!.actor.id).toBe('entra-user:ca201000-0000-4000-8000-0000000ca201');
  });

  it('every envelope time syntax resolves to UTC; zone-less ones are flagged', async () => {
    const list = await events('time-formats.jsonl');
    const seen = list.map((e) => [e.id.slice(-2), new Date(e.time).toISOString(), e.flags?.includes('time-zoneless-assumed-utc') ?? false]);
    expect(seen).toEqual([
      ['f1', '2026-05-01T10:41:00.000Z', true],
      ['f2', '2026-05-01T10:41:00.000Z', false],
      ['f3', '2026-05-01T10:41:07.000Z', true],
      ['f4', '2026-05-01T10:41:00.000Z', true],
      ['f5', '2026-05-01T10:41:00.535Z', false],
      ['f6', '2026-05-01T10:41:00.123Z', true],
      ['f7', '2026-05-01T10:41:00.123Z', false],
      ['f8', '2026-05-01T00:05:00.000Z', true],
    ]);
  });

  it('older exports without sessionId are flagged, and a PRT redemption still issues its token', async () => {
    const [interactive, prt] = await events('older-export-no-session.jsonl');
    expect(interactive!.flags).toEqual(['no-session-id']);
    expect(interactive!.time).toBe(Date.parse('2022-03-17T09:44:46.309Z'));
    expect(prt!.flags).toEqual(['no-session-id']);
    expect(prt!.attrs?.['incoming_token_type']).toBe('primaryRefreshToken');
    expect(prt!.credential_issued?.id).toBe('entra-uti:FxOlderPrtTok_22EeFfG');
  });

  it('lower-cased envelope keys (tenantid, calleripaddress, resulttype as a number) are read', async () => {
    const [exporter] = await events('lowercase-envelope.jsonl');
    const actor = {
      id: 'entra-sp:e4b0e700-0000-4000-8000-0000000005e7',
      type: 'service',
      name: 'fx-report-exporter',
      aliases: ['entra-app:e4b0e700-0000-4000-8000-0000000000e7'],
    };
    expect(withoutRaw(exporter!)).toEqual({
      id: 'entra-signin:51900000-0000-4000-8000-000000000031',
      format: 'entra-signin',
      time: Date.parse('2026-05-01T10:29:53.691Z'),
      kind: 'credential',
      name: 'entra:signin.service_principal',
      actor,
      credential_used: 'entra-key:e4b0e700-0000-4000-8000-00000000ce27',
      credential_issued: { id: 'entra-uti:FxExporterTok_31HhIiJ', issuedTo: actor },
      target: 'Office 365 Management APIs (c5393580-f805-4401-95e8-94b7a6ef2fc2)',
      outcome: 'success',
      ip: '192.0.2.58',
      attrs: {
        category: 'ServicePrincipalSignInLogs',
        tenant_id: ENTRA_TENANT,
        app_id: 'e4b0e700-0000-4000-8000-0000000000e7',
        resource_id: 'c5393580-f805-4401-95e8-94b7a6ef2fc2',
        resource_name: 'Office 365 Management APIs',
        incoming_token_type: 'none',
        is_interactive: false,
        authentication_protocol: 'none',
        conditional_access_status: 'notApplied',
        correlation_id: 'c0220000-0000-4000-8000-000000000031',
        unique_token_identifier: 'FxExporterTok_31HhIiJ',
        service_principal_id: 'e4b0e700-0000-4000-8000-0000000005e7',
        service_principal_name: 'fx-report-exporter',
        managed_identity_type: 'none',
        token_issuer_type: 'AzureAD',
        error_code: 0,
      },
      flags: ['time-zoneless-assumed-utc'],
    });
  });

  it('never changes the case of a uti, and keeps the record as raw', async () => {
    const values = await readRecords('non-interactive-agent.eventhub.json');
    const result = entraSignin.parse(values[0]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events[0]!.credential_issued?.id).toBe('entra-uti:FxAgentOboTok_02ZyXwVQ');
    expect(result.events[0]!.raw).toEqual(values[0]);
  });
});

describe('entra-signin edge cases', () => {
  const base = (props: Record<string, unknown>, category = 'NonInteractiveUserSignInLogs'): Record<string, unknown> => ({
    time: '2026-05-01T12:00:00.0000000Z',
    category,
    properties: { id: 'edge-1', createdDateTime: '2026-05-01T12:00:00+00:00', status: { errorCode: 0 }, ...props },
  });

  it('an agent user account (agentIDuser) is itself the agent, acting for nobody', () => {
    const result = entraSignin.parse(
      base({ userId: 'a9e40000-0000-4000-8000-00000000a5e1', userPrincipalName: 'bot-user@corp.example', appId: 'x', agent: { agentType: 'agentIDuser' } }),
    );
    expect(result.ok && result.events[0]!.actor).toEqual({
      id: 'entra-user:a9e40000-0000-4000-8000-00000000a5e1',
      type: 'agent',
      name: 'bot-user@corp.example',
      aliases: ['email:bot-user@corp.example', 'entra-upn:bot-user@corp.example'],
    });
    expect(result.ok && result.events[0]!.on_behalf_of).toBeUndefined();
  });

  it('an agentic service-principal sign-in is the agent acting as itself', () => {
    const result = entraSignin.parse(
      base({ appId: 'ag-app', appDisplayName: 'fx-agent', servicePrincipalId: 'ag-sp', agent: { agentType: 'agenticApp' } }, 'ServicePrincipalSignInLogs'),
    );
    expect(result.ok && result.events[0]!.actor).toEqual({ id: 'entra-app:ag-app', type: 'agent', name: 'fx-agent', aliases: ['entra-sp:ag-sp'] });
  });

  it('a Graph beta row is categorised by signInEventTypes', () => {
    const row = {
      id: 'g-1',
      createdDateTime: '2026-05-01T12:00:00Z',
      appId: 'app-1',
      userPrincipalName: null,
      servicePrincipalId: 'sp-1',
      signInEventTypes: ['servicePrincipal'],
      status: { errorCode: 0 },
    };
    expect(entraSignin.detect(row)).toBe(true);
    const result = entraSignin.parse(row);
    expect(result.ok && result.events[0]!.name).toBe('entra:signin.service_principal');
    expect(result.ok && result.events[0]!.actor.id).toBe('entra-sp:sp-1');
  });

  it('rejects what it cannot read, with a code', () => {
    expect(entraSignin.parse('x')).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
    expect(entraSignin.parse({ category: 'SignInLogs' })).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(entraSignin.parse({ category: 'AuditLogs', properties: {} })).toMatchObject({ ok: false, code: 'WRONG_CATEGORY' });
    expect(entraSignin.parse({ category: 'SignInLogs', properties: { id: 'x' } })).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(entraSignin.parse({ category: 'SignInLogs', time: 'yesterday', properties: { id: 'x' } })).toMatchObject({ ok: false, code: 'BAD_TIME' });
  });

  it('does not claim other Microsoft records', () => {
    expect(entraSignin.detect({ category: 'AuditLogs', properties: {} })).toBe(false);
    expect(entraSignin.detect({ category: 'MicrosoftGraphActivityLogs', properties: {} })).toBe(false);
    expect(entraSignin.detect({ category: 'SignInLogs' })).toBe(false);
    expect(entraSignin.detect([])).toBe(false);
  });
});

describe('parseUsDateTime', () => {
  it.each([
    ['1/9/2007 9:41:00 AM', '2007-01-09T09:41:00.000Z', true],
    ['01/09/2007 09:41:00 AM', '2007-01-09T09:41:00.000Z', true],
    ['1/9/2007 09:41:00', '2007-01-09T09:41:00.000Z', true],
    ['1/9/2007 10:41:00 AM +01:00', '2007-01-09T09:41:00.000Z', false],
    ['11/14/2025 1:48:53 AM', '2025-11-14T01:48:53.000Z', true],
    ['5/1/2026 12:05:00 AM', '2026-05-01T00:05:00.000Z', true],
    ['5/1/2026 12:05:00 PM', '2026-05-01T12:05:00.000Z', true],
    ['5/1/2026 1:05:00.250 PM -02:00', '2026-05-01T15:05:00.250Z', false],
  ])('%s → %s', (text, iso, zoneless) => {
    const parsed = parseUsDateTime(text);
    expect(parsed && new Date(parsed.ms).toISOString()).toBe(iso);
    expect(parsed?.zoneless).toBe(zoneless);
  });

  it.each(['2026-05-01T10:00:00Z', '13/1/2026 10:00:00', '5/1/2026 13:00:00 PM', 'May 1, 2026 10:00:00 AM'])('refuses %s', (text) => {
    expect(parseUsDateTime(text)).toBeUndefined();
  });
});

describe('Panther Azure.Audit corpus', () => {
  it.skipIf(!existsSync(PANTHER))('every record goes through every Microsoft detect and parse without throwing, claimed at most once', () => {
    const lines = corpusLines(PANTHER);
    const claims: Record<string, number> = {};
    for (const [i, line] of lines.entries()) {
      const record: unknown = JSON.parse(line);
      const claimers = MICROSOFT_CANDIDATES.filter((a) => a.detect(record));
      expect(claimers.length, `line ${i + 1}`).toBeLessThanOrEqual(1);
      for (const adapter of [entraSignin, entraAudit, azureActivity, graphActivity]) {
        expect(() => adapter.parse(record), `line ${i + 1} ${adapter.name}`).not.toThrow();
      }
      for (const adapter of claimers) {
        const result = adapter.parse(record);
        expect(result.ok, `line ${i + 1} ${adapter.name}: ${result.ok ? '' : result.message}`).toBe(true);
        claims[adapter.name] = (claims[adapter.name] ?? 0) + 1;
      }
    }
    expect(claims).toEqual({ 'entra-signin': 26, 'entra-audit': 21 });
  });
});
