// otel adapter: OTLP/JSON TracesData (GenAI, MCP, HTTP/RPC/DB spans), read through the real reader → one event per span.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenAttributes, otel } from '../../src/adapters/otel.js';
import { adapters, DETECTION_SAMPLE } from '../../src/adapters/registry.js';
import { fingerprint } from '../../src/adapters/shared/redact.js';
import type { Adapter } from '../../src/adapters/types.js';
import type { PrincipalRef } from '../../src/model/types.js';
import { corpusPath, detectedName, fixtureFiles, fixtureLoader, ms, parseFixture, readFixture, rejectCodes, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const DIR = join(FIXTURES, 'otel');
const load = fixtureLoader(otel, DIR);

/** Every registered adapter plus otel (registered or not yet): otel fixtures must be claimed by otel alone. */
const CANDIDATES: readonly Adapter[] = [...new Set<Adapter>([...adapters, otel])];

const CLEAN = ['agent-run.jsonl', 'value-types.json', 'legacy-genai.json'];
const ALL = [...CLEAN, 'rejects.jsonl'];

const TRACE = '4f7e1c0a9b3d5e2f6a8c0b1d3e5f7a90';
const ROOT = 'a1b2c3d4e5f60718';
const TOOL = 'c3d4e5f60718293a';
const MCP_SPAN = 'd4e5f60718293a4b';
const HTTP = 'e5f60718293a4b5c';
const AGENT: PrincipalRef = { id: 'otel-agent:agt_FIXTURE_inv01', type: 'agent', name: 'invoice-agent' };
const ALICE: PrincipalRef = {
  id: 'okta-user:00uFIXTUREalice00001',
  type: 'human',
  name: '00uFIXTUREalice00001',
  aliases: ['okta:00uFIXTUREalice00001'],
};
const TOOL_SECRET = 'FIXTURE-not-a-real-secret-otel-4Zt';
const BEARER = 'FIXTUREbearer0000abcd';
const QUERY_TOKEN = 'FIXTURE-query-token-9Qm';
const KV_SECRET = 'FIXTURE-kv-secret-3Lr';

const byId = async (file: string, id: string) => (await load(file)).events.find((e) => e.id === id);

describe('agent-run.jsonl: invoke_agent → chat, execute_tool → MCP tools/call → billing HTTP → ledger gRPC, one trace', () => {
  it('reads 6 events from 3 lines, no rejects, in file order', async () => {
    const { events, rejects, unreadable, records } = await load('agent-run.jsonl');
    expect(unreadable).toEqual([]);
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(3);
    expect(events.map((e) => [e.kind, e.name])).toEqual([
      ['invoke', 'agent:invoke_agent'],
      ['other', 'agent:chat'],
      ['invoke', 'agent:execute_tool'],
      ['invoke', 'mcp:tools/call'],
      ['action', 'http:POST /invoices'],
      ['action', 'rpc:fixture.ledger.v1.Ledger/PostEntry'],
    ]);
    expect(new Set(events.map((e) => e.trace?.trace_id))).toEqual(new Set([TRACE]));
  });

  it('invoke_agent: the agent acts for the user; the prompt is the intent, its bearer token redacted', async () => {
    expect(withoutRaw(await byId('agent-run.jsonl', `otel:${TRACE}/${ROOT}`))).toEqual({
      id: `otel:${TRACE}/${ROOT}`,
      format: 'otel',
      time: ms('2026-05-06T09:20:00.100Z'),
      kind: 'invoke',
      name: 'agent:invoke_agent',
      actor: AGENT,
      on_behalf_of: ALICE,
      credential_used: 'okta-jti:AT.FIXTURE-otel-alice-0001-Kp3',
      session: 'gen_ai-conversation:conv_FIXTURE_7781',
      outcome: 'success',
      intent: 'Invoice customer C-4417 for the May retainer, 18450 EUR. Use [REDACTED] if asked.',
      trace: { trace_id: TRACE, span_id: ROOT },
      attrs: {
        service: 'invoice-agent',
        span_name: 'invoke_agent invoice-agent',
        span_kind: 'internal',
        scope: 'fixture-agent-sdk',
        duration_ms: 6500,
        operation: 'invoke_agent',
        agent_id: 'agt_FIXTURE_inv01',
        agent_name: 'invoice-agent',
        conversation_id: 'conv_FIXTURE_7781',
        provider: 'anthropic',
        model: 'fixture-model-large',
        user_key: 'user.id',
      },
    });
  });

  it('execute_tool: the tool is the target, the arguments the intent (secret redacted), the agent from the parent span', async () => {
    expect(withoutRaw(await byId('agent-run.jsonl', `otel:${TRACE}/${TOOL}`))).toEqual({
      id: `otel:${TRACE}/${TOOL}`,
      format: 'otel',
      time: ms('2026-05-06T09:20:03.000Z'),
      kind: 'invoke',
      name: 'agent:execute_tool',
      actor: AGENT,
      target: 'create_invoice',
      outcome: 'unknown',
      intent: 'create_invoice(customer="C-4417", amount=18450, currency="EUR", billing_api_key="[REDACTED]")',
      trace: { trace_id: TRACE, span_id: TOOL, parent_span_id: ROOT },
      attrs: {
        service: 'invoice-agent',
        span_name: 'execute_tool create_invoice',
        span_kind: 'internal',
        scope: 'fixture-agent-sdk',
        duration_ms: 1400,
        operation: 'execute_tool',
        tool: 'create_invoice',
        tool_call_id: 'toolu_FIXTURE01A2B3',
        tool_type: 'function',
      },
      flags: ['agent-from-parent-span'],
    });
  });

  it('chat: other, with the model', async () => {
    const { events } = await load('agent-run.jsonl');
    expect(withoutRaw(events[1])).toEqual({
      id: `otel:${TRACE}/b2c3d4e5f6071829`,
      format: 'otel',
      time: ms('2026-05-06T09:20:00.300Z'),
      kind: 'other',
      name: 'agent:chat',
      actor: AGENT,
      outcome: 'unknown',
      trace: { trace_id: TRACE, span_id: 'b2c3d4e5f6071829', parent_span_id: ROOT },
      attrs: {
        service: 'invoice-agent',
        span_name: 'chat fixture-model-large',
        span_kind: 'client',
        scope: 'fixture-agent-sdk',
        duration_ms: 2600,
        operation: 'chat',
        provider: 'anthropic',
        model: 'fixture-model-large',
      },
      flags: ['agent-from-parent-span'],
    });
  });

  it('MCP tools/call: mcp session, and the request key the mcp adapter gives the same call', async () => {
    expect(withoutRaw(await byId('agent-run.jsonl', `otel:${TRACE}/${MCP_SPAN}`))).toEqual({
      id: `otel:${TRACE}/${MCP_SPAN}`,
      format: 'otel',
      time: ms('2026-05-06T09:20:03.100Z'),
      kind: 'invoke',
      name: 'mcp:tools/call',
      actor: AGENT,
      session: 'mcp-session:fx-sess-5e7c1a9b04d2',
      operation_key: 'mcp-call:fx-sess-5e7c1a9b04d2:1',
      target: 'create_invoice',
      outcome: 'unknown',
      trace: { trace_id: TRACE, span_id: MCP_SPAN, parent_span_id: TOOL, request_id: 'fx-sess-5e7c1a9b04d2:1' },
      attrs: {
        service: 'invoice-agent',
        span_name: 'tools/call create_invoice',
        span_kind: 'client',
        scope: 'fixture-agent-sdk',
        duration_ms: 1200,
        operation: 'execute_tool',
        tool: 'create_invoice',
        mcp_method: 'tools/call',
        mcp_session_id: 'fx-sess-5e7c1a9b04d2',
        jsonrpc_request_id: '1',
        mcp_protocol_version: '2025-11-25',
      },
      flags: ['agent-from-parent-span'],
    });
  });

  it('the billing API SERVER span is an action by that service, for the user, under the MCP span', async () => {
    expect(withoutRaw(await byId('agent-run.jsonl', `otel:${TRACE}/${HTTP}`))).toEqual({
      id: `otel:${TRACE}/${HTTP}`,
      format: 'otel',
      time: ms('2026-05-06T09:20:03.400Z'),
      kind: 'action',
      name: 'http:POST /invoices',
      actor: { id: 'otel-service:billing-api', type: 'service', name: 'billing-api' },
      on_behalf_of: ALICE,
      credential_used: 'okta-jti:AT.FIXTURE-billing-svc-0002-Hq8',
      target: 'billing.fixture.example/invoices',
      outcome: 'success',
      ip: '198.51.100.23',
      user_agent: 'billing-mcp/0.9.2 (attrib-fixture)',
      trace: { trace_id: TRACE, span_id: HTTP, parent_span_id: MCP_SPAN },
      attrs: {
        service: 'billing-api',
        span_name: 'POST /invoices',
        span_kind: 'server',
        scope: '@opentelemetry/instrumentation-http',
        duration_ms: 500,
        http_status: 201,
        user_key: 'enduser.id',
      },
    });
  });

  it('the gRPC SERVER span: rpc:<service>/<method>, status.code 2 is a failure', async () => {
    const { events } = await load('agent-run.jsonl');
    expect(events[5]).toMatchObject({
      kind: 'action',
      actor: { id: 'otel-service:ledger', type: 'service' },
      target: 'fixture.ledger.v1.Ledger/PostEntry',
      outcome: 'failure',
      attrs: { rpc_system: 'grpc', status_message: 'FAILED_PRECONDITION: period closed' },
    });
  });

  it('raw is the one span in its resource and scope, with every secret replaced by its fingerprint', async () => {
    const { events } = await load('agent-run.jsonl');
    for (const event of events) {
      const text = JSON.stringify(event);
      for (const secret of [TOOL_SECRET, BEARER, QUERY_TOKEN]) expect(text).not.toContain(secret);
    }
    const tool = JSON.stringify(events[2]!.raw);
    expect(tool).toContain(`\\"billing_api_key\\":\\"[REDACTED ${fingerprint(TOOL_SECRET)}]\\"`);
    expect(tool).toContain('toolu_FIXTURE01A2B3');
    expect(JSON.stringify(events[0]!.raw)).toContain(`[REDACTED ${fingerprint(`Bearer ${BEARER}`)}]`);
    expect(JSON.stringify(events[4]!.raw)).toContain(`access_token=[REDACTED ${fingerprint(QUERY_TOKEN)}]`);
    // Token ids are not secrets: the linker joins on them.
    expect(JSON.stringify(events[0]!.raw)).toContain('AT.FIXTURE-otel-alice-0001-Kp3');
    const raw = events[4]!.raw as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ spanId: string }> }> }> };
    expect(raw.resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => s.spanId)).toEqual([HTTP]);
  });
});

