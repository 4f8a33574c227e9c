// OTLP/JSON traces (OpenTelemetry GenAI, MCP, HTTP/RPC/DB conventions) → one normalized event per span.
// https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding · https://opentelemetry.io/docs/specs/otel/protocol/file-exporter/
// https://opentelemetry.io/docs/specs/semconv/gen-ai/ · https://opentelemetry.io/docs/specs/semconv/gen-ai/mcp/
import type { EventKind, NormalizedEvent, Outcome, PrincipalRef, TraceContext } from '../model/types.js';
import { canonicalJson, isObject, obj, str, type JsonObject } from './shared/json.js';
import { CREDENTIAL_VALUE, isSecretKey, redactedMarker, redactSecrets } from './shared/redact.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const OTEL = 'otel';

// NOTE: the gen_ai.* names are development-status conventions (moved to open-telemetry/semantic-conventions-genai);
// @opentelemetry/semantic-conventions marks its copies deprecated, so attrib keeps its own (STYLE.md §1.6).

/** The human an agent serves. No GenAI attribute names them: `user.id` (current), `enduser.id` (deprecated), vendor keys. */
export const USER_KEYS = [
  'user.id',
  'enduser.id',
  'user.email',
  'langfuse.user.id', // Langfuse
  'traceloop.association.properties.user_id', // OpenLLMetry
  'ai.telemetry.metadata.userId', // Vercel AI SDK
] as const;

/** Token ids (JWT `jti`) of the credential a span's request carried. None is standard; these are the keys attrib reads. */
export const TOKEN_ID_KEYS = ['enduser.token.jti', 'auth.jti', 'auth.token.jti', 'oauth.token.jti'] as const;

/** Where the prompt / input of an agent or model call lives, current forms first. */
const INPUT_MESSAGES = 'gen_ai.input.messages';
/** Deprecated: `gen_ai.prompt.<n>.content` / `.role` (OpenLLMetry-era instrumentations), and the `gen_ai.prompt` string. */
const DEPRECATED_PROMPT = /^gen_ai\.prompt\.(\d+)\.content$/;

