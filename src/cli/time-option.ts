// --since/--until values: ISO-8601, epoch seconds or ms, or relative ("2h", "30m", "7d", "yesterday", "today").
import { startOfDay, subDays, subHours, subMinutes, subSeconds, subWeeks } from 'date-fns';
import { parseIsoTime } from '../adapters/shared/time.js';
import { AttribError } from '../errors.js';

export function parseTimeOption(text: string, now: Date = new Date()): number {
  const value = text.trim();
  if (/^\d{13}$/.test(value)) return Number(value);
  if (/^\d{9,10}$/.test(value)) return Number(value) * 1000;
  const relative = /^(\d+)\s*(s|m|h|d|w)$/i.exec(value);
  if (relative) {
    const n = Number(relative[1]);
    const unit = relative[2]!.toLowerCase();
    const sub = { s: subSeconds, m: subMinutes, h: subHours, d: subDays, w: subWeeks }[unit as 's' | 'm' | 'h' | 'd' | 'w'];
    return sub(now, n).getTime();
  }
  if (value === 'today') return startOfDay(now).getTime();
  if (value === 'yesterday') return startOfDay(subDays(now, 1)).getTime();
  const iso = parseIsoTime(value);
  if (iso) return iso.ms;
  throw new AttribError('USAGE', `cannot read time "${text}"`, {
    hint: 'use ISO-8601 (2026-05-01T10:00Z), epoch seconds or ms, or a relative time (2h, 30m, 7d, yesterday)',
  });
}
