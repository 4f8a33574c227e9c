// mcp adapter: MCP JSON-RPC messages in attrib's proxy-log wrapper, read through the real reader → normalized events.
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mcp, NO_TIME_MESSAGE } from '../../src/adapters/mcp.js';
import { adapters, DETECTION_SAMPLE } from '../../src/adapters/registry.js';
import { fingerprint } from '../../src/adapters/shared/redact.js';
import type { Adapter } from '../../src/adapters/types.js';
import type { NormalizedEvent, PrincipalRef } from '../../src/model/types.js';
import { detectedName, fixtureFiles, fixtureLoader, ms, readFixture, rejectCodes, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const DIR = join(FIXTURES, 'mcp');
const load = fixtureLoader(mcp, DIR);

/** Every registered adapter plus mcp (registered or not yet): mcp fixtures must be claimed by mcp alone. */
const CANDIDATES: readonly Adapter[] = [...new Set<Adapter>([...adapters, mcp])];

const CLEAN = ['session.jsonl', 'errors.jsonl', 'no-auth.jsonl', 'id-reuse.jsonl', 'batch.jsonl'];
const ALL = [...CLEAN, 'bare-stdio.jsonl', 'rejects.jsonl'];

const AGENT: PrincipalRef = {
  id: 'mcp-client:0oaFIXTUREmcpclient1',
  type: 'agent',
  name: 'invoice-agent',
  aliases: ['okta-app:0oaFIXTUREmcpclient1', 'okta:0oaFIXTUREmcpclient1'],
};
const ALICE: PrincipalRef = {
  id: 'okta-user:00uFIXTUREalice00001',
  type: 'human',
  name: '00uFIXTUREalice00001',
  aliases: ['okta:00uFIXTUREalice00001'],
};
const BILLING: PrincipalRef = { id: 'mcp-server:billing-mcp', type: 'service', name: 'billing-mcp' };
const JTI = 'okta-jti:AT.FIXTURE-mcp-alice-0001-Zq7';
const UA = 'invoice-agent/1.3.0 (attrib-fixture) mcp-sdk-typescript/1.20.1';
const S1 = 'fx-sess-5e7c1a9b04d2';
const AUTH_ATTRS = {
  auth_sub: '00uFIXTUREalice00001',
  auth_iss: 'https://corp-example.okta.com/oauth2/ausFIXTUREbilling01',
  auth_client_id: '0oaFIXTUREmcpclient1',
  auth_scope: 'invoices:read invoices:write',
};
const SECRET = 'FIXTURE-not-a-real-secret-7Qk2';

/** A proxy line built in the test, for the cases one field decides. */
function line(message: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ts: '2026-05-06T09:00:00.000Z', direction: 'client_to_server', session_id: 'fx-unit', server: 'billing-mcp', ...extra, message };
}

function only(value: unknown): NormalizedEvent {
  const result = mcp.parse(value);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  expect(result.events).toHaveLength(1);
  return result.events[0]!;
}

const CALL = { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'create_invoice', arguments: { amount: 1 } } };