describe('value-types.json: upper-case ids, int64 as numbers, every AnyValue kind', () => {
  it('ids lower-cased, time from a JSON-number startTimeUnixNano, enum-name kind and status', async () => {
    const { events, rejects } = await load('value-types.json');
    expect(rejects).toEqual([]);
    expect(withoutRaw(events[0])).toEqual({
      id: 'otel:0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331',
      format: 'otel',
      time: ms('2026-05-06T10:00:00.250Z'),
      kind: 'other',
      name: 'otel:reconcile-batch',
      actor: { id: 'otel-service:fixture-worker', type: 'service', name: 'fixture-worker' },
      outcome: 'success',
      trace: { trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331', parent_span_id: '00f067aa0ba902b7' },
      attrs: { service: 'fixture-worker', span_name: 'reconcile-batch', span_kind: 'internal', scope: 'fixture.scope', duration_ms: 1500 },
    });
  });

  it('every value type flattens into one map', async () => {
    const { records } = await load('value-types.json');
    const span = (records[0] as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ attributes: unknown }> }> }> })
      .resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(Object.fromEntries(flattenAttributes(span.attributes))).toEqual({
      'fx.string': 'plain text',
      'fx.int.string': '9007199254740993',
      'fx.int.number': 42,
      'fx.int.negative': -7,
      'fx.double': 3.25,
      'fx.double.nan': 'NaN',
      'fx.bool': true,
      'fx.array': '["a",2,false]',
      'fx.kvlist.inner': 'x',
      'fx.kvlist.count': 3,
      'fx.kvlist.client_secret': KV_SECRET,
      'fx.bytes': 'AQIDBA==',
    });
  });

  it('a secret inside a kvlist is redacted in raw', async () => {
    const { events } = await load('value-types.json');
    const raw = JSON.stringify(events[0]!.raw);
    expect(raw).not.toContain(KV_SECRET);
    expect(raw).toContain(fingerprint(KV_SECRET));
    expect(raw).toContain('"traceId":"0AF7651916CD43DD8448EB211C80319C"');
  });

  it('a database SERVER span is an action named by operation and table, the statement as target', async () => {
    const { events } = await load('value-types.json');
    expect(events[1]).toMatchObject({
      id: 'otel:0af7651916cd43dd8448eb211c80319c/c0ffee0000000001',
      kind: 'action',
      name: 'db:SELECT fixture_ledger',
      target: 'SELECT id, amount FROM fixture_ledger WHERE customer = $1',
      outcome: 'unknown',
      attrs: { db_system: 'postgresql' },
    });
  });
});