/** Attribute-key last segments that hold a secret string, beyond `isSecretKey` (token ids, counts and types are not). */
const SECRET_SEGMENT = /^(token|bearer|secret|credentials?|authorization|cookie|set-cookie|x-api-key|(access|refresh|id|session|auth|api|bearer)[_-]?token)$/i;
/** Credentials embedded in free text (prompts): `Bearer …`, JWTs. */
const SECRET_IN_TEXT = /\b(bearer\s+[\w.~+/=-]{8,}|eyJ[\w-]{4,}\.[\w-]+\.[\w-]*)/gi;
/** Credentials in query strings and form bodies (`url.query`, `http.target`): `access_token=…`, `api_key=…`. */
const SECRET_PARAM = /\b((?:access|refresh|id|session|auth)_token|token|api[_-]?key|client_secret|password|passwd|sig|signature)=([^&\s#"]+)/gi;
const REDACTED_MARKER = /\[REDACTED sha256:[0-9a-f]{64}\]/g;

const MAX_INTENT_CHARS = 240;
const MAX_TARGET_CHARS = 200;

const OKTA_USER_ID = /^00u[0-9A-Za-z]{10,}$/;
const OKTA_ACCESS_TOKEN = /^AT\./;

/** OTLP span kinds: integers in OTLP/JSON, enum names in protobuf's own JSON mapping. */
const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
type SpanKindName = (typeof SPAN_KINDS)[number];

type Scalar = string | number | boolean;
type Attrs = ReadonlyMap<string, Scalar>;

// --- detection ------------------------------------------------------------------------------------------

function scopeList(resourceSpans: JsonObject): unknown[] | undefined {
  const current = resourceSpans['scopeSpans'];
  if (Array.isArray(current)) return current;
  // Before OTLP 0.15 (2022) the scope level was `instrumentationLibrarySpans` / `instrumentationLibrary`.
  const older = resourceSpans['instrumentationLibrarySpans'];
  return Array.isArray(older) ? older : undefined;
}

/** A `TracesData` object: `resourceSpans` is a non-empty array whose every entry has `scopeSpans` (or the older name). */
function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  const list = record['resourceSpans'];
  return Array.isArray(list) && list.length > 0 && list.every((r) => isObject(r) && scopeList(r) !== undefined);
}

// --- values ---------------------------------------------------------------------------------------------

/** An OTLP `AnyValue` as plain JSON: int64 as a number when exact, else its decimal text; bytes stay base64. */
export function anyValue(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if ('stringValue' in value) return typeof value['stringValue'] === 'string' ? value['stringValue'] : undefined;
  if ('boolValue' in value) return typeof value['boolValue'] === 'boolean' ? value['boolValue'] : value['boolValue'] === 'true';
  if ('intValue' in value) return int64(value['intValue']);
  if ('doubleValue' in value) {
    const d = value['doubleValue'];
    // proto3 JSON writes NaN and the infinities as strings.
    return typeof d === 'number' ? d : typeof d === 'string' ? (Number.isFinite(Number(d)) ? Number(d) : d) : undefined;
  }
  if ('bytesValue' in value) return typeof value['bytesValue'] === 'string' ? value['bytesValue'] : undefined;
  if ('arrayValue' in value) {
    const values = obj(value['arrayValue'])?.['values'];
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  if ('kvlistValue' in value) {
    const out: JsonObject = {};
    for (const kv of listOf(obj(value['kvlistValue'])?.['values'])) {
      const key = str(kv['key']);
      if (key) out[key] = anyValue(kv['value']);
    }
    return out;
  }
  return undefined;
}

function int64(value: unknown): number | string | undefined {
  const big = bigint(value);
  if (big === undefined) return undefined;
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big.toString();
}

/** uint64/int64 as OTLP/JSON writes it: a decimal string or a JSON number. */
function bigint(value: unknown): bigint | undefined {
  try {
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
    if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  } catch {
    return undefined;
  }
  return undefined;
}

function listOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/**
 * `[{key, value: AnyValue}]` → one flat map: kvlists become dotted keys (`a.b`), arrays their JSON text.
 * Example: `[{"key":"x","value":{"kvlistValue":{"values":[{"key":"y","value":{"intValue":"7"}}]}}}]` → `x.y = 7`.
 */
export function flattenAttributes(list: unknown): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  const put = (key: string, value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.set(key, value);
    else if (Array.isArray(value)) out.set(key, canonicalJson(value));
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) put(`${key}.${k}`, v);
  };
  for (const kv of listOf(list)) {
    const key = str(kv['key']);
    if (key) put(key, anyValue(kv['value']));
  }
  return out;
}

// --- redaction ------------------------------------------------------------------------------------------

function secretKey(key: string): boolean {
  const last = key.split('.').pop() ?? key;
  return isSecretKey(last) || SECRET_SEGMENT.test(last);
}

/** Plain JSON (tool arguments, message parts): strings under secret keys, and credential-shaped strings anywhere. */
function maskJson(value: unknown, underSecret = false): unknown {
  if (typeof value === 'string') {
    if (value === '' || value.startsWith('[REDACTED')) return value;
    return underSecret || CREDENTIAL_VALUE.test(value.trim()) ? redactedMarker(value) : maskFreeText(value);
  }
  if (Array.isArray(value)) {
    const next = value.map((v) => maskJson(v, underSecret));
    return next.some((v, i) => v !== value[i]) ? next : value;
  }
  if (!isObject(value)) return value;
  let copy: JsonObject | undefined;
  for (const [k, v] of Object.entries(value)) {
    const next = maskJson(v, underSecret || secretKey(k));
    if (next !== v) (copy ??= { ...value })[k] = next;
  }
  return copy ?? value;
}