describe('session.jsonl: initialize, initialized, a tools/call and its result', () => {
  it('reads 5 events, no rejects, in file order', async () => {
    const { events, rejects, unreadable } = await load('session.jsonl');
    expect(unreadable).toEqual([]);
    expect(rejects).toEqual([]);
    expect(events.map((e) => e.name)).toEqual(['mcp:initialize', 'mcp:response', 'mcp:notifications/initialized', 'mcp:tools/call', 'mcp:response']);
  });

  it('the tools/call: every field', async () => {
    const { events } = await load('session.jsonl');
    expect(withoutRaw(events[3])).toEqual({
      id: 'mcp:2f81231a54c86d8b2c276eb63ba2d819924cb83f0e02b1caa168b5a454d26fd4',
      format: 'mcp',
      time: ms('2026-05-06T09:20:03.512Z'),
      kind: 'invoke',
      name: 'mcp:tools/call',
      actor: AGENT,
      on_behalf_of: ALICE,
      credential_used: JTI,
      session: `mcp-session:${S1}`,
      operation_key: `mcp-call:${S1}:1`,
      target: 'billing-mcp tool create_invoice',
      outcome: 'unknown',
      ip: '203.0.113.7',
      user_agent: UA,
      intent:
        'create_invoice(customer="C-4417", amount=18450, currency="EUR", notify={"webhook_url":"https://hooks.fixture.example/invoices","webhook_secret":"[REDACTED]"})',
      trace: { trace_id: '5a1ce0f1c7a3e9b24d6f8a0b1c2d3e4f', span_id: '7b3c9d1e5f2a4b6c', request_id: `${S1}:1` },
      attrs: {
        direction: 'client_to_server',
        message_type: 'request',
        jsonrpc_id: '1',
        method: 'tools/call',
        server: 'billing-mcp',
        client_name: 'invoice-agent',
        tool: 'create_invoice',
        ...AUTH_ATTRS,
      },
    });
  });

  it('its result: the server acts, same operation key, success', async () => {
    const { events } = await load('session.jsonl');
    expect(withoutRaw(events[4])).toEqual({
      id: 'mcp:cab22507eb30e50f68753a3a921f7e299c31fb392ff9b8b0ec5bf19d9acd5e9c',
      format: 'mcp',
      time: ms('2026-05-06T09:20:04.027Z'),
      kind: 'other',
      name: 'mcp:response',
      actor: BILLING,
      session: `mcp-session:${S1}`,
      operation_key: `mcp-call:${S1}:1`,
      target: 'invoice-agent',
      outcome: 'success',
      trace: { request_id: `${S1}:1` },
      attrs: {
        direction: 'server_to_client',
        message_type: 'response',
        jsonrpc_id: '1',
        server: 'billing-mcp',
        client_name: 'invoice-agent',
      },
    });
  });

  it('initialize: client info and protocol version; no session id yet, so nothing to pair it with', async () => {
    const { events } = await load('session.jsonl');
    expect(withoutRaw(events[0])).toEqual({
      id: 'mcp:7bc138dcd3e2bd346cce10c163ea3a6edd380abe77f105de6cdc713470b35038',
      format: 'mcp',
      time: ms('2026-05-06T09:20:00.101Z'),
      kind: 'other',
      name: 'mcp:initialize',
      actor: AGENT,
      on_behalf_of: ALICE,
      credential_used: JTI,
      target: 'billing-mcp',
      outcome: 'unknown',
      ip: '203.0.113.7',
      user_agent: UA,
      attrs: {
        direction: 'client_to_server',
        message_type: 'request',
        jsonrpc_id: '0',
        method: 'initialize',
        server: 'billing-mcp',
        client_name: 'invoice-agent',
        client_info: 'invoice-agent 1.3.0',
        protocol_version: '2025-11-25',
        ...AUTH_ATTRS,
      },
      flags: ['no-session-id'],
    });
    // The InitializeResult names the server and the version it agreed to.
    expect(events[1]!.attrs).toMatchObject({ protocol_version: '2025-11-25', server_info: 'billing-mcp 0.9.2' });
    expect(events[1]!.operation_key).toBe(`mcp-call:${S1}:0`);
  });

  it('notifications/initialized: a notification has no id, no operation key, no request id', async () => {
    const { events } = await load('session.jsonl');
    const note = events[2]!;
    expect(note).toMatchObject({ kind: 'other', actor: AGENT, credential_used: JTI, session: `mcp-session:${S1}`, outcome: 'unknown' });
    expect(note.attrs).toMatchObject({ message_type: 'notification', method: 'notifications/initialized' });
    expect(note.operation_key).toBeUndefined();
    expect(note.trace).toBeUndefined();
    expect(note.attrs?.['jsonrpc_id']).toBeUndefined();
  });

  it('raw keeps the line, with the secret argument replaced by its fingerprint', async () => {
    const { events } = await load('session.jsonl');
    const raw = JSON.stringify(events[3]!.raw);
    expect(raw).not.toContain(SECRET);
    expect(raw).toContain(`"webhook_secret":"[REDACTED ${fingerprint(SECRET)}]"`);
    // Not secrets: the trace context, MCP's progress token, the token id and subject.
    expect(raw).toContain('"traceparent":"00-5a1ce0f1c7a3e9b24d6f8a0b1c2d3e4f-7b3c9d1e5f2a4b6c-01"');
    expect(raw).toContain('"progressToken":"fx-progress-1"');
    expect(raw).toContain('"jti":"AT.FIXTURE-mcp-alice-0001-Zq7"');
    for (const event of events) expect(JSON.stringify(event)).not.toContain(SECRET);
  });
});