describe('legacy-genai.json: instrumentationLibrarySpans and the deprecated gen_ai.system / gen_ai.prompt.* forms', () => {
  it('a gen_ai.system span with no operation is a chat; the last user prompt is the intent', async () => {
    const { events, rejects } = await load('legacy-genai.json');
    expect(rejects).toEqual([]);
    expect(withoutRaw(events[0])).toEqual({
      id: 'otel:7e1c3a9d5b2f4e6081a2c3d4e5f60718/1a2b3c4d5e6f7081',
      format: 'otel',
      time: ms('2026-05-06T11:15:30.000Z'),
      kind: 'other',
      name: 'agent:chat',
      actor: { id: 'otel-service:support-bot', type: 'service', name: 'support-bot' },
      on_behalf_of: { id: 'oauth-sub:Carol@Corp.Example', type: 'human', name: 'Carol@Corp.Example', aliases: ['email:carol@corp.example'] },
      outcome: 'success',
      intent: 'Reset the MFA factor for bob@corp.example please',
      trace: { trace_id: '7e1c3a9d5b2f4e6081a2c3d4e5f60718', span_id: '1a2b3c4d5e6f7081' },
      attrs: {
        service: 'support-bot',
        span_name: 'openai.chat',
        span_kind: 'client',
        scope: 'opentelemetry.instrumentation.openai',
        duration_ms: 1000,
        provider: 'openai',
        model: 'fixture-gpt',
        user_key: 'enduser.id',
      },
      flags: ['genai-deprecated-attributes', 'no-agent-id'],
    });
    expect(events[1]).toMatchObject({ kind: 'other', name: 'agent:embeddings', attrs: { operation: 'embeddings', model: 'fixture-embed' } });
  });
});

