// OTLP/JSON logs (LogsData: resourceLogs[].scopeLogs[].logRecords[]) → one event per log record.
// https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding · …/specs/otel/logs/data-model/
// Log records are context, not actions: kind `other`, tied to traces by traceId/spanId for later linking.
import type { NormalizedEvent, PrincipalRef } from '../model/types.js';
import { contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { isSecretKey, redactedMarker, redactSecrets } from './shared/redact.js';
import { anyValue, flattenAttributes, nanosToMs, redactOtel } from './otel.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const OTEL_LOGS = 'otel-logs';

const MAX_BODY_CHARS = 240;

function list(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** `scopeLogs`, or `instrumentationLibraryLogs` before OTLP 0.15. */
function scopes(resourceLogs: JsonObject): JsonObject[] | undefined {
  const current = resourceLogs['scopeLogs'] ?? resourceLogs['instrumentationLibraryLogs'];
  return Array.isArray(current) ? list(current) : undefined;
}

function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  const resources = record['resourceLogs'];
  return Array.isArray(resources) && resources.length > 0 && resources.every((r) => isObject(r) && scopes(r) !== undefined);
}

function hexId(value: unknown): string | undefined {
  const text = str(value);
  return text && /^[0-9a-fA-F]+$/.test(text) && !/^0+$/.test(text) ? text.toLowerCase() : undefined;
}

/** The body as one line for `intent`, secrets out: structured bodies by key, text by what it looks like. */
function bodyText(body: unknown): string | undefined {
  const value = anyValue(body);
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? String(redactOtel(value)) : JSON.stringify(redactSecrets(value));
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text;
}

/** OTLP `{key, value: AnyValue}` pairs anywhere (attributes, kvlist bodies): secret-named ones are fingerprinted. */
function redactKeyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactKeyValues);
  if (!isObject(value)) return value;
  const key = value['key'];
  const inner = obj(value['value']);
  if (typeof key === 'string' && isSecretKey(key) && inner) {
    const secret = str(inner['stringValue']) ?? JSON.stringify(inner);
    return { ...value, value: { stringValue: redactedMarker(secret) } };
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactKeyValues(v);
  return out;
}

function serviceOf(resource: JsonObject | undefined): PrincipalRef {
  const service = flattenAttributes(resource?.['attributes']).get('service.name');
  return typeof service === 'string'
    ? { id: `otel-service:${service}`, type: 'service', name: service }
    : { id: 'otel-service:unknown_service', type: 'unknown', name: 'unknown service' };
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value) || !detect(value)) return reject('NOT_OTLP_LOGS', 'expected an OTLP LogsData object with resourceLogs');
  const events: NormalizedEvent[] = [];
  for (const [ri, resourceLogs] of list(value['resourceLogs']).entries()) {
    const resource = obj(resourceLogs['resource']);
    const actor = serviceOf(resource);
    for (const [si, scopeLogs] of (scopes(resourceLogs) ?? []).entries()) {
      const scope = obj(scopeLogs['scope']) ?? obj(scopeLogs['instrumentationLibrary']);
      for (const [li, record] of list(scopeLogs['logRecords']).entries()) {
        const time = nanosToMs(record['timeUnixNano']) ?? nanosToMs(record['observedTimeUnixNano']);
        if (time === undefined) {
          return reject('BAD_TIME', `resourceLogs[${ri}].scopeLogs[${si}].logRecords[${li}] has no usable timeUnixNano or observedTimeUnixNano`);
        }
        const attributes = flattenAttributes(record['attributes']);
        const named = attributes.get('event.name');
        const eventName = str(record['eventName']) ?? (typeof named === 'string' ? named : undefined);
        const traceId = hexId(record['traceId']);
        const spanId = hexId(record['spanId']);
        const body = bodyText(record['body']);
        const severity = str(record['severityText']);
        const severityNumber = typeof record['severityNumber'] === 'number' ? record['severityNumber'] : undefined;
        // The evidence kept is this record in its resource and scope: still valid OTLP, not the whole batch.
        const raw = redactKeyValues(redactOtel({ resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords: [record] }] }] }));
        events.push({
          id: `${OTEL_LOGS}:sha256:${contentHash(raw)}`,
          format: OTEL_LOGS,
          time,
          kind: 'other',
          name: eventName ? `otel:log.${eventName}` : 'otel:log',
          actor,
          outcome: 'unknown',
          ...(body ? { intent: body } : {}),
          ...(traceId || spanId ? { trace: { ...(traceId ? { trace_id: traceId } : {}), ...(spanId ? { span_id: spanId } : {}) } } : {}),
          attrs: {
            ...(severity ? { severity } : {}),
            ...(severityNumber !== undefined ? { severity_number: severityNumber } : {}),
            ...(str(scope?.['name']) ? { scope: str(scope?.['name'])! } : {}),
          },
          raw,
        });
      }
    }
  }
  return events.length ? { ok: true, events } : reject('NO_LOG_RECORDS', 'the LogsData object holds no log records');
}

export const otelLogs = {
  name: OTEL_LOGS,
  title: 'OpenTelemetry logs (OTLP/JSON)',
  containers: ['JSON Lines, one LogsData per line', 'one LogsData JSON object'],
  detectionKeys: ['resourceLogs[].scopeLogs (or instrumentationLibraryLogs)'],
  detect,
  parse,
} satisfies Adapter;
