// The verdict policy: who initiated, how, and when to refuse to pick (ambiguous).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import type { ChainPath } from '../../src/correlate/chain.js';
import { AMBIGUITY_MARGIN, judge, verdictFor } from '../../src/correlate/verdict.js';
import type { TraceLink } from '../../src/model/trace.js';
import type { PrincipalType } from '../../src/model/types.js';
import type { StoredEvent } from '../../src/store/queries.js';
import { FIXTURES, importInto, tempStore } from '../helpers/store.js';

function event(id: string, actor: { id: string; type: PrincipalType; name: string }, name = 'test:Op'): StoredEvent {
  return {
    seq: 1, id, format: 'cloudtrail', time: 0, kind: 'action', name,
    actor: { ...actor, aliases: [] }, on_behalf_of: null, credential_used: null, credential_issued: null,
    session: null, session_start: null, source_identity: null, operation_key: null, target: null,
    outcome: 'success', ip: null, user_agent: null, intent: null, request_id: null, attrs: {}, flags: [],
    file: 'f', file_sha256: 'x', line: 1, record_index: 0,
  };
}

function inferred(confidence: number): TraceLink {
  return { method: 'inferred', relation: 'issued', key: 'aws-akid:ASIAX', confidence, reason: 'test' };
}

const action = event('cloudtrail:action', { id: 'aws:role', type: 'role', name: 'role' });
const alice = event('cloudtrail:login-alice', { id: 'human:alice', type: 'human', name: 'alice' }, 'signin:ConsoleLogin');
const bob = event('cloudtrail:login-bob', { id: 'human:bob', type: 'human', name: 'bob' }, 'signin:ConsoleLogin');

function path(root: StoredEvent, confidence: number): ChainPath {
  return { events: [root, action], links: [inferred(confidence)], gap: null };
}

describe('judge', () => {
  it('refuses to pick between two initiators whose scores are within the margin', () => {
    const j = judge([path(alice, 0.8), path(bob, 0.8 - AMBIGUITY_MARGIN / 2)]);
    expect(j.verdict.kind).toBe('ambiguous');
    expect(j.verdict.initiator).toBeNull();
    expect(j.verdict.complete).toBe(false);
    expect(j.alternatives.map((p) => verdictFor(p).initiator?.name)).toEqual(['alice', 'bob']);
  });

  it('picks the clearly better explanation and lists the other', () => {
    const j = judge([path(bob, 0.5), path(alice, 0.9)]);
    expect(j.verdict).toMatchObject({ kind: 'human-direct', confidence: 0.9, complete: true });
    expect(j.verdict.initiator?.name).toBe('alice');
    expect(j.alternatives.map((p) => verdictFor(p).initiator?.name)).toEqual(['bob']);
  });

  it('prefers a complete chain over one that breaks', () => {
    const broken: ChainPath = { events: [action], links: [], gap: { after: action.id, missing: 'x', hint: 'y' } };
    const j = judge([broken, path(alice, 0.6)]);
    expect(j.verdict.kind).toBe('human-direct');
  });

  it('reports an unattributed chain with no initiator and zero confidence', () => {
    const broken: ChainPath = { events: [action], links: [], gap: { after: action.id, missing: 'issuance of k', hint: 'import it' } };
    const v = judge([broken]).verdict;
    expect(v).toMatchObject({ kind: 'unattributed', complete: false, confidence: 0, initiator: null });
    expect(v.reason).toMatch(/issuance of k is not in the store/);
  });
});

describe('agent in the chain', () => {
  it('names the agent nearest the action as initiator, acting for the person it serves', () => {
    const human = event('signin', { id: 'human:alice', type: 'human', name: 'alice' }, 'idp:signin');
    const agentToken = { ...event('token', { id: 'agent:bot', type: 'agent', name: 'release-bot' }, 'idp:token'), on_behalf_of: { ...human.actor } };
    const call = event('call', { id: 'app:bot', type: 'app', name: 'release-bot app' }, 'api:call');
    const exact: TraceLink = { method: 'exact', relation: 'issued', key: 'k', confidence: 1, reason: 'r' };
    const v = verdictFor({ events: [human, agentToken, call], links: [exact, exact], gap: null });
    expect(v.kind).toBe('agent-delegated');
    expect(v.initiator).toMatchObject({ id: 'agent:bot', type: 'agent' });
    expect(v.on_behalf_of).toMatchObject({ id: 'human:alice' });
    expect(v.complete).toBe(true);
  });
});

describe('two console logins that could each have started the session', () => {
  it('keeps the verdict (same person either way) and shows the other login as an alternative', async () => {
    const store = tempStore();
    try {
      await importInto(store.db, [join(FIXTURES, 'correlate/console-two-logins.json')]);
      const doc = traceAction(store.db, 'cloudtrail:a3b10003-0000-4000-8000-000000000003');
      expect(doc.verdict.kind).toBe('human-direct');
      expect(doc.verdict.initiator?.name).toBe('dave.fixture');
      expect(doc.chain[0]!.link?.method).toBe('inferred');
      const roots = [doc.chain[0]!.event.id, ...doc.alternatives.map((a) => a.chain[0]!.event.id)].sort();
      expect(roots).toEqual(['cloudtrail:a3b10001-0000-4000-8000-000000000001', 'cloudtrail:a3b10002-0000-4000-8000-000000000002']);
    } finally {
      store.close();
    }
  });
});