describe('rejects.jsonl', () => {
  it('bad ids, a missing start time and an empty TracesData are rejected, each with its line', async () => {
    const { events, rejects } = await load('rejects.jsonl');
    expect(events).toEqual([]);
    expect(rejectCodes(rejects)).toEqual([
      { line: 1, code: 'BAD_SPAN_ID' },
      { line: 2, code: 'BAD_SPAN_ID' },
      { line: 3, code: 'BAD_TIME' },
      { line: 4, code: 'NO_SPANS' },
    ]);
  });
});

describe('built records', () => {
  const doc = (span: Record<string, unknown>, resource: unknown[] = []) => ({
    resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: 'fx' }, spans: [span] }] }],
  });
  const base = { traceId: '11111111111111111111111111111111', spanId: '2222222222222222', name: 'x', startTimeUnixNano: '1778059200000000000' };

  it('invoke_workflow is an invoke by the workflow; an unset status with a 403 is a failure', () => {
    const wf = otel.parse(doc({ ...base, attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'invoke_workflow' } }, { key: 'gen_ai.workflow.name', value: { stringValue: 'fx-flow' } }] }));
    expect(wf.ok && wf.events[0]).toMatchObject({ kind: 'invoke', name: 'agent:invoke_workflow', actor: { id: 'otel-workflow:fx-flow', type: 'agent' } });
    const http = otel.parse(doc({ ...base, kind: 2, attributes: [{ key: 'http.method', value: { stringValue: 'delete' } }, { key: 'http.target', value: { stringValue: '/users/7?sig=abc' } }, { key: 'http.status_code', value: { intValue: '403' } }] }, [{ key: 'service.name', value: { stringValue: 'fx-api' } }]));
    expect(http.ok && http.events[0]).toMatchObject({ kind: 'action', name: 'http:DELETE /users/7', target: '/users/7', outcome: 'failure' });
  });

  it('base64 ids (protobuf JSON mapping) are converted to hex and flagged', () => {
    const result = otel.parse(doc({ ...base, traceId: Buffer.from('11111111111111111111111111111111', 'hex').toString('base64'), spanId: Buffer.from('2222222222222222', 'hex').toString('base64') }, [{ key: 'service.name', value: { stringValue: 'fx' } }]));
    expect(result.ok && result.events[0]).toMatchObject({ id: `otel:${'1'.repeat(32)}/${'2'.repeat(16)}`, flags: ['ids-base64-converted'] });
  });

  it('a non-object is rejected', () => {
    expect(otel.parse([1])).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
  });
});

