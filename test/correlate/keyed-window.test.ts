// Grants without token ids: a Workspace authorization explains later activity by that client for that
// user, until it is revoked.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

describe('Workspace authorize → activity', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    await importInto(store.db, [join(FIXTURES, 'correlate/gws-revoked-grant.jsonl')]);
  });
  afterAll(() => store.close());

  it('links activity to the grant before it, marked inferred with a reason', () => {
    const doc = traceAction(store.db, 'gws-token:-700000000000000902:0');
    expect(doc.chain.map((s) => s.event.id)).toEqual(['gws-token:-700000000000000901:0', 'gws-token:-700000000000000902:0']);
    expect(doc.chain[0]!.link).toMatchObject({ method: 'inferred', relation: 'delegated' });
    expect(doc.chain[0]!.link!.reason).toMatch(/no token id is logged: the same user authorized the same client 5 min before this activity/);
    expect(doc.verdict.initiator?.name).toBe('alice@corp.example');
  });

  it('does not let a revoked grant explain activity after the revocation', () => {
    const links = store.db.prepare("SELECT from_id FROM links WHERE to_id = 'gws-token:-700000000000000904:0'").all();
    expect(links).toEqual([]);
    const doc = traceAction(store.db, 'gws-token:-700000000000000904:0');
    expect(doc.chain).toHaveLength(1);
  });
});
