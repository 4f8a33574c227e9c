// gws-token adapter: Reports API token activities (API page, NDJSON) → one normalized event per events[] entry.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudtrail } from '../../src/adapters/cloudtrail.js';
import { gwsToken, parameterMap } from '../../src/adapters/gws-token.js';
import { okta } from '../../src/adapters/okta.js';
import type { PrincipalRef } from '../../src/model/types.js';
import { corpusLines, corpusPath, detectedName, fixtureLoader, OKTA_GWS_CANDIDATES, rejectCodes, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const CORPUS = corpusPath('panther/gsuite_activityevent.jsonl');

/** Reads a fixture through the real reader and parses every record with the gws-token adapter. */
const load = fixtureLoader(gwsToken, join(FIXTURES, 'gws-token'));

const INVOICE = '555000111222-fixtureinvoicehelper.apps.googleusercontent.com';
const TABNOTES = '555000333444-fixturetabnotessync.apps.googleusercontent.com';
const MAILMERGE = '555000555666-fixturemailmerge.apps.googleusercontent.com';
const ALICE: PrincipalRef = { id: 'gws-user:101000000000000000001', type: 'human', name: 'alice@corp.example', aliases: ['email:alice@corp.example'] };
const BOB: PrincipalRef = {
  id: 'gws-user:101000000000000000002',
  type: 'human',
  name: 'Bob.Admin@Corp.Example',
  aliases: ['email:bob.admin@corp.example'],
};
const INVOICE_APP: PrincipalRef = { id: `gws-app:${INVOICE}`, type: 'app', name: 'Invoice Helper' };
const TABNOTES_APP: PrincipalRef = { id: `gws-app:${TABNOTES}`, type: 'app', name: 'Tab Notes Sync' };
const INVOICE_SCOPES = 'https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/drive.file';
const TAB_SCOPES = 'https://www.googleapis.com/auth/drive.readonly https://www.googleapis.com/auth/userinfo.email openid';

const CLEAN = ['reports-api-page.json', 'chrome-extension.jsonl', 'multi-event-activity.jsonl'];

describe('gws-token: clean fixtures', () => {
  it.each(CLEAN)('%s parses with zero rejects', async (name) => {
    const { events, rejects, unreadable } = await load(name);
    expect(rejects).toEqual([]);
    expect(unreadable).toEqual([]);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.id).toMatch(/^gws-token:-7\d{17}:\d$/);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});

describe('gws-token: reports-api-page.json (Reports API page)', () => {
  it('unwraps the page and keeps its newest-first order', async () => {
    const { events } = await load('reports-api-page.json');
    expect(events.map((e) => [e.id, e.name])).toEqual([
      ['gws-token:-700000000000000103:0', 'gws:token.activity'],
      ['gws-token:-700000000000000102:0', 'gws:token.activity'],
      ['gws-token:-700000000000000101:0', 'gws:token.authorize'],
    ]);
  });

  it('normalizes the grant: the user delegates to the app', async () => {
    const { events } = await load('reports-api-page.json');
    expect(withoutRaw(events[2])).toEqual({
      id: 'gws-token:-700000000000000101:0',
      format: 'gws-token',
      time: Date.parse('2026-05-01T09:40:02.442Z'),
      kind: 'delegate',
      name: 'gws:token.authorize',
      actor: ALICE,
      target: `Invoice Helper (${INVOICE}): ${INVOICE_SCOPES}`,
      outcome: 'success',
      ip: '198.51.100.21',
      attrs: {
        client_id: INVOICE,
        app_name: 'Invoice Helper',
        client_type: 'WEB',
        scopes: INVOICE_SCOPES,
        event_type: 'auth',
        caller_type: 'USER',
        customer_id: 'C0fixture1',
        grant_key: `101000000000000000001:${INVOICE}`,
        app_principal: `gws-app:${INVOICE}`,
      },
    });
  });

  it('normalizes an API call: the app acts for the user, intValue string read as a number', async () => {
    const { events } = await load('reports-api-page.json');
    expect(withoutRaw(events[1])).toEqual({
      id: 'gws-token:-700000000000000102:0',
      format: 'gws-token',
      time: Date.parse('2026-05-01T09:41:10.005Z'),
      kind: 'action',
      name: 'gws:token.activity',
      actor: INVOICE_APP,
      on_behalf_of: ALICE,
      target: 'gmail gmail.users.messages.send',
      outcome: 'success',
      ip: '203.0.113.70',
      attrs: {
        client_id: INVOICE,
        app_name: 'Invoice Helper',
        client_type: 'WEB',
        api_name: 'gmail',
        method_name: 'gmail.users.messages.send',
        num_response_bytes: 2048,
        product_bucket: 'GMAIL',
        event_type: 'auth',
        caller_type: 'USER',
        customer_id: 'C0fixture1',
        grant_key: `101000000000000000001:${INVOICE}`,
        app_principal: `gws-app:${INVOICE}`,
      },
    });
  });

  it('gives the grant and its API calls the same grant key, and no credential (GWS logs no token id)', async () => {
    const { events } = await load('reports-api-page.json');
    expect(new Set(events.map((e) => e.attrs?.['grant_key']))).toEqual(new Set([`101000000000000000001:${INVOICE}`]));
    for (const e of events) {
      expect(e.credential_issued).toBeUndefined();
      expect(e.credential_used).toBeUndefined();
    }
    expect(events[1]!.raw).toMatchObject({ id: { uniqueQualifier: '-700000000000000102' } });
  });
});

describe('gws-token: chrome-extension.jsonl', () => {
  it('marks a Chrome extension by client_type and keeps it an app principal', async () => {
    const { events } = await load('chrome-extension.jsonl');
    expect(events.map((e) => [e.name, e.kind])).toEqual([
      ['gws:token.authorize', 'delegate'],
      ['gws:token.activity', 'action'],
      ['gws:token.revoke', 'other'],
    ]);
    expect(withoutRaw(events[1])).toEqual({
      id: 'gws-token:-700000000000000202:0',
      format: 'gws-token',
      time: Date.parse('2026-05-02T08:05:30.250Z'),
      kind: 'action',
      name: 'gws:token.activity',
      actor: TABNOTES_APP,
      on_behalf_of: BOB,
      target: 'drive drive.files.list',
      outcome: 'success',
      ip: '192.0.2.77',
      attrs: {
        client_id: TABNOTES,
        app_name: 'Tab Notes Sync',
        client_type: 'NATIVE_CHROME_EXTENSION',
        api_name: 'drive',
        method_name: 'drive.files.list',
        num_response_bytes: 731904,
        product_bucket: 'DRIVE',
        event_type: 'auth',
        caller_type: 'USER',
        customer_id: 'C0fixture1',
        grant_key: `101000000000000000002:${TABNOTES}`,
        app_principal: `gws-app:${TABNOTES}`,
      },
    });
  });

  it('reads multiValue scopes on grant and revoke; a revoke without ipAddress has no ip', async () => {
    const { events } = await load('chrome-extension.jsonl');
    expect(events[0]!.attrs?.['scopes']).toBe(TAB_SCOPES);
    expect(events[0]!.actor).toEqual(BOB);
    expect(events[2]!.attrs?.['scopes']).toBe(TAB_SCOPES);
    expect(events[2]!.ip).toBeUndefined();
    expect(events[2]!.target).toBe(`Tab Notes Sync (${TABNOTES}): ${TAB_SCOPES}`);
  });
});

describe('gws-token: multi-event-activity.jsonl', () => {
  it('emits one event per events[] entry with ids <uniqueQualifier>:<index>', async () => {
    const { events, records } = await load('multi-event-activity.jsonl');
    expect(records).toHaveLength(2);
    expect(events.map((e) => e.id)).toEqual([
      'gws-token:-700000000000000301:0',
      'gws-token:-700000000000000301:1',
      'gws-token:-700000000000000302:0',
      'gws-token:-700000000000000302:1',
    ]);
    expect(events[0]!.time).toBe(events[1]!.time);
  });

  it('normalizes a denied request: scopes only in scope_data, outcome failure', async () => {
    const { events } = await load('multi-event-activity.jsonl');
    expect(withoutRaw(events[1])).toEqual({
      id: 'gws-token:-700000000000000301:1',
      format: 'gws-token',
      time: Date.parse('2026-05-03T12:00:00.000Z'),
      kind: 'other',
      name: 'gws:token.deny',
      actor: { id: 'gws-user:101000000000000000003', type: 'human', name: 'carol@corp.example', aliases: ['email:carol@corp.example'] },
      target: `Mail Merge Pro (${MAILMERGE}): https://mail.google.com/`,
      outcome: 'failure',
      ip: '198.51.100.23',
      attrs: {
        client_id: MAILMERGE,
        app_name: 'Mail Merge Pro',
        client_type: 'WEB',
        scopes: 'https://mail.google.com/',
        rejection_type: 'SCOPE_BLOCK',
        event_type: 'auth',
        caller_type: 'USER',
        customer_id: 'C0fixture1',
        grant_key: `101000000000000000003:${MAILMERGE}`,
        app_principal: `gws-app:${MAILMERGE}`,
      },
    });
    expect(events[0]!.kind).toBe('other');
    expect(events[0]!.attrs).toMatchObject({ app_request_info: 'APP_REQUEST_TYPE_INDIVIDUAL', requester_email: 'carol@corp.example' });
  });

  it('reads num_response_bytes as a value number or an intValue string, and the actor applicationInfo', async () => {
    const { events } = await load('multi-event-activity.jsonl');
    expect(events[2]!.attrs).toMatchObject({ num_response_bytes: 1223, impersonation: false, actor_oauth_client_id: INVOICE });
    expect(events[3]!.attrs).toMatchObject({ num_response_bytes: 88, method_name: 'calendar.events.insert' });
    expect(events[3]!.actor).toEqual(INVOICE_APP);
    expect(events[3]!.on_behalf_of).toEqual(ALICE);
  });
});

describe('gws-token: parameter values', () => {
  it('unwraps every value kind the Reports API uses', () => {
    const map = parameterMap([
      { name: 's', value: 'text' },
      { name: 'n', intValue: '42' },
      { name: 'b', boolValue: false },
      { name: 'm', multiValue: ['a', 'b'] },
      { name: 'mi', multiIntValue: ['1', '2'] },
      { name: 'msg', messageValue: { parameter: [{ name: 'inner', value: 'x' }] } },
      { name: 'mm', multiMessageValue: [{ parameter: [{ name: 'scope_name', value: 'openid' }] }] },
      { name: 'none' },
      'junk',
      null,
    ]);
    expect(map.get('s')).toBe('text');
    expect(map.get('n')).toBe(42);
    expect(map.get('b')).toBe(false);
    expect(map.get('m')).toEqual(['a', 'b']);
    expect(map.get('mi')).toEqual(['1', '2']);
    expect((map.get('msg') as ReadonlyArray<ReadonlyMap<string, unknown>>)[0]!.get('inner')).toBe('x');
    expect((map.get('mm') as ReadonlyArray<ReadonlyMap<string, unknown>>)[0]!.get('scope_name')).toBe('openid');
    expect(map.has('none')).toBe(false);
    expect(map.size).toBe(7);
  });
});

describe('gws-token: bad/rejects.jsonl', () => {
  it('imports the good activity and rejects each bad one with a code', async () => {
    const { events, rejects } = await load('bad/rejects.jsonl');
    expect(rejectCodes(rejects)).toEqual([
      { line: 2, code: 'MISSING_FIELD' },
      { line: 3, code: 'BAD_TIME' },
      { line: 4, code: 'WRONG_APPLICATION' },
      { line: 5, code: 'NO_EVENTS' },
      { line: 6, code: 'NO_EVENTS' },
    ]);
    expect(withoutRaw(events[0])).toEqual({
      id: 'gws-token:-700000000000000401:0',
      format: 'gws-token',
      time: Date.parse('2026-05-04T10:00:00.000Z'),
      kind: 'delegate',
      name: 'gws:token.authorize',
      actor: ALICE,
      target: `Invoice Helper (${INVOICE}): ${INVOICE_SCOPES}`,
      outcome: 'success',
      ip: '198.51.100.21',
      attrs: {
        client_id: INVOICE,
        app_name: 'Invoice Helper',
        client_type: 'WEB',
        scopes: INVOICE_SCOPES,
        event_type: 'auth',
        caller_type: 'USER',
        customer_id: 'C0fixture1',
        grant_key: `101000000000000000001:${INVOICE}`,
        app_principal: `gws-app:${INVOICE}`,
      },
    });
  });
});

describe('gws-token: detection', () => {
  it.each([...CLEAN, 'bad/rejects.jsonl'])('%s is claimed by gws-token alone', async (name) => {
    const { records } = await load(name);
    expect(detectedName(records, OKTA_GWS_CANDIDATES)).toBe('gws-token');
    for (const record of records) {
      expect(cloudtrail.detect(record)).toBe(false);
      expect(okta.detect(record)).toBe(false);
    }
  });

  it('claims token activities only: not other applications, not flattened copies', () => {
    const base = { kind: 'admin#reports#activity', id: { applicationName: 'token', time: '2026-05-01T00:00:00.000Z' } };
    expect(gwsToken.detect({ ...base, events: [{ name: 'authorize' }] })).toBe(true);
    expect(gwsToken.detect({ ...base, id: { applicationName: 'login' }, events: [{ name: 'login_success' }] })).toBe(false);
    expect(gwsToken.detect({ ...base, name: 'authorize', parameters: {} })).toBe(false);
    expect(gwsToken.detect({ ...base, kind: 'admin#reports#activities', events: [{ name: 'authorize' }] })).toBe(false);
    expect(gwsToken.detect('token')).toBe(false);
  });

  it('takes epoch seconds in id.time and flags zone-less times', () => {
    const record = (time: unknown) => ({ id: { applicationName: 'token', uniqueQualifier: '1', time }, events: [{ name: 'revoke' }] });
    const epoch = gwsToken.parse(record('1777628402'));
    expect(epoch.ok && epoch.events[0]!.time).toBe(1777628402000);
    const spaced = gwsToken.parse(record('2026-05-01 09:40:02.442000000'));
    expect(spaced.ok && [spaced.events[0]!.time, spaced.events[0]!.flags]).toEqual([
      Date.parse('2026-05-01T09:40:02.442Z'),
      ['time-zoneless-assumed-utc'],
    ]);
  });
});

describe('gws-token: Panther corpus (GSuite.ActivityEvent, partial)', () => {
  it.skipIf(!existsSync(CORPUS))('detects and parses every record without throwing', () => {
    const lines = corpusLines(CORPUS);
    let tokenRecords = 0;
    for (const line of lines) {
      const record = JSON.parse(line) as { id?: { applicationName?: string } };
      expect(() => gwsToken.detect(record)).not.toThrow();
      const result = gwsToken.parse(record);
      if (!result.ok) expect(result.code).toMatch(/^[A-Z_]+$/);
      if (record.id?.applicationName === 'token') {
        tokenRecords++;
        // Panther flattens each activity to one event with a parameters map: no events[] to read.
        expect(result.ok ? 'ok' : result.code).toBe('NO_EVENTS');
      } else {
        expect(gwsToken.detect(record)).toBe(false);
      }
    }
    expect(tokenRecords).toBeGreaterThan(0);
  });
});