// --- the public example -----------------------------------------------------------------------------------

const CORPUS_TRACE = corpusPath('otlp/trace.json');

describe.skipIf(!existsSync(CORPUS_TRACE))('corpus: opentelemetry-proto examples/trace.json', () => {
  it('parses with no rejects: one SERVER span with upper-case ids and no http attributes is an other', async () => {
    const { events, rejects, unreadable, records } = await parseFixture(otel, CORPUS_TRACE);
    expect(unreadable).toEqual([]);
    expect(rejects).toEqual([]);
    expect(detectedName(records, CANDIDATES)).toBe('otel');
    expect(events.map((e) => [e.id, e.kind, e.time, e.actor.id])).toEqual([
      ['otel:5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174', 'other', 1544712660000, 'otel-service:my.service'],
    ]);
  });
});

// --- detection ------------------------------------------------------------------------------------------

/** Event files (.json, .jsonl, .gz) under a folder, found on disk so a new fixture cannot be forgotten. */
describe('detection', () => {
  it('the folder holds the fixtures this test knows', () => {
    expect(fixtureFiles(DIR).map((p) => relative(DIR, p))).toEqual([...ALL].sort());
  });

  it.each(ALL)('%s is claimed by otel alone', async (name) => {
    const { records } = await readFixture(join(DIR, name));
    expect(records.length).toBeGreaterThan(0);
    expect(detectedName(records, CANDIDATES)).toBe('otel');
    for (const record of records.slice(0, DETECTION_SAMPLE)) {
      expect(CANDIDATES.filter((a) => a.detect(record)).map((a) => a.name)).toEqual(['otel']);
    }
  });

  const others = fixtureFiles(FIXTURES).filter((p) => !p.startsWith(`${DIR}/`));

  it('there are other formats’ fixtures to check against', () => {
    expect(others.length).toBeGreaterThan(50);
  });

  it.each(others.map((p) => relative(FIXTURES, p)))('%s is not claimed by otel', async (rel) => {
    const { records } = await readFixture(join(FIXTURES, rel));
    for (const record of records.slice(0, DETECTION_SAMPLE)) expect(otel.detect(record)).toBe(false);
  });

  it.each([
    ['an empty resourceSpans', { resourceSpans: [] }],
    ['resourceSpans without scopeSpans', { resourceSpans: [{ resource: {} }] }],
    ['resourceSpans not an array', { resourceSpans: {} }],
    ['an OTLP logs record', { resourceLogs: [{ scopeLogs: [] }] }],
    ['an array', [{ resourceSpans: [] }]],
    ['null', null],
  ])('%s is not claimed', (_what, record) => {
    expect(otel.detect(record)).toBe(false);
  });
});
