// Vendor time strings → ms since epoch, UTC. Zone-less forms are read as UTC and reported so the caller can flag them.

export interface ParsedTime {
  readonly ms: number;
  /** The text carried no zone; it was read as UTC. */
  readonly zoneless: boolean;
}

// 2026-05-01T10:02:11Z, 2026-05-01 10:02:11.1234567, 2026-05-01T10:02:11+00:00, 20260501T095802Z (basic ISO)
const ISO_EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};
// CloudTrail's credentials.expiration: "Oct 2, 2019 11:12:29 PM" (also seen with a comma after the year)
const LOCALE_TEXT = /^([A-Za-z]{3})[a-z]* (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])$/;

/** `Z`, `+02`, `+0200`, `-08:00` → minutes east of UTC; undefined for an offset no clock has (`+25:00`). */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Fraction digits → whole ms, truncated; read as text so 9 digits never round up into the next second. */
function fractionMs(frac: string | undefined): number {
  return frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
}

function build(parts: {
  y: string; mo: string; d: string; h?: string; mi?: string; s?: string; frac?: string; zone?: string;
}): ParsedTime | undefined {
  const month = Number(parts.mo);
  const day = Number(parts.d);
  const hour = Number(parts.h ?? 0);
  const minute = Number(parts.mi ?? 0);
  const second = Number(parts.s ?? 0);
  const year = Number(parts.y);
  // Date.UTC would quietly roll 2026-02-31 over into March.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  const offset = offsetMinutes(parts.zone);
  if (offset === undefined) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, fractionMs(parts.frac));
  if (!Number.isFinite(utc)) return undefined;
  return { ms: utc - offset * 60_000, zoneless: parts.zone === undefined };
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
  const year = Number(y);
  const day = Number(d);
  const clock = Number(h);
  if (month === undefined || day < 1 || day > daysInMonth(year, month + 1)) return undefined;
  // A 12-hour clock reads 12, 1 … 11: "12:15 AM" is a quarter past midnight, "12:30 PM" half past noon.
  if (clock < 1 || clock > 12 || Number(mi) > 59 || Number(s) > 60) return undefined;
  const hour = (clock % 12) + (ampm!.toLowerCase() === 'pm' ? 12 : 0);
  const ms = Date.UTC(year, month, day, hour, Number(mi), Number(s));
  return Number.isFinite(ms) ? { ms, zoneless: false } : undefined;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

// Month-first US text as .NET writes it in Entra / Azure exports re-saved by tools: "1/9/2007 9:41:00 AM",
// "01/09/2007 09:41:00" (24-hour), "1/9/2007 10:41:00 AM +01:00", optionally with a fraction.
const US_DATE_TIME =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp][Mm]))?(?:\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/;

/**
 * US-style `M/D/YYYY h:mm:ss [AM|PM] [±hh:mm]` → UTC. Without an offset the text is read as UTC and
 * reported `zoneless`. Example: `parseUsDateTime('1/9/2007 10:41:00 AM +01:00')` is 2007-01-09T09:41:00Z.
 */
export function parseUsDateTime(text: string): ParsedTime | undefined {
  const match = US_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, mo, d, y, h, mi, s, frac, ampm, zone] = match;
  let hour = Number(h);
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
  }
  const offset = zone === 'UTC' || zone === 'GMT' ? 'Z' : zone;
  return build({ y: y!, mo: mo!, d: d!, h: String(hour), mi, s, frac, zone: offset });
}