/** A string attribute value: JSON text (tool arguments, messages) is masked inside; free text loses embedded credentials. */
function maskText(text: string, underSecret: boolean): string {
  if (text === '' || text.startsWith('[REDACTED')) return text;
  if (underSecret || CREDENTIAL_VALUE.test(text.trim())) return redactedMarker(text);
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const masked = maskJson(parsed);
      return masked === parsed ? text : JSON.stringify(masked);
    } catch {
      // not JSON: treated as free text below
    }
  }
  return maskFreeText(text);
}

/** Prose and query strings: embedded bearer tokens, JWTs and `token=…` parameters; the same string when none. */
function maskFreeText(text: string): string {
  const next = text
    .replace(SECRET_IN_TEXT, (m) => redactedMarker(m))
    .replace(SECRET_PARAM, (m, key: string, secret: string) => (secret.startsWith('[REDACTED') ? m : `${key}=${redactedMarker(secret)}`));
  return next === text ? text : next;
}

/** An `AnyValue` with secrets masked, given whether its attribute key names a secret. */
function maskAnyValue(value: unknown, underSecret: boolean): unknown {
  if (!isObject(value)) return value;
  if (typeof value['stringValue'] === 'string') {
    const next = maskText(value['stringValue'], underSecret);
    return next === value['stringValue'] ? value : { ...value, stringValue: next };
  }
  if (typeof value['bytesValue'] === 'string' && underSecret && value['bytesValue'] !== '') {
    return { ...value, bytesValue: redactedMarker(value['bytesValue']) };
  }
  const array = obj(value['arrayValue']);
  if (array && Array.isArray(array['values'])) {
    const values = array['values'] as unknown[];
    const next = values.map((v) => maskAnyValue(v, underSecret));
    return next.some((v, i) => v !== values[i]) ? { ...value, arrayValue: { ...array, values: next } } : value;
  }
  const kvlist = obj(value['kvlistValue']);
  if (kvlist && Array.isArray(kvlist['values'])) {
    const next = maskKeyValues(kvlist['values'], underSecret);
    return next !== kvlist['values'] ? { ...value, kvlistValue: { ...kvlist, values: next } } : value;
  }
  return value;
}

function maskKeyValues(list: unknown[], underSecret = false): unknown[] {
  let copy: unknown[] | undefined;
  list.forEach((kv, i) => {
    if (!isObject(kv)) return;
    const key = str(kv['key']) ?? '';
    const next = maskAnyValue(kv['value'], underSecret || secretKey(key));
    if (next !== kv['value']) (copy ??= list.slice())[i] = { ...kv, value: next };
  });
  return copy ?? list;
}

/**
 * OTLP with secrets replaced by fingerprints: `redactSecrets` for plain keys, then every `attributes` list
 * (attribute names are values of `key`, so key-based redaction alone never sees them).
 */
export function redactOtel(value: unknown): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const next = v.map(walk);
      return next.some((x, i) => x !== v[i]) ? next : v;
    }
    if (!isObject(v)) return v;
    let copy: JsonObject | undefined;
    for (const [k, item] of Object.entries(v)) {
      const next = k === 'attributes' && Array.isArray(item) ? maskKeyValues(item.map(walk)) : walk(item);
      if (next !== item) (copy ??= { ...v })[k] = next;
    }
    return copy ?? v;
  };
  return walk(redactSecrets(value));
}

function redactedShort(text: string): string {
  return text.replace(REDACTED_MARKER, '[REDACTED]');
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// --- ids and time ---------------------------------------------------------------------------------------

/** A hex id of `bytes` bytes, lower-cased; base64 (protobuf's own JSON mapping) is converted and reported. */
function hexId(value: unknown, bytes: number): { id: string; base64: boolean } | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(text)) {
    return /^0+$/.test(text) ? undefined : { id: text.toLowerCase(), base64: false };
  }
  if (text.length === Math.ceil(bytes / 3) * 4 && /^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    const buf = Buffer.from(text, 'base64');
    if (buf.length === bytes && !buf.every((b) => b === 0)) return { id: buf.toString('hex'), base64: true };
  }
  return undefined;
}

