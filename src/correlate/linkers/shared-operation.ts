// Exact: CloudTrail copies of one cross-account call share sharedEventID; they are one operation, not two hops.
import { insertLink, operationPairs } from '../../store/lineage.js';
import type { Linker } from './types.js';

export const sharedOperation: Linker = {
  name: 'shared-operation',
  method: 'exact',
  run(db, { afterSeq }) {
    let written = 0;
    for (const pair of operationPairs(db, afterSeq)) {
      if (insertLink(db, {
        from: pair.a,
        to: pair.b,
        relation: 'same_operation',
        method: 'exact',
        confidence: 1,
        key: pair.key,
        reason: `one call delivered to accounts ${pair.accounts} (same sharedEventID)`,
      })) written++;
    }
    return written;
  },
};
