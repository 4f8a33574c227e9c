// The bundled incident: Entra interactive sign-in → agent's non-interactive token (same session) → Graph call, with decoys.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import { credentialById } from '../../src/store/queries.js';
import { FIXTURES, importInto, relativizePaths, tempStore, type TempStore } from '../helpers/store.js';

const INCIDENT = join(FIXTURES, 'incidents/entra-agent-graph');
const GOLDEN = join(INCIDENT, 'expected.trace.json');

// The action: release-bot creates an inbox rule in alice's mailbox with alice's delegated token U1.
const ACTION = 'graph-activity:a9e4a11c-4b07-4e5e-9f0d-00000000a1e1';
const ALICE_INTERACTIVE = 'entra-signin:5190ea9e-0000-4000-8000-0000000000a0';
const RELEASE_BOT_FOR_ALICE = 'entra-signin:5190ea9e-0000-4000-8000-0000000000a1';
const S1 = 'entra-session:5e55a11c-ea9e-4000-8000-000000000051';
const U1 = 'entra-uti:EaRelBotOboTok_Q7mZp2X';
// U2 differs from U1 only in the case of one letter (Q / q): a different token.
const U2 = 'entra-uti:EaRelBotOboTok_q7mZp2X';
const RELEASE_BOT = 'entra-app:e1ea5eb0-7a9e-4000-8000-0000000000b7';
const ALICE = 'entra-user:a11ce0ea-0000-4000-8000-0000000a11ce';

/** Everything that belongs to a decoy: none of it may appear in the action's trace. */
const DECOYS = [
  // alice's Outlook web client: its sign-in, its token (U2), its app, its two Graph reads
  '5190ea9e-0000-4000-8000-0000000000a2',
  'EaRelBotOboTok_q7mZp2X',
  '0a7100c0-0eb0-4000-8000-0000000000c1',
  'dec0e000-0000-4000-8000-0000000000d1',
  'dec0e000-0000-4000-8000-0000000000d2',
  // bob: interactive sign-in, release-bot's token for him, his session, his tokens, release-bot's calls for him
  '5190ea9e-0000-4000-8000-0000000000b0',
  '5190ea9e-0000-4000-8000-0000000000b1',
  '5e55b0b0-ea9e-4000-8000-000000000052',
  'EaBobMfaTok_S2h4Rr9Lk0',
  'EaRelBotBobTok_W3nYc8V',
  '7e11b0b0-b0b0-4e5e-9b07-0000000b0b01',
  '7e11b0b0-b0b0-4e5e-9b07-0000000b0b02',
  'b0b000ea-0000-4000-8000-00000000b0b0',
  'bob@corp.example',
];

describe('incident: entra-agent-graph', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    await importInto(store.db, [join(INCIDENT, 'inputs')]);
  });
  afterAll(() => store.close());

  it('matches the golden trace', () => {
    const doc = relativizePaths(traceAction(store.db, ACTION));
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(GOLDEN)) {
      if (process.env['CI']) throw new Error(`golden ${GOLDEN} is missing`);
      writeFileSync(GOLDEN, `${JSON.stringify(doc, null, 2)}\n`);
    }
    expect(doc).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('walks alice’s login → release-bot’s token in the same session → the Graph call, root first', () => {
    const doc = traceAction(store.db, ACTION);
    expect(doc.chain.map((s) => s.event.id)).toEqual([ALICE_INTERACTIVE, RELEASE_BOT_FOR_ALICE, ACTION]);
    expect(doc.chain.map((s) => s.role)).toEqual(['authenticate', 'credential', 'action']);
    expect(doc.chain.map((s) => s.link && { method: s.link.method, relation: s.link.relation, key: s.link.key, confidence: s.link.confidence })).toEqual([
      { method: 'exact', relation: 'same_session', key: S1, confidence: 1 },
      { method: 'exact', relation: 'issued', key: U1, confidence: 1 },
      null,
    ]);
    expect(doc.chain[1]!.event.credential_issued).toBe(U1);
    expect(doc.chain[2]!.event.credential_used).toBe(U1);
    expect(doc.chain.every((s) => s.event.session === S1)).toBe(true);
    expect(doc.gaps).toEqual([]);
    expect(doc.alternatives).toEqual([]);
  });

  it('says the agent acted for alice', () => {
    const { verdict } = traceAction(store.db, ACTION);
    expect(verdict).toMatchObject({ kind: 'agent-delegated', complete: true, confidence: 1 });
    expect(verdict.initiator).toMatchObject({ id: RELEASE_BOT, type: 'agent', name: 'release-bot' });
    expect(verdict.on_behalf_of).toMatchObject({ id: ALICE, type: 'human', name: 'alice@corp.example' });
  });

  it('takes no decoy: not alice’s Outlook token, not release-bot’s token for bob', () => {
    const text = JSON.stringify(traceAction(store.db, ACTION));
    for (const decoy of DECOYS) expect(text, decoy).not.toContain(decoy);
  });

  it('keeps the case-differing token ids apart (uti is case-sensitive)', () => {
    expect(credentialById(store.db, U1)?.issued_by_event).toBe(RELEASE_BOT_FOR_ALICE);
    expect(credentialById(store.db, U2)?.issued_by_event).toBe('entra-signin:5190ea9e-0000-4000-8000-0000000000a2');
    // The decoy's own reads lead to the Outlook sign-in, never to release-bot's.
    const decoy = traceAction(store.db, 'graph-activity:dec0e000-0000-4000-8000-0000000000d1');
    expect(decoy.chain.map((s) => s.event.id)).toEqual([
      ALICE_INTERACTIVE,
      'entra-signin:5190ea9e-0000-4000-8000-0000000000a2',
      'graph-activity:dec0e000-0000-4000-8000-0000000000d1',
    ]);
    expect(decoy.chain[1]!.link?.key).toBe(U2);
    expect(JSON.stringify(decoy)).not.toContain(RELEASE_BOT_FOR_ALICE);
    expect(JSON.stringify(decoy)).not.toContain(U1);
  });

  it('roots release-bot’s call for bob in bob’s own session', () => {
    const doc = traceAction(store.db, 'graph-activity:7e11b0b0-b0b0-4e5e-9b07-0000000b0b01');
    expect(doc.chain.map((s) => s.event.id)).toEqual([
      'entra-signin:5190ea9e-0000-4000-8000-0000000000b0',
      'entra-signin:5190ea9e-0000-4000-8000-0000000000b1',
      'graph-activity:7e11b0b0-b0b0-4e5e-9b07-0000000b0b01',
    ]);
    expect(doc.verdict.kind).toBe('agent-delegated');
    expect(doc.verdict.on_behalf_of?.name).toBe('bob@corp.example');
    expect(JSON.stringify(doc)).not.toContain('a11ce0ea');
  });
});