export function nanosToMs(value: unknown): number | undefined {
  // NOTE: a JSON number above 2^53 arrived rounded (to ±128 ns at today's epoch): round to whole µs first, so a
  // `…250000000` that parsed as `…249999872` still reads as .250.
  if (typeof value === 'number') {
    const ms = Math.floor(Math.round(value / 1e3) / 1e3);
    return Number.isFinite(ms) && value > 0 && ms < 8.64e15 ? ms : undefined;
  }
  const ns = bigint(value);
  if (ns === undefined || ns <= 0n) return undefined;
  const ms = Number(ns / 1_000_000n);
  return Number.isFinite(ms) && ms < 8.64e15 ? ms : undefined;
}

function spanKind(value: unknown): SpanKindName {
  if (typeof value === 'number') return SPAN_KINDS[value] ?? 'unspecified';
  if (typeof value === 'string') {
    const name = value.replace(/^SPAN_KIND_/, '').toLowerCase();
    return (SPAN_KINDS as readonly string[]).includes(name) ? (name as SpanKindName) : 'unspecified';
  }
  return 'unspecified';
}

/** `status.code`: 1/STATUS_CODE_OK → success, 2/STATUS_CODE_ERROR → failure; HTTP status decides an unset one. */
function outcomeOf(status: JsonObject | undefined, httpStatus: Scalar | undefined): Outcome {
  const code = status?.['code'];
  if (code === 2 || code === 'STATUS_CODE_ERROR') return 'failure';
  if (code === 1 || code === 'STATUS_CODE_OK') return 'success';
  // NOTE: semconv leaves a SERVER span's status unset for 4xx; an audit reader still wants a 403 as a failure.
  const http = typeof httpStatus === 'number' ? httpStatus : Number(httpStatus);
  if (Number.isInteger(http) && http >= 100) return http >= 400 ? 'failure' : 'success';
  return 'unknown';
}

// --- principals -----------------------------------------------------------------------------------------

function looksLikeEmail(text: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text);
}

/** The human an agent serves, with the mcp adapter's id rules so both name the same person the same way. */
function userPrincipal(user: string): PrincipalRef {
  if (OKTA_USER_ID.test(user)) return { id: `okta-user:${user}`, type: 'human', name: user, aliases: [`okta:${user}`] };
  if (looksLikeEmail(user)) return { id: `oauth-sub:${user}`, type: 'human', name: user, aliases: [`email:${user.toLowerCase()}`] };
  return { id: `oauth-sub:${user}`, type: 'unknown', name: user };
}

function credentialOf(jti: string): string {
  return OKTA_ACCESS_TOKEN.test(jti) ? `okta-jti:${jti}` : `oauth-jti:${jti}`;
}

function servicePrincipal(service: string | undefined): PrincipalRef {
  return service
    ? { id: `otel-service:${service}`, type: 'service', name: service }
    : { id: 'otel-service:unknown_service', type: 'unknown', name: 'unknown service' };
}

/** The agent a span names itself (`gen_ai.agent.id`, else `.name`; a workflow by its name). */
function ownAgent(attrs: Attrs): PrincipalRef | undefined {
  const id = text(attrs, 'gen_ai.agent.id');
  const name = text(attrs, 'gen_ai.agent.name');
  if (id || name) return { id: `otel-agent:${id ?? name!}`, type: 'agent', name: name ?? id! };
  const workflow = text(attrs, 'gen_ai.workflow.name');
  return workflow ? { id: `otel-workflow:${workflow}`, type: 'agent', name: workflow } : undefined;
}

function text(attrs: Attrs, key: string): string | undefined {
  return str(attrs.get(key));
}

function first(attrs: Attrs, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = text(attrs, key);
    if (v) return v;
  }
  return undefined;
}

// --- intent ---------------------------------------------------------------------------------------------

