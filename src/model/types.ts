// The normalized model every adapter produces and every later stage reads (DESIGN.md "Normalized model").

/** What kind of thing happened; the chain's `role` is one of these. */
export type EventKind = 'authenticate' | 'delegate' | 'credential' | 'invoke' | 'approve' | 'action' | 'other';

export const EVENT_KINDS: readonly EventKind[] = [
  'authenticate',
  'delegate',
  'credential',
  'invoke',
  'approve',
  'action',
  'other',
];

export type PrincipalType = 'human' | 'agent' | 'service' | 'role' | 'app' | 'unknown';

export type Outcome = 'success' | 'failure' | 'unknown';

/** A principal as an adapter sees it in one record. `id` is namespaced and stable (`aws:arn:…`). */
export interface PrincipalRef {
  readonly id: string;
  readonly type: PrincipalType;
  /** What a person calls it: a user name, a role name, an e-mail. */
  readonly name: string;
  /** Other names for the same entity seen in the record (e-mail, session name, SAML NameID). */
  readonly aliases?: readonly string[];
}

/** A credential the record shows being issued. Ids are namespaced: `aws-akid:ASIA…`. */
export interface CredentialIssue {
  readonly id: string;
  /** Who receives it. */
  readonly issuedTo?: PrincipalRef;
  /** Expiry, ms since epoch, when the record states it. */
  readonly expires?: number;
  /** sha256 of the secret parts the log carried (session token), never the secret itself. */
  readonly fingerprint?: string;
  readonly scopes?: string;
}

export interface TraceContext {
  readonly trace_id?: string;
  readonly span_id?: string;
  readonly parent_span_id?: string;
  readonly request_id?: string;
}

/** One thing that happened, from one record. Field names follow the `attrib.trace/1` contract. */
export interface NormalizedEvent {
  /** `<format>:<native id>`, stable across re-imports. */
  readonly id: string;
  readonly format: string;
  /** ms since epoch, UTC. */
  readonly time: number;
  readonly kind: EventKind;
  /** Namespaced operation, e.g. `sts:AssumeRole`. */
  readonly name: string;
  readonly actor: PrincipalRef;
  /** A principal the record itself says the actor acted for (CloudTrail `onBehalfOf`, RFC 8693 `act`). */
  readonly on_behalf_of?: PrincipalRef;
  readonly credential_used?: string;
  readonly credential_issued?: CredentialIssue;
  readonly session?: string;
  /** When the session the actor acts in began (CloudTrail `sessionContext.attributes.creationDate`). */
  readonly session_start?: number;
  /** Immutable human-origin tag carried through a delegation chain (CloudTrail `sourceIdentity`). */
  readonly source_identity?: string;
  /**
   * One operation delivered as several records (CloudTrail cross-account copies share
   * `sharedEventID`/`requestID`): the copies have the same key and are never two hops of a chain.
   */
  readonly operation_key?: string;
  readonly target?: string;
  readonly outcome: Outcome;
  readonly ip?: string;
  readonly user_agent?: string;
  readonly intent?: string;
  readonly trace?: TraceContext;
  /** Adapter-specific facts worth showing or querying (account, region, mfa, invokedBy…). */
  readonly attrs?: Readonly<Record<string, string | number | boolean>>;
  /** Things about the record itself a reader should know (zone-less time assumed UTC…). */
  readonly flags?: readonly string[];
  /** The original record with secrets redacted. */
  readonly raw: unknown;
}

/** Where a raw record came from: every event can be pointed back to its bytes. */
export interface Provenance {
  readonly file: string;
  /** 1-based line for line formats; for array/envelope formats, the line where the record starts. */
  readonly line?: number;
  /** 0-based index of the record in its container. */
  readonly index: number;
}

export type LinkRelation =
  | 'issued'
  | 'used'
  | 'same_session'
  | 'same_operation'
  | 'parent_credential'
  | 'invoked'
  | 'delegated'
  | 'approved'
  | 'alias';

export type LinkMethod = 'exact' | 'inferred';

export interface Link {
  readonly from: string;
  readonly to: string;
  readonly relation: LinkRelation;
  readonly method: LinkMethod;
  readonly confidence: number;
  readonly key: string;
  readonly reason: string;
}
