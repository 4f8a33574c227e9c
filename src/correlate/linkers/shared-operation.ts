// Exact: records of one operation share a key (CloudTrail cross-account copies: sharedEventID; Azure Activity
// Start/Accept/Success phases: correlationId). They are one operation, never two hops of a chain.
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
        reason: pair.key.startsWith('aws-shared-event:')
          ? `one call delivered to accounts ${pair.accounts} (same sharedEventID)`
          : `records of one operation (same ${pair.key.slice(0, pair.key.indexOf(':'))} key)`,
      })) written++;
    }
    return written;
  },
};