/** `create_invoice(customer="C-4417", amount=18450)`, secrets as `[REDACTED]`. */
function toolIntent(tool: string, args: string | undefined, mcpArgs: ReadonlyArray<[string, Scalar]>): string | undefined {
  let inner: string | undefined;
  if (args !== undefined) {
    let parsed: unknown = args;
    try {
      parsed = JSON.parse(args);
    } catch {
      // arguments that are not JSON are shown as text
    }
    const masked = typeof parsed === 'string' ? maskText(parsed, false) : maskJson(parsed);
    inner = isObject(masked)
      ? Object.entries(masked)
          .map(([k, v]) => `${k}=${JSON.stringify(v) ?? 'null'}`)
          .join(', ')
      : typeof masked === 'string'
        ? masked
        : (JSON.stringify(masked) ?? '');
  } else if (mcpArgs.length) {
    inner = mcpArgs
      .map(([k, v]) => `${k}=${JSON.stringify(typeof v === 'string' ? maskText(v, secretKey(k)) : v)}`)
      .join(', ');
  }
  if (inner === undefined) return undefined;
  return shorten(redactedShort(`${tool}(${inner})`), MAX_INTENT_CHARS);
}

/** The text of a message's parts (`{"type":"text","content":…}`), or its plain `content`. */
function messageText(message: unknown): string | undefined {
  if (!isObject(message)) return typeof message === 'string' ? message : undefined;
  const content = message['content'];
  if (typeof content === 'string') return content;
  const parts = Array.isArray(message['parts']) ? message['parts'] : Array.isArray(content) ? content : [];
  const texts = parts
    .filter(isObject)
    .map((p) => str(p['content']) ?? str(p['text']))
    .filter((t): t is string => !!t);
  return texts.length ? texts.join(' ') : undefined;
}

/** The latest user input: `gen_ai.input.messages` (current), else the deprecated `gen_ai.prompt.<n>.content` / `gen_ai.prompt`. */
function promptOf(attrs: Attrs): { text: string; deprecated: boolean } | undefined {
  const messages = text(attrs, INPUT_MESSAGES);
  if (messages) {
    try {
      const parsed: unknown = JSON.parse(messages);
      if (Array.isArray(parsed)) {
        const users = parsed.filter((m) => isObject(m) && m['role'] === 'user');
        const found = messageText(users.at(-1) ?? parsed.at(-1));
        if (found) return { text: found, deprecated: false };
      }
    } catch {
      return { text: messages, deprecated: false };
    }
  }
  let best: { n: number; text: string; user: boolean } | undefined;
  for (const [key, value] of attrs) {
    const m = DEPRECATED_PROMPT.exec(key);
    if (!m || typeof value !== 'string' || value === '') continue;
    const n = Number(m[1]);
    const user = text(attrs, `gen_ai.prompt.${n}.role`) === 'user';
    // The last user turn wins; without roles, the last turn.
    if (!best || (user && !best.user) || (user === best.user && n > best.n)) best = { n, text: value, user };
  }
  if (best) return { text: best.text, deprecated: true };
  const legacy = text(attrs, 'gen_ai.prompt');
  return legacy ? { text: legacy, deprecated: true } : undefined;
}

function promptIntent(prompt: string): string {
  return shorten(redactedShort(maskText(prompt, false)), MAX_INTENT_CHARS);
}

// --- actions (spans of the services agents call) -------------------------------------------------------

interface Action {
  readonly name: string;
  readonly target?: string;
}

