// Containers around records: array envelopes ({"Records":[…]}, {"value":[…]}…) and per-record wrappers
// (EventBridge `detail`, CloudTrail LookupEvents' `CloudTrailEvent` JSON string).

/** Keys whose array value holds the records of a page or delivery file. */
export const ARRAY_ENVELOPE_KEYS = ['Records', 'Events', 'records', 'value', 'items'] as const;

/** Envelope objects carry their array plus a few paging keys, never the dozens of fields of a record. */
const MAX_ENVELOPE_KEYS = 5;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The records array of an envelope object, or undefined when the object is a record itself. */
export function envelopeArray(value: unknown): unknown[] | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length > MAX_ENVELOPE_KEYS) return undefined;
  for (const key of ARRAY_ENVELOPE_KEYS) {
    const inner = value[key];
    if (Array.isArray(inner)) return inner;
  }
  return undefined;
}

export type Unwrapped =
  | { readonly ok: true; readonly value: unknown; readonly envelope?: string }
  | { readonly ok: false; readonly message: string };

/** Removes a per-record wrapper, if any. */
export function unwrapRecord(value: unknown): Unwrapped {
  if (!isPlainObject(value)) return { ok: true, value };
  // EventBridge: {"version":"0","detail-type":…,"source":…,"detail":{…}} (CloudTrail API calls, Okta log streaming).
  if (typeof value['detail-type'] === 'string' && isPlainObject(value['detail']) && 'source' in value) {
    return { ok: true, value: value['detail'], envelope: 'eventbridge' };
  }
  // LookupEvents / CloudTrail Lake: the full record is a JSON *string*.
  const embedded = value['CloudTrailEvent'];
  if (typeof embedded === 'string') {
    try {
      return { ok: true, value: JSON.parse(embedded) as unknown, envelope: 'lookup-events' };
    } catch (error) {
      return { ok: false, message: `CloudTrailEvent is not valid JSON: ${(error as Error).message}` };
    }
  }
  return { ok: true, value };
}
