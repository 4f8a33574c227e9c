// An app acting for a person is shown with the consent that gave it that authority.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAction } from '../../src/app/trace.js';
import { FIXTURES, importInto, tempStore, type TempStore } from '../helpers/store.js';

const CONSENT = 'entra-audit:Directory_c0a50000-0000-4000-8000-000000000001_FXAUD_100000003';
const GRAPH_CALL = 'graph-activity:9e910000-0000-4000-8000-000000000001';

describe('delegation grants', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = tempStore();
    // Calls first, consent last: a grant imported after the acts it covers must still reach them.
    await importInto(store.db, [join(FIXTURES, 'graph-activity'), join(FIXTURES, 'entra-signin')]);
    await importInto(store.db, [join(FIXTURES, 'entra-audit')]);
  });
  afterAll(() => store.close());

  it('links the latest consent of that person to that app before each act', () => {
    const rows = store.db
      .prepare("SELECT from_id, to_id, method, key FROM links WHERE relation = 'approved' ORDER BY to_id")
      .all() as Array<{ from_id: string; to_id: string; method: string; key: string }>;
    expect(rows.map((r) => [r.from_id, r.to_id])).toEqual([
      [CONSENT, 'entra-signin:51900000-0000-4000-8000-000000000002'],
      [CONSENT, GRAPH_CALL],
    ]);
    expect(rows.every((r) => r.method === 'exact' && r.key === 'entra-app:a9e47000-0000-4000-8000-0000000000a1')).toBe(true);
  });

  it('shows the consent beside the hop in a trace, without changing the chain', () => {
    const doc = traceAction(store.db, GRAPH_CALL);
    const action = doc.chain[doc.chain.length - 1]!;
    expect(action.authorized_by?.event.id).toBe(CONSENT);
    expect(action.authorized_by?.link.reason).toMatch(/latest such grant before/);
    expect(doc.chain.map((s) => s.event.id)).not.toContain(CONSENT);
  });
});