describe('errors.jsonl: a protocol error and a tool execution error', () => {
  it('both responses fail, each paired with its call (numeric and string ids)', async () => {
    const { events, rejects } = await load('errors.jsonl');
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.name, e.outcome, e.operation_key])).toEqual([
      ['mcp:tools/call', 'unknown', 'mcp-call:fx-sess-0e4404a7c911:7'],
      ['mcp:response', 'failure', 'mcp-call:fx-sess-0e4404a7c911:7'],
      ['mcp:tools/call', 'unknown', 'mcp-call:fx-sess-0e4404a7c911:call-8'],
      ['mcp:response', 'failure', 'mcp-call:fx-sess-0e4404a7c911:call-8'],
    ]);
  });

  it('the JSON-RPC error: code and message kept', async () => {
    const { events } = await load('errors.jsonl');
    expect(withoutRaw(events[1])).toEqual({
      id: 'mcp:f7e9dba61dc04fff706e227266979736533e4bff7384b2c91e5ecc89299c8faf',
      format: 'mcp',
      time: ms('2026-05-06T09:31:10.042Z'),
      kind: 'other',
      name: 'mcp:response',
      actor: BILLING,
      session: 'mcp-session:fx-sess-0e4404a7c911',
      operation_key: 'mcp-call:fx-sess-0e4404a7c911:7',
      target: 'invoice-agent',
      outcome: 'failure',
      trace: { request_id: 'fx-sess-0e4404a7c911:7' },
      attrs: {
        direction: 'server_to_client',
        message_type: 'response',
        jsonrpc_id: '7',
        server: 'billing-mcp',
        client_name: 'invoice-agent',
        error_code: -32602,
        error_message: 'Unknown tool: delete_invoice',
      },
    });
  });

  it('the tool error: result.isError', async () => {
    const { events } = await load('errors.jsonl');
    expect(events[3]!.attrs).toMatchObject({ is_error: true, jsonrpc_id: 'call-8' });
    expect(events[3]!.attrs?.['error_code']).toBeUndefined();
    expect(events[2]!.intent).toBe('create_invoice(customer="C-5120", amount=990, due_date="2020-01-31")');
  });
});

describe('no-auth.jsonl: a local gateway without OAuth, and the least a line may hold', () => {
  it('no auth block: no credential, no on_behalf_of; the client is known by its session', async () => {
    const { events, rejects } = await load('no-auth.jsonl');
    expect(rejects).toEqual([]);
    expect(withoutRaw(events[0])).toEqual({
      id: 'mcp:66c5938551d04fb3ace411e0f5fd86eff868f417dbee75215134147a61200ba0',
      format: 'mcp',
      // `+02:00` in the line: stored as UTC.
      time: ms('2026-05-06T08:00:01.250Z'),
      kind: 'invoke',
      name: 'mcp:tools/call',
      actor: { id: 'mcp-client-session:stdio-4242-1778059200', type: 'agent', name: 'claude-code' },
      session: 'mcp-session:stdio-4242-1778059200',
      operation_key: 'mcp-call:stdio-4242-1778059200:3',
      target: 'filesystem tool read_file',
      outcome: 'unknown',
      intent: 'read_file(path="/srv/reports/q2-fixture.csv")',
      trace: { request_id: 'stdio-4242-1778059200:3' },
      attrs: {
        direction: 'client_to_server',
        message_type: 'request',
        jsonrpc_id: '3',
        method: 'tools/call',
        server: 'filesystem',
        client_name: 'claude-code',
        tool: 'read_file',
      },
      flags: ['no-client-id', 'no-auth'],
    });
    expect(events[1]).toMatchObject({ actor: { id: 'mcp-server:filesystem', type: 'service' }, outcome: 'success', operation_key: 'mcp-call:stdio-4242-1778059200:3' });
  });

  it('only ts and message: direction inferred, nobody named, nothing to pair', async () => {
    const { events } = await load('no-auth.jsonl');
    expect(withoutRaw(events[2])).toEqual({
      id: 'mcp:2bd6bdf3459990e1384488a401dfa2599461258044151d2e54d5f6eb34b2975a',
      format: 'mcp',
      time: ms('2026-05-06T08:00:02.500Z'),
      kind: 'other',
      name: 'mcp:ping',
      actor: { id: 'mcp-client:unknown', type: 'unknown', name: 'unknown MCP client' },
      outcome: 'unknown',
      attrs: { direction: 'client_to_server', message_type: 'request', jsonrpc_id: 'req-9', method: 'ping' },
      flags: ['no-session-id', 'direction-inferred', 'no-client-id', 'no-auth'],
    });
  });
});

