// graph-activity: delegated and app-only Graph requests, $batch, rows with no sign-in, and the join keys to sign-ins.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureActivity } from '../../src/adapters/azure-activity.js';
import { entraAudit } from '../../src/adapters/entra-audit.js';
import { entraSignin } from '../../src/adapters/entra-signin.js';
import { graphActivity, graphPath } from '../../src/adapters/graph-activity.js';
import type { Adapter } from '../../src/adapters/types.js';
import type { NormalizedEvent } from '../../src/model/types.js';
import { cleanEvents, cleanRecords, corpusLines, corpusPath, detectedName, ENTRA_TENANT, MICROSOFT_CANDIDATES, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const PANTHER = corpusPath('panther/azure_audit.jsonl');

const BLOB = `blob-layout/insights-logs-microsoftgraphactivitylogs/tenantId=${ENTRA_TENANT}/y=2026/m=05/d=01/h=10/m=00/PT1H.json`;
const FILES = [BLOB, 'app-only-batch.eventhub.json', 'no-matching-signin.jsonl', 'time-formats.jsonl'];

/** A graph-activity fixture's records; they must read cleanly. */
const readRecords = (rel: string): Promise<unknown[]> => cleanRecords(join(FIXTURES, 'graph-activity', rel));
/** The events of a fixture in `adapter`'s folder (graph-activity's by default), parsed with it; they must import cleanly. */
const events = (rel: string, adapter: Adapter = graphActivity): Promise<NormalizedEvent[]> =>
  cleanEvents(adapter, join(FIXTURES, adapter.name, rel));

describe('graph-activity fixtures', () => {
  it.each(FILES)('%s is claimed by graph-activity alone', async (rel) => {
    expect(detectedName(await readRecords(rel), MICROSOFT_CANDIDATES)).toBe('graph-activity');
  });

  it.each(FILES)('%s parses with zero rejects', async (rel) => {
    const records = await readRecords(rel);
    expect(records.map((r) => graphActivity.parse(r)).filter((r) => !r.ok)).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });

  it("the agent's delegated call: the app acts for alice, with the token and session of her sign-ins", async () => {
    const [send, decoy] = await events(BLOB);
    expect(withoutRaw(send!)).toEqual({
      id: 'graph-activity:9e910000-0000-4000-8000-000000000001',
      format: 'graph-activity',
      time: Date.parse('2026-05-01T10:03:11.987Z'),
      kind: 'action',
      name: 'graph:POST /v1.0/users/alice@corp.example/sendMail',
      actor: { id: 'entra-app:a9e47000-0000-4000-8000-0000000000a1', type: 'app', name: 'a9e47000-0000-4000-8000-0000000000a1', aliases: [] },
      on_behalf_of: { id: 'entra-user:a11ce000-0000-4000-8000-00000000a11c', type: 'human', name: 'a11ce000-0000-4000-8000-00000000a11c', aliases: [] },
      credential_used: 'entra-uti:FxAgentOboTok_02ZyXwVQ',
      session: 'entra-session:5e55a11c-0000-4000-8000-000000000001',
      target: 'https://graph.microsoft.com/v1.0/users/alice@corp.example/sendMail',
      outcome: 'success',
      ip: '198.51.100.9',
      user_agent: 'python-httpx/0.27.0',
      trace: { request_id: '9e910000-0000-4000-8000-000000000001' },
      attrs: {
        app_id: 'a9e47000-0000-4000-8000-0000000000a1',
        user_id: 'a11ce000-0000-4000-8000-00000000a11c',
        scopes: 'Mail.Send User.Read',
        client_auth_method: 2,
        client_auth: 'certificate',
        operation_id: '9e910000-0000-4000-8000-000000000001',
        client_request_id: 'c1e10000-0000-4000-8000-000000000001',
        api_version: 'v1.0',
        response_status: 202,
        response_size_bytes: 0,
        duration_ms: 231000,
        token_issued_at: '2026-05-01T10:03:00.000Z',
        sign_in_activity_id: 'FxAgentOboTok_02ZyXwVQ',
        tenant_id: ENTRA_TENANT,
        identity_provider: `https://sts.windows.net/${ENTRA_TENANT}/`,
        location: 'West Europe',
      },
    });
    expect(decoy!.name).toBe('graph:GET /v1.0/me/messages');
    expect(decoy!.target).toBe('https://graph.microsoft.com/v1.0/me/messages?$top=5&$select=subject,from');
    expect(decoy!.credential_used).toBe('entra-uti:FxDecoyNotesTok_03QqRr');
    expect(decoy!.attrs).toMatchObject({ client_auth: 'public', scopes: 'Mail.Read User.Read' });
  });

  it('app-only $batch: a service principal actor, no session, one operation id for both requests', async () => {
    const [users, members] = await events('app-only-batch.eventhub.json');
    const sp = {
      id: 'entra-sp:bac0b000-0000-4000-8000-0000000005b7',
      type: 'service',
      name: 'bac0b000-0000-4000-8000-0000000005b7',
      aliases: ['entra-app:bac0b000-0000-4000-8000-0000000000b7'],
    };
    expect(users!.actor).toEqual(sp);
    expect(users!.on_behalf_of).toBeUndefined();
    expect(users!.session).toBeUndefined();
    expect(users!.name).toBe('graph:GET /v1.0/users');
    expect(users!.attrs).toMatchObject({ roles: 'User.Read.All Group.Read.All', client_auth: 'secret', operation_id: '9e920000-0000-4000-8000-0000000000b0' });
    expect(users!.attrs?.['scopes']).toBeUndefined();
    expect(members!.outcome).toBe('failure');
    expect(members!.attrs?.['operation_id']).toBe(users!.attrs?.['operation_id']);
    expect(members!.operation_key).toBeUndefined();
    expect(members!.id).not.toBe(users!.id);
  });

  it('rows with no matching sign-in keep their key as logged: doubled slashes collapse in the name only', async () => {
    const [photo, twin] = await events('no-matching-signin.jsonl');
    expect(photo!.name).toBe('graph:GET /beta/users/ca201000-0000-4000-8000-0000000ca201/photos/48x48/$value');
    expect(photo!.target).toBe('https://graph.microsoft.com/beta//users/ca201000-0000-4000-8000-0000000ca201/photos/48x48/$value');
    expect(photo!.outcome).toBe('failure');
    expect(photo!.user_agent).toBeUndefined();
    expect(photo!.session).toBeUndefined();
    expect(photo!.time).toBe(Date.parse('2026-05-01T10:40:22.849Z'));
    // Same letters as the agent's token but one case differs: a different token, never lower-cased.
    expect(twin!.credential_used).toBe('entra-uti:fxAgentOboTok_02ZyXwVQ');
  });

  it('time: the envelope time when timeGenerated is absent, zone-less forms flagged', async () => {
    const list = await events('time-formats.jsonl');
    expect(list.map((e) => [new Date(e.time).toISOString(), e.flags?.includes('time-zoneless-assumed-utc') ?? false])).toEqual([
      ['2026-05-01T11:00:00.000Z', true],
      ['2026-05-01T11:00:00.000Z', false],
      ['2026-05-01T11:00:00.000Z', true],
      ['2026-05-01T11:00:00.535Z', false],
    ]);
  });
});

describe('join keys shared with the sign-in and activity fixtures', () => {
  it("the agent's Graph call uses exactly the token its non-interactive sign-in issued, in alice's session", async () => {
    const [send, decoy] = await events(BLOB);
    const signins = await events('non-interactive-agent.eventhub.json', entraSignin);
    const issued = new Map(signins.map((e) => [e.credential_issued?.id, e]));
    expect(issued.get(send!.credential_used)?.actor.type).toBe('agent');
    expect(issued.get(send!.credential_used)?.on_behalf_of?.id).toBe(send!.on_behalf_of?.id);
    expect(issued.get(decoy!.credential_used)?.actor.type).toBe('human');
    const [interactive] = await events(`blob-layout/insights-logs-signinlogs/tenantId=${ENTRA_TENANT}/y=2026/m=05/d=01/h=10/m=00/PT1H.json`, entraSignin);
    expect(send!.session).toBe(interactive!.session);
    const [twin] = (await events('no-matching-signin.jsonl')).slice(1);
    expect(issued.has(twin!.credential_used)).toBe(false);
  });

  it('the backup job: audit key → sign-in with that key → token → Graph calls', async () => {
    const [creds] = await events('sp-credentials.eventhub.json', entraAudit);
    const [signin] = await events('service-principal.jsonl', entraSignin);
    const [call] = await events('app-only-batch.eventhub.json');
    expect(signin!.credential_used).toBe(creds!.credential_issued?.id);
    expect(call!.credential_used).toBe(signin!.credential_issued?.id);
  });

  it("alice's ARM token (uti claim) and the managed identity's token join activity records to their sign-ins", async () => {
    const signins = [...(await events('non-interactive-agent.eventhub.json', entraSignin)), ...(await events('managed-identity.jsonl', entraSignin))];
    const issued = new Set(signins.map((e) => e.credential_issued?.id));
    const activity = [
      ...(await events(`blob-layout/insights-activity-logs/resourceId=/SUBSCRIPTIONS/5AB5C0DE-5AB5-4000-8000-000000000002/y=2026/m=05/d=01/h=10/m=00/PT1H.json`, azureActivity)),
      ...(await events('managed-identity.eventhub.json', azureActivity)),
    ];
    for (const e of activity) expect(issued.has(e.credential_used), e.id).toBe(true);
  });
});

describe('graph-activity edge cases', () => {
  it.each([
    ['https://graph.microsoft.com/v1.0/users/u1/sendMail?x=1', '/v1.0/users/u1/sendMail'],
    ['https://graph.microsoft.com/beta//users/u1/photos/48x48/$value', '/beta/users/u1/photos/48x48/$value'],
    ['https://graph.microsoft.com/v1.0/$batch', '/v1.0/$batch'],
    ['/v1.0/me#frag', '/v1.0/me'],
    ['https://graph.microsoft.com', '/'],
  ])('graphPath(%s) = %s', (uri, path) => {
    expect(graphPath(uri)).toBe(path);
  });

  it('claims a request row without the diagnostic envelope', () => {
    const row = {
      requestId: 'r-1',
      requestMethod: 'get',
      requestUri: 'https://graph.microsoft.com/v1.0/me',
      signInActivityId: 'AbC',
      appId: 'app',
      userId: 'user',
      responseStatusCode: '200',
      timeGenerated: '2026-05-01T12:00:00.1234567Z',
    };
    expect(graphActivity.detect(row)).toBe(true);
    const result = graphActivity.parse(row);
    expect(result.ok && result.events[0]!.name).toBe('graph:GET /v1.0/me');
    expect(result.ok && result.events[0]!.outcome).toBe('success');
  });

  it('a row without a sign-in activity id is flagged, not rejected', () => {
    const result = graphActivity.parse({
      category: 'MicrosoftGraphActivityLogs',
      time: '2026-05-01T12:00:00Z',
      properties: { requestId: 'r-2', requestMethod: 'GET', requestUri: 'https://graph.microsoft.com/v1.0/me', servicePrincipalId: 'sp', responseStatusCode: 500 },
    });
    expect(result.ok && result.events[0]!.flags).toEqual(['no-sign-in-activity-id']);
    expect(result.ok && result.events[0]!.outcome).toBe('failure');
  });

  it('rejects what it cannot read, with a code', () => {
    expect(graphActivity.parse('x')).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
    expect(graphActivity.parse({ category: 'MicrosoftGraphActivityLogs' })).toMatchObject({ ok: false, code: 'MISSING_FIELD' });
    expect(graphActivity.parse({ category: 'MicrosoftGraphActivityLogs', properties: { requestMethod: 'GET' } })).toMatchObject({
      ok: false,
      code: 'MISSING_FIELD',
    });
    expect(
      graphActivity.parse({ category: 'MicrosoftGraphActivityLogs', time: '?', properties: { requestMethod: 'GET', requestUri: '/v1.0/me' } }),
    ).toMatchObject({ ok: false, code: 'BAD_TIME' });
  });
});

describe('Panther Azure.Audit corpus', () => {
  it.skipIf(!existsSync(PANTHER))('every record goes through graph-activity detect and parse without throwing; none is Graph activity', () => {
    const lines = corpusLines(PANTHER);
    let claimed = 0;
    for (const [i, line] of lines.entries()) {
      const record: unknown = JSON.parse(line);
      expect(() => graphActivity.parse(record), `line ${i + 1}`).not.toThrow();
      if (graphActivity.detect(record)) claimed++;
    }
    expect(claimed).toBe(0);
  });
});
