// Inferred: some sources log no token id between the grant of authority and its use. GCP records who
// minted a token for which service account, and later calls by that service account name the caller;
// Google Workspace records a user authorizing a client, and later API activity by that client for them.
// Where no key exists, (caller, target) and a time window are the documented join. Every candidate is
// linked with its score, so a trace can say when two grants could explain one use.
import { deleteInferredLinksTo, eventsWithKeyBetween, insertLink, keyedCandidates, newEventsWithKey, type KeyedEvent } from '../../store/lineage.js';
import type { Linker } from './types.js';

interface KeyedRule {
  readonly name: string;
  /** The source both sides come from. */
  readonly format: string;
  /** attrs key on the issuing side; the using side carries its value under `useAttr`. */
  readonly issueAttr: 'mint_key' | 'grant_key';
  readonly useAttr: string;
  readonly issueNames: readonly string[];
  /** Only these events are the using side (null: any event carrying useAttr that is not an issuer). */
  readonly useNames: readonly string[] | null;
  readonly windowMs: number;
  /** Events that end a grant (a revocation): a grant revoked before the use cannot explain it. */
  readonly revokeNames: readonly string[];
  readonly relation: 'issued' | 'delegated';
  readonly describe: (gapMs: number, candidates: number) => string;
}

const HOUR = 3_600_000;

/** GCP access tokens minted by iamcredentials live one hour by default. */
const GCP_MINT: KeyedRule = {
  name: 'gcp-mint',
  format: 'gcp-audit',
  issueAttr: 'mint_key',
  useAttr: 'use_key',
  issueNames: [
    'gcp:iamcredentials.googleapis.com/GenerateAccessToken',
    'gcp:iamcredentials.googleapis.com/GenerateIdToken',
    'gcp:iamcredentials.googleapis.com/SignJwt',
    'gcp:iamcredentials.googleapis.com/SignBlob',
  ],
  useNames: null,
  windowMs: HOUR,
  revokeNames: [],
  relation: 'issued',
  describe: (gap, n) =>
    `no token id is logged: this mint by the same caller for the same service account came ${Math.round(gap / 1000)}s before the use, within the 1 h token lifetime${n > 1 ? ` (one of ${n} mints that could explain it)` : ''}`,
};

/** A Workspace grant lasts until revoked; the Reports API keeps 180 days. */
const GWS_GRANT: KeyedRule = {
  name: 'gws-grant',
  format: 'gws-token',
  issueAttr: 'grant_key',
  useAttr: 'grant_key',
  issueNames: ['gws:token.authorize'],
  useNames: ['gws:token.activity'],
  windowMs: 180 * 24 * HOUR,
  revokeNames: ['gws:token.revoke'],
  relation: 'delegated',
  describe: (gap, n) =>
    `no token id is logged: the same user authorized the same client ${Math.round(gap / 60_000)} min before this activity${n > 1 ? ` (one of ${n} grants that could explain it)` : ''}`,
};

export const KEYED_RULES: readonly KeyedRule[] = [GCP_MINT, GWS_GRANT];

/** Closer in time is likelier; a lone candidate is likelier than one of several. */
function score(gapMs: number, windowMs: number, candidates: number): number {
  const closeness = 1 - Math.min(gapMs / windowMs, 1);
  const base = 0.6 + 0.3 * closeness;
  return Math.round((candidates > 1 ? base - 0.1 : base) * 100) / 100;
}

export const keyedWindow: Linker = {
  name: 'keyed-window',
  method: 'inferred',
  run(db, { afterSeq }) {
    let written = 0;
    for (const rule of KEYED_RULES) {
      // New uses, and older uses that a newly imported grant may explain: files arrive in any order.
      const uses = new Map<string, KeyedEvent>();
      for (const use of newEventsWithKey(db, afterSeq, rule.format, rule.useAttr, rule.useNames)) uses.set(use.id, use);
      for (const grant of newEventsWithKey(db, afterSeq, rule.format, rule.issueAttr, rule.issueNames)) {
        for (const use of eventsWithKeyBetween(db, rule.useAttr, grant.key, grant.time, grant.time + rule.windowMs)) uses.set(use.id, use);
      }
      for (const use of uses.values()) {
        if (rule.issueNames.includes(use.name)) continue;
        if (rule.useNames && !rule.useNames.includes(use.name)) continue;
        const revokes = rule.revokeNames.length
          ? keyedCandidates(db, rule.issueAttr, use.key, rule.revokeNames, use.time - rule.windowMs, use.time)
          : [];
        const candidates = keyedCandidates(db, rule.issueAttr, use.key, rule.issueNames, use.time - rule.windowMs, use.time).filter(
          (grant) => !revokes.some((r) => r.time >= grant.time && r.time <= use.time),
        );
        deleteInferredLinksTo(db, use.id, rule.relation);
        for (const mint of candidates) {
          const gap = use.time - mint.time;
          insertLink(db, {
            from: mint.id,
            to: use.id,
            relation: rule.relation,
            method: 'inferred',
            confidence: score(gap, rule.windowMs, candidates.length),
            key: use.key,
            reason: rule.describe(gap, candidates.length),
          });
          written++;
        }
      }
    }
    return written;
  },
};