describe('id-reuse.jsonl: the client and the server each use id 1 in one session', () => {
  it('two calls, two operation keys: the client’s call and the server’s sampling request', async () => {
    const { events, rejects } = await load('id-reuse.jsonl');
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.name, e.actor.id, e.operation_key])).toEqual([
      ['mcp:tools/call', AGENT.id, 'mcp-call:fx-sess-9b1d00c3e7aa:1'],
      ['mcp:sampling/createMessage', BILLING.id, 'mcp-server-call:fx-sess-9b1d00c3e7aa:1'],
      ['mcp:response', AGENT.id, 'mcp-server-call:fx-sess-9b1d00c3e7aa:1'],
      ['mcp:response', BILLING.id, 'mcp-call:fx-sess-9b1d00c3e7aa:1'],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
    // The server's own request carries no token of the client's.
    expect(events[1]!.credential_used).toBeUndefined();
    expect(events[1]!.on_behalf_of).toBeUndefined();
  });
});

describe('batch.jsonl: one line holding a JSON-RPC batch', () => {
  it('one event per message, each with its own id, key and batch position', async () => {
    const { events, rejects } = await load('batch.jsonl');
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.name, e.operation_key, e.attrs?.['batch_index'], e.attrs?.['batch_size']])).toEqual([
      ['mcp:tools/list', 'mcp-call:fx-sess-ba7c4e0d2f16:21', 0, 2],
      ['mcp:tools/call', 'mcp-call:fx-sess-ba7c4e0d2f16:22', 1, 2],
    ]);
    expect(events[0]!.id).not.toBe(events[1]!.id);
    expect(events[0]!.time).toBe(events[1]!.time);
  });
});

describe('bare-stdio.jsonl: JSON-RPC with no time', () => {
  it('every line is rejected as NO_TIME, with the way out in the message; no time is invented', async () => {
    const { events, rejects } = await load('bare-stdio.jsonl');
    expect(events).toEqual([]);
    expect(rejectCodes(rejects)).toEqual([1, 2, 3, 4].map((l) => ({ line: l, code: 'NO_TIME' })));
    for (const r of rejects) expect(r.message).toBe(NO_TIME_MESSAGE);
    expect(NO_TIME_MESSAGE).toBe('bare JSON-RPC has no timestamp: capture through a proxy that wraps messages (see attrib formats)');
  });
});

describe('rejects.jsonl: lines the adapter refuses, after one it takes', () => {
  it('one event, then one coded reject per bad line', async () => {
    const { events, rejects } = await load('rejects.jsonl');
    expect(events.map((e) => e.name)).toEqual(['mcp:ping']);
    expect(rejectCodes(rejects)).toEqual([
      { line: 2, code: 'NO_TIME' },
      { line: 3, code: 'BAD_TIME' },
      { line: 4, code: 'BAD_DIRECTION' },
      { line: 5, code: 'NOT_JSON_RPC' },
      { line: 6, code: 'EMPTY_BATCH' },
    ]);
  });

  it.each([
    ['a string', 'tools/call'],
    ['an array', [CALL]],
    ['null', null],
  ])('%s is NOT_AN_OBJECT', (_what, value) => {
    expect(mcp.parse(value)).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
  });
});

describe('ids', () => {
  it('are the same on every parse and unique across the fixtures', async () => {
    const first = (await Promise.all(CLEAN.map(load))).flatMap((f) => f.events.map((e) => e.id));
    const again = (await Promise.all(CLEAN.map((n) => fixtureLoader(mcp, DIR)(n)))).flatMap((f) => f.events.map((e) => e.id));
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    for (const id of first) expect(id).toMatch(/^mcp:[0-9a-f]{64}$/);
  });

  it('JSON-RPC id 1 and "1" are different requests', () => {
    const numeric = only(line({ ...CALL, id: 1 }));
    const text = only(line({ ...CALL, id: '1' }));
    expect(numeric.id).not.toBe(text.id);
  });

  it('two different notifications of one method at one instant are two events', () => {
    const a = only(line({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'p', progress: 1 } }));
    const b = only(line({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'p', progress: 2 } }));
    expect(a.id).not.toBe(b.id);
  });
});

