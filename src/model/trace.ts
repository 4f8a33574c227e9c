// The `attrib.trace/1` document: field names are a contract other tools read (DESIGN.md).
import type { EventKind, LinkMethod, LinkRelation, Outcome, PrincipalType } from './types.js';

export const TRACE_SCHEMA = 'attrib.trace/1';

export type VerdictKind = 'human-direct' | 'agent-delegated' | 'automation-policy' | 'service' | 'ambiguous' | 'unattributed';

export interface TracePrincipal {
  readonly id: string;
  readonly type: PrincipalType;
  readonly name: string;
  readonly aliases?: readonly string[];
}

export interface TraceEvent {
  readonly id: string;
  readonly time: string;
  readonly name: string;
  readonly actor: TracePrincipal;
  readonly target: string | null;
  readonly outcome: Outcome;
  readonly credential_used: string | null;
  readonly credential_issued: string | null;
  readonly session: string | null;
  readonly source_identity: string | null;
  readonly ip: string | null;
  /** Where the record is: file, sha256 and line/index, so a reader can go to the bytes. */
  readonly source: { readonly file: string; readonly sha256: string; readonly line: number | null; readonly index: number };
  /** Other records of the same operation (cross-account copies, an MCP call's response): not separate hops. */
  readonly copies?: readonly string[];
}

export interface TraceLink {
  readonly method: LinkMethod;
  readonly relation: LinkRelation;
  readonly key: string;
  readonly confidence: number;
  readonly reason: string;
}

export interface ChainStep {
  readonly role: EventKind;
  readonly event: TraceEvent;
  /** How this step connects to the next one; null on the action itself. */
  readonly link: TraceLink | null;
  /** The grant (consent, authorization) under which an app or agent acted in this step, when known. */
  readonly authorized_by?: { readonly event: TraceEvent; readonly link: TraceLink };
}

export interface Verdict {
  readonly kind: VerdictKind;
  readonly confidence: number;
  readonly complete: boolean;
  readonly initiator: TracePrincipal | null;
  readonly on_behalf_of: TracePrincipal | null;
  /** One sentence a person can check. */
  readonly reason: string;
  /** The immutable AWS source identity carried through the chain, when set. */
  readonly source_identity?: string;
}

export interface Gap {
  readonly after: string;
  readonly missing: string;
  readonly hint: string;
}

export interface Alternative {
  readonly verdict: Verdict;
  readonly chain: readonly ChainStep[];
}

export interface TraceDocument {
  readonly schema: typeof TRACE_SCHEMA;
  readonly action: TraceEvent;
  readonly verdict: Verdict;
  readonly chain: readonly ChainStep[];
  readonly alternatives: readonly Alternative[];
  readonly gaps: readonly Gap[];
}
