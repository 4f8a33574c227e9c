// The bundled incident: an Okta token-exchange grant to an AI agent for alice → the agent's MCP tools/call with that token (jti), with decoys.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import { credentialById, eventById } from '../../src/store/queries.js';
import { FIXTURES, importInto, relativizePaths, tempStore, type TempStore } from '../helpers/store.js';

const INCIDENT = join(FIXTURES, 'incidents/okta-agent-mcp');
const GOLDEN = join(INCIDENT, 'expected.trace.json');

// The action: invoice-agent calls the billing MCP server's create_invoice tool with alice's delegated token.
const ACTION = 'mcp:51dcd86a39339b16f33921f2fd7952ab1c6c16972d3ce2565a25cb561fd85e86';
// Its result, from the server: one operation with the call (same session, same JSON-RPC id).
const ACTION_RESULT = 'mcp:1dc2b552c728457b8c24b357c80594aa4e9cae03a0f4ef97631cf8b221ecee94';
// The grant: Okta token exchange by the invoice-agent workload principal, for alice.
const GRANT_FOR_ALICE = 'okta:a9e70004-4c1d-11f1-9a0e-00000000a004';
const TOKEN = 'okta-jti:AT.inv0AgentAl1ce_Qm7Tq2Vw6Yx0Bc4Nf7Hj1Lp5Rs8W';
const AGENT_MCP_CLIENT = 'mcp-client:0oaInv0iceAgentCl0x1';
const AGENT_WORKLOAD = 'okta-workload:wlpInv0iceAgent00x01';
const ALICE = 'okta-user:00uA11ceF1nance0x7q1';

// The decoy call: the same agent, the same tool and amount, for bob with bob's token, 1.5 s earlier.
const BOB_CALL = 'mcp:a385ccc584ec856101e8a28e6a03f89c1bf7224b590631933a013097a3afa83e';
const GRANT_FOR_BOB = 'okta:a9e70003-4c1d-11f1-9a0e-00000000b003';
const BOB_TOKEN = 'okta-jti:AT.inv0AgentB0b00_Wd3Kx8Pz1Mv5Jr9Gt2Yh6Cn0Lq4Z';
// alice's own Invoice Portal token: hers, but no agent's, and never used on the gateway.
const PORTAL_GRANT = 'okta:a9e70002-4c1d-11f1-9a0e-00000000a002';
const PORTAL_TOKEN = 'okta-jti:AT.inv0PortalAl1ce_Hs5Ub7Ie9Of1Pg3Qh5Ri7Sj9TkV';

/** Everything that belongs to a decoy: none of it may appear in the action's trace. */
const DECOYS = [
  // bob: his token, its grant, his user id and login, the agent's MCP session and call for him, the call's values
  'AT.inv0AgentB0b00_Wd3Kx8Pz1Mv5Jr9Gt2Yh6Cn0Lq4Z',
  'a9e70003-4c1d-11f1-9a0e-00000000b003',
  '00uB0bF1nance000x7q2',
  'bob@corp.example',
  'mcps-b0b00-3a8d1c6e2f90',
  'a385ccc584ec856101e8a28e6a03f89c1bf7224b590631933a013097a3afa83e',
  'b0b0c2290e4a4f6e9d8c7b6a59483726',
  // alice's own portal token and its app
  'AT.inv0PortalAl1ce_Hs5Ub7Ie9Of1Pg3Qh5Ri7Sj9TkV',
  'a9e70002-4c1d-11f1-9a0e-00000000a002',
  '0oaInv0icePortal0x02',
];

