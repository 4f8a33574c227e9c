// Helpers shared by the Microsoft adapters (Entra sign-ins and audit, Azure Activity, Graph activity): envelope
// access, time choice, and the principal / credential / session ids that join these sources.
// https://learn.microsoft.com/en-us/entra/identity/authentication/how-to-authentication-track-linkable-identifiers
import type { PrincipalRef } from '../../model/types.js';
import { obj, str, type JsonObject } from './json.js';
import { parseIsoTime, parseUsDateTime, type ParsedTime } from './time.js';

/**
 * `record[key]`, or the same key in another case. Some pipelines lower-case the diagnostic envelope
 * (`calleripaddress`, `correlationid`, `resultsignature`), and Log Analytics rows are PascalCase.
 */
export function field(record: JsonObject | undefined, key: string): unknown {
  if (!record) return undefined;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(record)) {
    if (k.toLowerCase() === lower) return record[k];
  }
  return undefined;
}

/** `field` as a non-empty string (numbers and booleans as text). */
export function fieldStr(record: JsonObject | undefined, key: string): string | undefined {
  return str(field(record, key));
}

export function fieldObj(record: JsonObject | undefined, key: string): JsonObject | undefined {
  return obj(field(record, key));
}

/** A number, also when the export wrote it as a string (`"durationMs": "0"`). */
export function fieldNum(record: JsonObject | undefined, key: string): number | undefined {
  const value = field(record, key);
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Every Microsoft time form seen in exports: ISO with 0–9 fraction digits, `+00:00`, zone-less, US text. */
export function parseMicrosoftTime(text: string): ParsedTime | undefined {
  return parseIsoTime(text) ?? parseUsDateTime(text);
}

export interface PickedTime {
  readonly time?: ParsedTime;
  /** The texts that were tried, for a reject message. */
  readonly tried: readonly string[];
}

/**
 * The event time from several fields that state the same instant in different syntax (`createdDateTime`
 * with `+00:00`, envelope `time` with 7 digits or US text): the first that carries a zone wins, so a
 * zone-less copy is only used (and flagged) when no field says the zone.
 */
export function pickTime(candidates: ReadonlyArray<string | undefined>): PickedTime {
  const tried = candidates.filter((c): c is string => c !== undefined);
  let fallback: ParsedTime | undefined;
  for (const text of tried) {
    const parsed = parseMicrosoftTime(text);
    if (!parsed) continue;
    if (!parsed.zoneless) return { time: parsed, tried };
    fallback ??= parsed;
  }
  return fallback ? { time: fallback, tried } : { tried };
}

/** Epoch seconds as a JWT claim carries them in Azure Activity (`"iat": "1571875726"`) → ms. */
export function epochSecondsToMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Math.round(Number(value) * 1000);
}

// --- lineage keys -----------------------------------------------------------------------------------------

/** The token id (`uti` claim = sign-in uniqueTokenIdentifier = Graph signInActivityId). Case-sensitive: never lower-cased. */
export function utiCredential(uti: string): string {
  return `entra-uti:${uti}`;
}

/** The session id (`sid` claim = sign-in sessionId = Graph sessionId), shared by every token of one root login. */
export function sessionKey(sessionId: string): string {
  return `entra-session:${sessionId}`;
}

/** An application or service-principal key credential (`KeyIdentifier` in audit, `servicePrincipalCredentialKeyId` in sign-ins). */
export function keyCredential(keyId: string): string {
  return `entra-key:${keyId.toLowerCase()}`;
}

// --- principals -------------------------------------------------------------------------------------------

/** A person by object id, named by UPN; the UPN is also an alias so the same person merges across systems. */
export function userPrincipal(
  userId: string | undefined,
  upn: string | undefined,
  displayName?: string,
  type: 'human' | 'agent' = 'human',
): PrincipalRef | undefined {
  if (!userId && !upn) return undefined;
  const id = userId ? `entra-user:${userId}` : `entra-upn:${upn}`;
  const aliases: string[] = [];
  if (upn) {
    if (upn.includes('@')) aliases.push(`email:${upn.toLowerCase()}`);
    if (id !== `entra-upn:${upn}`) aliases.push(`entra-upn:${upn}`);
  }
  return { id, type, name: upn ?? displayName ?? userId!, aliases };
}

/** An application by app (client) id. Its service principal in this tenant is the same workload: an alias. */
export function appPrincipal(
  appId: string,
  name: string | undefined,
  type: 'app' | 'agent' | 'service',
  servicePrincipalId?: string,
): PrincipalRef {
  return {
    id: `entra-app:${appId}`,
    type,
    name: name ?? appId,
    aliases: servicePrincipalId ? [`entra-sp:${servicePrincipalId}`] : [],
  };
}

/** A service principal (or managed identity) by object id; its app id is an alias. */
export function servicePrincipal(
  servicePrincipalId: string,
  name: string | undefined,
  appId?: string,
  type: 'service' | 'agent' = 'service',
): PrincipalRef {
  return {
    id: `entra-sp:${servicePrincipalId}`,
    type,
    name: name ?? servicePrincipalId,
    aliases: appId ? [`entra-app:${appId}`] : [],
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/**
 * A value as Entra audit `modifiedProperties` write it: JSON-encoded text (`"\"Principal\""`, `"[true]"`,
 * `"[\"a\",\"b\"]"`). Returns the decoded string, the single element of a one-item array, or the text itself.
 */
export function decodeAuditValue(value: unknown): string | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return text.trim() || undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 1) decoded = decoded[0];
  if (typeof decoded === 'string') return decoded.trim() || undefined;
  if (typeof decoded === 'number' || typeof decoded === 'boolean') return String(decoded);
  return text;
}
