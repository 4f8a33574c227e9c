// Trace context: from a service's span back through the MCP call and the tool call to the agent run.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

const T = '4f7e1c0a9b3d5e2f6a8c0b1d3e5f7a90';
const span = (id: string): string => `otel:${T}/${id}`;

describe('trace context', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    await importInto(store.db, [join(FIXTURES, 'otel/agent-run.jsonl')]);
  });
  afterAll(() => store.close());

  it('walks parent spans exactly, root first, to the agent run', () => {
    const doc = traceAction(store.db, span('f60718293a4b5c6d'));
    expect(doc.chain.map((s) => s.event.id)).toEqual([
      span('a1b2c3d4e5f60718'),
      span('c3d4e5f60718293a'),
      span('d4e5f60718293a4b'),
      span('e5f60718293a4b5c'),
      span('f60718293a4b5c6d'),
    ]);
    expect(doc.chain.slice(0, -1).every((s) => s.link?.method === 'exact' && s.link.relation === 'invoked')).toBe(true);
    expect(doc.chain[0]!.link!.key).toBe(`trace:${T}/a1b2c3d4e5f60718`);
  });

  it('stops honestly at the agent run: the token it used was issued by nothing in the store', () => {
    const doc = traceAction(store.db, span('f60718293a4b5c6d'));
    expect(doc.verdict.kind).toBe('unattributed');
    expect(doc.gaps[0]!.missing).toBe('issuance of okta-jti:AT.FIXTURE-otel-alice-0001-Kp3');
  });

  it('links each child to its parent once, whatever the order of import', () => {
    const n = (store.db.prepare("SELECT count(*) AS n FROM links WHERE relation = 'invoked'").get() as { n: number }).n;
    expect(n).toBe(5);
  });
});
