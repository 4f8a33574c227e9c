// Vendor time strings → ms since epoch, UTC. Zone-less forms are read as UTC and reported so the caller can flag them.

export interface ParsedTime {
  readonly ms: number;
  /** The text carried no zone; it was read as UTC. */
  readonly zoneless: boolean;
}

// 2026-05-01T10:02:11Z, 2026-05-01 10:02:11.1234567, 2026-05-01T10:02:11+00:00, 20260501T095802Z (basic ISO)
const ISO_EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};
// CloudTrail's credentials.expiration: "Oct 2, 2019 11:12:29 PM" (also seen with a comma after the year)
const LOCALE_TEXT = /^([A-Za-z]{3})[a-z]* (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])$/;

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function build(parts: {
  y: string; mo: string; d: string; h?: string; mi?: string; s?: string; frac?: string; zone?: string;
}): ParsedTime | undefined {
  const month = Number(parts.mo);
  const day = Number(parts.d);
  const hour = Number(parts.h ?? 0);
  const minute = Number(parts.mi ?? 0);
  const second = Number(parts.s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const millis = parts.frac ? Math.floor(Number(`0.${parts.frac}`) * 1000) : 0;
  const utc = Date.UTC(Number(parts.y), month - 1, day, hour, minute, second, millis);
  if (!Number.isFinite(utc)) return undefined;
  return { ms: utc - offsetMinutes(parts.zone) * 60_000, zoneless: parts.zone === undefined };
}

/** ISO-8601 in its extended, basic and SIEM "space" forms, with any number of fraction digits. */
export function parseIsoTime(text: string): ParsedTime | undefined {
  const trimmed = text.trim();
  const ext = ISO_EXTENDED.exec(trimmed);
  if (ext) {
    const [, y, mo, d, h, mi, s, frac, zone] = ext;
    return build({ y: y!, mo: mo!, d: d!, h, mi, s, frac, zone });
  }
  const basic = ISO_BASIC.exec(trimmed);
  if (basic) {
    const [, y, mo, d, h, mi, s, frac, zone] = basic;
    return build({ y: y!, mo: mo!, d: d!, h, mi, s, frac, zone });
  }
  return undefined;
}

/** CloudTrail's locale-text expiration ("May 1, 2026 10:17:11 AM", UTC without a marker), or ISO. */
export function parseLocaleOrIsoTime(text: string): ParsedTime | undefined {
  const match = LOCALE_TEXT.exec(text.trim());
  if (!match) return parseIsoTime(text);
  const [, mon, d, y, h, mi, s, ampm] = match;
  const month = MONTHS[mon!.toLowerCase()];
  if (month === undefined) return undefined;
  let hour = Number(h) % 12;
  if (ampm!.toLowerCase() === 'pm') hour += 12;
  const ms = Date.UTC(Number(y), month, Number(d), hour, Number(mi), Number(s));
  return Number.isFinite(ms) ? { ms, zoneless: false } : undefined;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