describe('incident: okta-agent-mcp', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    const report = await importInto(store.db, [join(INCIDENT, 'inputs')]);
    // Both files import whole: the Okta API page by the okta adapter, the gateway log by mcp.
    expect(report.files.map((f) => [f.format, f.status, f.records, f.eventsNew, f.rejects])).toEqual([
      ['okta', 'imported', 4, 4, 0],
      ['mcp', 'imported', 10, 10, 0],
    ]);
  });
  afterAll(() => store.close());

  it('matches the golden trace', () => {
    const doc = relativizePaths(traceAction(store.db, ACTION));
    // Written only on request, after the document has been read and checked (README.md "Expected chain").
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, `${JSON.stringify(doc, null, 2)}\n`);
    expect(existsSync(GOLDEN), `golden ${GOLDEN} is missing`).toBe(true);
    expect(doc).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('walks the Okta grant for alice --exact issued jti--> the MCP tools/call, root first', () => {
    const doc = traceAction(store.db, ACTION);
    expect(doc.chain.map((s) => s.event.id)).toEqual([GRANT_FOR_ALICE, ACTION]);
    expect(doc.chain.map((s) => s.role)).toEqual(['credential', 'invoke']);
    expect(doc.chain.map((s) => s.link && { method: s.link.method, relation: s.link.relation, key: s.link.key, confidence: s.link.confidence })).toEqual([
      { method: 'exact', relation: 'issued', key: TOKEN, confidence: 1 },
      null,
    ]);
    expect(doc.chain[0]!.event.credential_issued).toBe(TOKEN);
    expect(doc.chain[0]!.event.actor).toMatchObject({ id: AGENT_WORKLOAD, type: 'agent', name: 'invoice-agent' });
    expect(doc.chain[1]!.event.credential_used).toBe(TOKEN);
    expect(doc.chain[1]!.event.target).toBe('billing-mcp tool create_invoice');
    // The token is used after it was granted.
    expect(Date.parse(doc.chain[1]!.event.time)).toBeGreaterThan(Date.parse(doc.chain[0]!.event.time));
    // The server's result is the same operation as the call, not a hop.
    expect(doc.action.copies).toEqual([ACTION_RESULT]);
    expect(doc.gaps).toEqual([]);
    expect(doc.alternatives).toEqual([]);
  });

  it('says the agent acted for alice', () => {
    const { verdict } = traceAction(store.db, ACTION);
    expect(verdict).toMatchObject({ kind: 'agent-delegated', complete: true, confidence: 1 });
    // The agent that acted is the MCP client (OAuth client 0oa…); Okta logged its grant under its workload principal.
    expect(verdict.initiator).toMatchObject({ id: AGENT_MCP_CLIENT, type: 'agent', name: 'invoice-agent' });
    expect(verdict.on_behalf_of).toMatchObject({ id: ALICE, type: 'human', name: 'alice@corp.example' });
    expect(verdict.on_behalf_of?.aliases).toContain('email:alice@corp.example');
  });

  it('takes no decoy: not the agent’s token or call for bob, not alice’s own portal token', () => {
    const text = JSON.stringify(traceAction(store.db, ACTION));
    for (const decoy of DECOYS) expect(text, decoy).not.toContain(decoy);
  });

  it('keeps the tool call’s arguments as intent, its trace context and its request id', () => {
    const action = eventById(store.db, ACTION)!;
    expect(action.intent).toBe('create_invoice(customer="C-4417", amount=18450, currency="EUR", memo="Q2 consulting")');
    expect(action.request_id).toBe('mcps-a11ce-5f0c2e9d7b41:1');
    const trace = store.db.prepare('SELECT trace_id, span_id FROM events WHERE id = ?').get(ACTION);
    expect(trace).toEqual({ trace_id: '5a1ce0f1c7a3e9b24d6f8a0b1c2d3e4f', span_id: '7b3c9d1e5f2a4b6c' });
  });

  it('roots the agent’s call for bob in the agent’s grant for bob', () => {
    const doc = traceAction(store.db, BOB_CALL);
    expect(doc.chain.map((s) => s.event.id)).toEqual([GRANT_FOR_BOB, BOB_CALL]);
    expect(doc.chain[0]!.link?.key).toBe(BOB_TOKEN);
    expect(doc.verdict.kind).toBe('agent-delegated');
    expect(doc.verdict.on_behalf_of?.name).toBe('bob@corp.example');
    expect(JSON.stringify(doc)).not.toContain('00uA11ceF1nance0x7q1');
    expect(JSON.stringify(doc)).not.toContain(TOKEN);
  });

  it('alice’s portal token is issued by her portal’s grant and used by nothing', () => {
    const portal = credentialById(store.db, PORTAL_TOKEN);
    expect(portal?.issued_by_event).toBe(PORTAL_GRANT);
    const used = store.db.prepare('SELECT count(*) AS n FROM events WHERE credential_used = ?').get(PORTAL_TOKEN) as { n: number };
    expect(used.n).toBe(0);
    expect(credentialById(store.db, TOKEN)?.issued_by_event).toBe(GRANT_FOR_ALICE);
  });
});
