// Okta back-channel events name no session; another event of the same request (transaction.id) does.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

describe('Okta transaction → session', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    await importInto(store.db, [join(FIXTURES, 'correlate/okta-transaction-session.json')]);
  });
  afterAll(() => store.close());

  it('follows a session-less token grant to the session its request belongs to', () => {
    const doc = traceAction(store.db, 'okta:7a4c0003-11f0-4e00-8f00-0000000b7003');
    expect(doc.chain.map((s) => s.event.id)).toEqual(['okta:7a4c0001-11f0-4e00-8f00-0000000b7001', 'okta:7a4c0003-11f0-4e00-8f00-0000000b7003']);
    expect(doc.chain[0]!.link).toMatchObject({ method: 'exact', relation: 'same_session', key: 'okta-session:102FIXTUREimplicitSess01' });
    expect(doc.chain[0]!.link!.reason).toMatch(/same Okta request \(FXtxnIMPL00002aaaaaaaaaaa\)/);
    expect(doc.verdict.complete).toBe(true);
  });
});