describe('who acts and for whom', () => {
  it('client id from auth.client_id when the line has no client block', () => {
    const event = only(line(CALL, { auth: { sub: '00uFIXTUREalice00001', jti: 'AT.x1', client_id: '0oaFIXTUREmcpclient1' } }));
    expect(event.actor).toEqual({ ...AGENT, name: '0oaFIXTUREmcpclient1' });
  });

  it('a non-Okta client id gets no okta aliases', () => {
    const event = only(line(CALL, { client: { id: 'claude-desktop', name: 'Claude' } }));
    expect(event.actor).toEqual({ id: 'mcp-client:claude-desktop', type: 'agent', name: 'Claude' });
  });

  it('an e-mail subject is a person with an email alias; any other subject is an unknown principal', () => {
    const email = only(line(CALL, { client: { id: 'c1' }, auth: { sub: 'Alice@Corp.Example', jti: 'j1' } }));
    expect(email.on_behalf_of).toEqual({ id: 'oauth-sub:Alice@Corp.Example', type: 'human', name: 'Alice@Corp.Example', aliases: ['email:alice@corp.example'] });
    const opaque = only(line(CALL, { client: { id: 'c1' }, auth: { sub: 'auth0|5f1c', jti: 'j1' } }));
    expect(opaque.on_behalf_of).toEqual({ id: 'oauth-sub:auth0|5f1c', type: 'unknown', name: 'auth0|5f1c' });
  });

  it('a client-credentials token (subject = the client) acts for nobody else', () => {
    const event = only(line(CALL, { client: { id: '0oaFIXTUREmcpclient1' }, auth: { sub: '0oaFIXTUREmcpclient1', jti: 'AT.cc1' } }));
    expect(event.on_behalf_of).toBeUndefined();
    expect(event.credential_used).toBe('okta-jti:AT.cc1');
  });

  it('a jti that is not an Okta access-token id is an oauth-jti', () => {
    expect(only(line(CALL, { auth: { sub: 'u', jti: '4f0c9a1e-jti' } })).credential_used).toBe('oauth-jti:4f0c9a1e-jti');
  });

  it('auth on a server-to-client line is not the server’s credential', () => {
    const event = only(line({ jsonrpc: '2.0', id: 5, result: { content: [] } }, { direction: 'server_to_client', auth: { sub: '00uFIXTUREalice00001', jti: 'AT.x1' } }));
    expect(event.actor).toEqual(BILLING);
    expect(event.credential_used).toBeUndefined();
    expect(event.on_behalf_of).toBeUndefined();
    expect(event.attrs?.['auth_sub']).toBeUndefined();
  });

  it('without a direction, a server-only method is the server’s and a response is the server’s', () => {
    const { direction: _d, ...noDirection } = line({ jsonrpc: '2.0', id: 2, method: 'elicitation/create', params: {} });
    expect(only(noDirection).actor).toEqual(BILLING);
    const { direction: _e, ...response } = line({ jsonrpc: '2.0', id: 2, result: {} });
    expect(only(response)).toMatchObject({ actor: BILLING, flags: ['direction-inferred'] });
  });
});