/** HTTP, RPC or DB server work: current and pre-1.21 attribute names both read. */
function actionOf(attrs: Attrs): Action | undefined {
  const method = first(attrs, ['http.request.method', 'http.method']);
  if (method) {
    // `http.target` carries the query string: names and targets keep the path only.
    const path = first(attrs, ['http.route', 'url.path', 'http.target'])?.replace(/[?#].*$/, '');
    const full = first(attrs, ['url.full', 'http.url']);
    const host = first(attrs, ['server.address', 'http.host', 'net.host.name']);
    const target = full ?? (host && path ? `${host}${path.startsWith('/') ? '' : '/'}${path}` : path);
    return { name: `http:${method.toUpperCase()}${path ? ` ${path}` : ''}`, ...(target ? { target: cutQuery(target) } : {}) };
  }
  const rpcMethod = text(attrs, 'rpc.method');
  const rpcService = text(attrs, 'rpc.service');
  if (rpcMethod || rpcService) {
    // Current semconv puts the fully-qualified `service/method` in rpc.method; older versions split them.
    const op = rpcMethod?.includes('/') ? rpcMethod : [rpcService, rpcMethod].filter(Boolean).join('/');
    return { name: `rpc:${op}`, target: op };
  }
  const dbSystem = first(attrs, ['db.system.name', 'db.system']);
  const statement = first(attrs, ['db.query.text', 'db.statement']);
  const dbOp = first(attrs, ['db.operation.name', 'db.operation']);
  if (dbSystem || statement || dbOp) {
    const collection = first(attrs, ['db.collection.name', 'db.sql.table', 'db.namespace', 'db.name']);
    const name = `db:${[dbOp ?? dbSystem ?? 'query', collection].filter(Boolean).join(' ')}`;
    const target = statement ? shorten(redactedShort(maskText(statement, false)), MAX_TARGET_CHARS) : collection;
    return { name, ...(target ? { target } : {}) };
  }
  return undefined;
}

/** Query strings carry tokens and personal data often enough to leave them out of a target. */
function cutQuery(url: string): string {
  return shorten(url.replace(/[?#].*$/, ''), MAX_TARGET_CHARS);
}

// --- spans → events -------------------------------------------------------------------------------------

interface SpanInput {
  readonly span: JsonObject;
  readonly attrs: Attrs;
  readonly resource: Attrs;
  readonly scope: JsonObject | undefined;
  readonly raw: unknown;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId?: string;
  readonly time: number;
  readonly flags: readonly string[];
}

/** Span attributes first, then the resource's (a whole agent process may state its user or agent id once). */
function lookup(input: SpanInput): Attrs {
  const merged = new Map(input.resource);
  for (const [k, v] of input.attrs) merged.set(k, v);
  return merged;
}

function eventOf(input: SpanInput, agentOfSpan: ReadonlyMap<string, PrincipalRef>, parents: ReadonlyMap<string, string>): NormalizedEvent {
  const attrs = lookup(input);
  const own = input.attrs;
  const flags = [...input.flags];
  const kindName = spanKind(input.span['kind']);
  const service = text(input.resource, 'service.name');
  const spanName = str(input.span['name']);
  const status = obj(input.span['status']);

  const deprecatedSystem = text(attrs, 'gen_ai.system');
  const op = text(own, 'gen_ai.operation.name') ?? (deprecatedSystem ? 'chat' : undefined);
  const mcpMethod = text(own, 'mcp.method.name');
  const mcpSession = text(attrs, 'mcp.session.id');
  const rpcRequestId = first(own, ['jsonrpc.request.id', 'mcp.request.id']);
  const tool = first(own, ['gen_ai.tool.name', 'mcp.tool.name']);

  // The acting agent: the span's own, else the nearest ancestor agent span in this TracesData.
  let agent = ownAgent(attrs);
  if (!agent && (op || mcpMethod)) {
    for (let p = input.parentId; p; p = parents.get(p)) {
      const found = agentOfSpan.get(p);
      if (found) {
        agent = found;
        flags.push('agent-from-parent-span');
        break;
      }
    }
  }
  const prompt = promptOf(attrs);
  if (deprecatedSystem || prompt?.deprecated) flags.push('genai-deprecated-attributes');

  let kind: EventKind = 'other';
  let name = `otel:${spanName ?? 'span'}`;
  let actor: PrincipalRef | undefined;
  let target: string | undefined;
  let intent: string | undefined;
  const action = op || mcpMethod ? undefined : kindName === 'server' ? actionOf(own) : undefined;

  if (op === 'invoke_agent' || op === 'invoke_workflow') {
    kind = 'invoke';
    name = `agent:${op}`;
    if (prompt) intent = promptIntent(prompt.text);
  } else if (op === 'execute_tool') {
    kind = 'invoke';
    name = 'agent:execute_tool';
  } else if (op === 'chat' || op === 'text_completion' || op === 'generate_content') {
    name = 'agent:chat';
    if (prompt) intent = promptIntent(prompt.text);
  } else if (op) {
    name = `agent:${op}`;
  }
  if (mcpMethod) {
    name = `mcp:${mcpMethod}`;
    if (mcpMethod === 'tools/call') kind = 'invoke';
  }
  if (tool && (op === 'execute_tool' || mcpMethod === 'tools/call')) {
    target = tool;
    const mcpArgs = [...own].filter(([k]) => k.startsWith('mcp.request.argument.')).map(([k, v]): [string, Scalar] => [k.slice(21), v]);
    intent = toolIntent(tool, text(own, 'gen_ai.tool.call.arguments'), mcpArgs);
  }
  if (action) {
    kind = 'action';
    name = action.name;
    target = action.target;
  }
  if (op || mcpMethod) {
    actor = agent ?? servicePrincipal(service);
    if (!agent) flags.push('no-agent-id');
  } else {
    actor = servicePrincipal(service);
  }
  if (!service) flags.push('no-service-name');

  const user = first(attrs, USER_KEYS);
  const behalf = user ? userPrincipal(user) : undefined;
  const jti = first(attrs, TOKEN_ID_KEYS);
  const conversation = text(attrs, 'gen_ai.conversation.id');
  const session = mcpSession ? `mcp-session:${mcpSession}` : conversation ? `gen_ai-conversation:${conversation}` : undefined;
  const callKey = mcpSession && rpcRequestId && mcpMethod && !mcpMethod.startsWith('notifications/') ? `${mcpSession}:${rpcRequestId}` : undefined;

  const trace: TraceContext = {
    trace_id: input.traceId,
    span_id: input.spanId,
    ...(input.parentId ? { parent_span_id: input.parentId } : {}),
    ...(callKey ? { request_id: callKey } : {}),
  };

  const out: Record<string, Scalar> = {};
  const put = (k: string, v: Scalar | undefined): void => {
    if (v !== undefined && v !== '') out[k] = v;
  };
  put('service', service);
  put('span_name', spanName);
  put('span_kind', kindName);
  put('scope', str(input.scope?.['name']));
  const end = nanosToMs(input.span['endTimeUnixNano']);
  if (end !== undefined && end >= input.time) put('duration_ms', end - input.time);
  put('operation', text(own, 'gen_ai.operation.name'));
  put('agent_id', text(attrs, 'gen_ai.agent.id'));
  put('agent_name', text(attrs, 'gen_ai.agent.name'));
  put('workflow', text(attrs, 'gen_ai.workflow.name'));
  put('conversation_id', conversation);
  put('provider', first(attrs, ['gen_ai.provider.name', 'gen_ai.system']));
  put('model', first(own, ['gen_ai.request.model', 'gen_ai.response.model']));
  put('tool', tool);
  put('tool_call_id', text(own, 'gen_ai.tool.call.id'));
  put('tool_type', text(own, 'gen_ai.tool.type'));
  put('mcp_method', mcpMethod);
  put('mcp_session_id', mcpSession);
  put('jsonrpc_request_id', rpcRequestId);
  put('mcp_protocol_version', text(attrs, 'mcp.protocol.version'));
  const httpStatus = own.get('http.response.status_code') ?? own.get('http.status_code');
  if (action) {
    put('http_status', httpStatus);
    put('rpc_system', text(own, 'rpc.system'));
    put('db_system', first(own, ['db.system.name', 'db.system']));
  }
  put('user_key', user ? USER_KEYS.find((k) => text(attrs, k) === user) : undefined);
  put('error_type', text(own, 'error.type'));
  put('status_message', str(status?.['message']) ? shorten(str(status!['message'])!, 300) : undefined);

  const ip = first(own, ['client.address', 'http.client_ip', 'net.sock.peer.addr', 'net.peer.ip']);
  const userAgent = first(own, ['user_agent.original', 'http.user_agent']);

  return {
    id: `${OTEL}:${input.traceId}/${input.spanId}`,
    format: OTEL,
    time: input.time,
    kind,
    name,
    actor,
    ...(behalf ? { on_behalf_of: behalf } : {}),
    ...(jti ? { credential_used: credentialOf(jti) } : {}),
    ...(session ? { session } : {}),
    ...(callKey ? { operation_key: `mcp-call:${callKey}` } : {}),
    ...(target ? { target } : {}),
    outcome: outcomeOf(status, httpStatus),
    ...(kind === 'action' && ip ? { ip } : {}),
    ...(kind === 'action' && userAgent ? { user_agent: userAgent } : {}),
    ...(intent ? { intent } : {}),
    trace,
    attrs: out,
    ...(flags.length ? { flags } : {}),
    raw: input.raw,
  };
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'an OTLP/JSON traces record must be a TracesData object');
  if (!detect(value)) return reject('NOT_OTLP_TRACES', 'no resourceSpans[].scopeSpans[] (OTLP/JSON TracesData)');
  const inputs: SpanInput[] = [];
  const agentOfSpan = new Map<string, PrincipalRef>();
  const parents = new Map<string, string>();
  const resourceSpans = value['resourceSpans'] as JsonObject[];
  for (const [r, rs] of resourceSpans.entries()) {
    const resource = obj(rs['resource']);
    const resourceAttrs = flattenAttributes(resource?.['attributes']);
    for (const [s, ss] of listOf(scopeList(rs)).entries()) {
      const scope = obj(ss['scope']) ?? obj(ss['instrumentationLibrary']);
      for (const [i, span] of listOf(ss['spans']).entries()) {
        const where = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const trace = hexId(span['traceId'], 16);
        const own = hexId(span['spanId'], 8);
        if (!trace || !own) {
          return reject('BAD_SPAN_ID', `${where}: traceId must be 32 hex digits and spanId 16, not all zero`);
        }
        const parentText = str(span['parentSpanId']);
        const parent = parentText ? hexId(parentText, 8) : undefined;
        if (parentText && !parent) return reject('BAD_SPAN_ID', `${where}: parentSpanId is not 16 hex digits`);
        const time = nanosToMs(span['startTimeUnixNano']);
        if (time === undefined) {
          return reject('BAD_TIME', `${where}: startTimeUnixNano ${JSON.stringify(span['startTimeUnixNano'] ?? null).slice(0, 40)} is not a positive uint64`);
        }
        const flags: string[] = [];
        if (trace.base64 || own.base64 || parent?.base64) flags.push('ids-base64-converted');
        const attrs = flattenAttributes(span['attributes']);
        const rawRecord = {
          resourceSpans: [
            {
              ...rs,
              ...('scopeSpans' in rs ? { scopeSpans: [{ ...ss, spans: [span] }] } : { instrumentationLibrarySpans: [{ ...ss, spans: [span] }] }),
            },
          ],
        };
        const input: SpanInput = {
          span,
          attrs,
          resource: resourceAttrs,
          scope,
          raw: redactOtel(rawRecord),
          traceId: trace.id,
          spanId: own.id,
          ...(parent ? { parentId: parent.id } : {}),
          time,
          flags,
        };
        inputs.push(input);
        if (parent) parents.set(own.id, parent.id);
        const agent = ownAgent(lookup(input));
        if (agent) agentOfSpan.set(own.id, agent);
      }
    }
  }
  if (!inputs.length) return reject('NO_SPANS', 'the TracesData holds no spans');
  return { ok: true, events: inputs.map((input) => eventOf(input, agentOfSpan, parents)) };
}

export const otel = {
  name: OTEL,
  title: 'OpenTelemetry traces, OTLP/JSON (GenAI agent, MCP, HTTP/RPC/DB spans)',
  containers: [
    'OTLP File Exporter JSON Lines: one TracesData {"resourceSpans":[…]} per line (fixtures/otel/README.md)',
    'one TracesData JSON object per file (an OTLP/HTTP JSON request body, the opentelemetry-proto example)',
  ],
  detectionKeys: ['resourceSpans[] (non-empty)', 'resourceSpans[].scopeSpans[] (or instrumentationLibrarySpans[])'],
  detect,
  parse,
} satisfies Adapter;
