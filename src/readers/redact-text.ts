// Secrets in text that is not (or no longer) JSON — a rejected line, a cut-short record — replaced by their
// fingerprint before the text is stored, as the adapters do for parsed records.
import { isSecretKey, redactedMarker } from '../adapters/shared/redact.js';

/**
 * `"sessionToken": "…"`, also inside a JSON string (`\"sessionToken\":\"…\"`, LookupEvents) and when the
 * text stops in the middle of the value (a truncated record).
 */
const KEYED_STRING = /(\\*")([A-Za-z_]+)\1(\s*:\s*)(\\*")([^"\\]*)/g;

export function redactText(text: string): string {
  return text.replace(KEYED_STRING, (match, quote: string, key: string, colon: string, open: string, value: string) =>
    isSecretKey(key) && value !== '' && !value.startsWith('[REDACTED') ? `${quote}${key}${quote}${colon}${open}${redactedMarker(value)}` : match,
  );
}