describe('intent and secrets', () => {
  it('masks secret-looking keys and bearer/JWT values at any depth; keeps counts and the progress token', () => {
    const args = {
      api_key: 'fx-key-1',
      headers: { Authorization: 'Bearer fx-bearer-value' },
      upstream: { dbPassword: 'fx-pw', note: 'Bearer fx-inline' },
      max_tokens: 200,
      label: 'ok',
    };
    const event = only(line({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'sync', arguments: args, _meta: { progressToken: 'pt-1' } } }));
    expect(event.intent).toBe(
      'sync(api_key="[REDACTED]", headers={"Authorization":"[REDACTED]"}, upstream={"dbPassword":"[REDACTED]","note":"[REDACTED]"}, max_tokens=200, label="ok")',
    );
    const raw = JSON.stringify(event.raw);
    for (const secret of ['fx-key-1', 'fx-bearer-value', 'fx-pw', 'fx-inline']) expect(raw).not.toContain(secret);
    expect(raw).toContain('"progressToken":"pt-1"');
    expect(raw).toContain('"max_tokens":200');
  });

  it('a long argument list is cut to one line', () => {
    const event = only(line({ ...CALL, params: { name: 'bulk', arguments: { ids: Array.from({ length: 200 }, (_, i) => `INV-${i}`) } } }));
    expect(event.intent!.length).toBeLessThanOrEqual(240);
    expect(event.intent!.endsWith('…')).toBe(true);
  });

  it('a malformed traceparent is flagged, not read', () => {
    const event = only(line({ ...CALL, params: { name: 'x', _meta: { traceparent: '00-00000000000000000000000000000000-7b3c9d1e5f2a4b6c-01' } } }));
    expect(event.trace).toEqual({ request_id: 'fx-unit:5' });
    expect(event.flags).toContain('bad-traceparent');
    expect(only(line({ ...CALL, params: { name: 'x', _meta: { traceparent: 'ff-5a1ce0f1c7a3e9b24d6f8a0b1c2d3e4f-7b3c9d1e5f2a4b6c-01' } } })).flags).toContain('bad-traceparent');
  });

  it('an upper-case traceparent is read as lower-case ids', () => {
    const event = only(line({ ...CALL, params: { name: 'x', _meta: { traceparent: '00-5A1CE0F1C7A3E9B24D6F8A0B1C2D3E4F-7B3C9D1E5F2A4B6C-01' } } }));
    expect(event.trace).toMatchObject({ trace_id: '5a1ce0f1c7a3e9b24d6f8a0b1c2d3e4f', span_id: '7b3c9d1e5f2a4b6c' });
  });
});

// --- detection ------------------------------------------------------------------------------------------

/** Event files (.json, .jsonl, .gz) under a folder, found on disk so a new fixture cannot be forgotten. */
/** MCP proxy logs outside fixtures/mcp: the okta-agent-mcp incident's gateway log. */
const MCP_ELSEWHERE = [join(FIXTURES, 'incidents/okta-agent-mcp/inputs/proxy')];

describe('detection', () => {
  it('the folder holds the fixtures this test knows', () => {
    expect(fixtureFiles(DIR).map((p) => relative(DIR, p))).toEqual([...ALL].sort());
  });

  it.each(ALL)('%s is claimed by mcp alone', async (name) => {
    const { records } = await readFixture(join(DIR, name));
    expect(records.length).toBeGreaterThan(0);
    expect(detectedName(records, CANDIDATES)).toBe('mcp');
    // Every record of the clean files and the bare capture is claimed, by mcp and by no other adapter.
    for (const record of records.slice(0, DETECTION_SAMPLE)) {
      const claims = CANDIDATES.filter((a) => a.detect(record)).map((a) => a.name);
      expect(claims.length <= 1 && claims.every((c) => c === 'mcp')).toBe(true);
      if (name !== 'rejects.jsonl') expect(claims).toEqual(['mcp']);
    }
  });

  const others = fixtureFiles(FIXTURES).filter((p) => !p.startsWith(`${DIR}/`) && !MCP_ELSEWHERE.some((d) => p.startsWith(`${d}/`)));

  it('there are other formats’ fixtures to check against', () => {
    expect(others.length).toBeGreaterThan(50);
  });

  it.each(others.map((p) => relative(FIXTURES, p)))('%s is not claimed by mcp', async (rel) => {
    const { records } = await readFixture(join(FIXTURES, rel));
    for (const record of records.slice(0, DETECTION_SAMPLE)) expect(mcp.detect(record)).toBe(false);
  });

  it.each([
    ['a JSON-RPC 1.0 message', { jsonrpc: '1.0', id: 1, method: 'ping' }],
    ['a wrapper without a JSON-RPC message', { ts: '2026-05-06T09:00:00Z', message: 'hello' }],
    ['a wrapper whose message is not JSON-RPC', { ts: '2026-05-06T09:00:00Z', message: { id: 1, method: 'ping' } }],
    ['an id without result or error', { jsonrpc: '2.0', id: 1 }],
    ['a wrapper with a numeric ts', { ts: 1778059200, message: CALL }],
    ['an empty batch', { ts: '2026-05-06T09:00:00Z', message: [] }],
    ['an array', [CALL]],
    ['null', null],
  ])('%s is not claimed', (_what, record) => {
    expect(mcp.detect(record)).toBe(false);
  });
});
