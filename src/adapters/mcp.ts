// MCP (Model Context Protocol) JSON-RPC messages, as an MCP proxy or gateway logs them → normalized events.
// https://modelcontextprotocol.io/specification/2025-11-25/basic · …/basic/transports · …/server/tools
import { createHash } from 'node:crypto';
import type { EventKind, NormalizedEvent, Outcome, PrincipalRef, TraceContext } from '../model/types.js';
import { contentHash, isObject, obj, str, type JsonObject } from './shared/json.js';
import { CREDENTIAL_VALUE, redactedMarker, redactSecrets } from './shared/redact.js';
import { parseIsoTime, toIso } from './shared/time.js';
import { reject, type Adapter, type AdapterResult } from './types.js';

export const MCP = 'mcp';

// The proxy log line this adapter reads is attrib's own shape (MCP defines no log format). Only `ts` and
// `message` are required; fixtures/mcp/README.md documents each field:
//
//   {"ts":"2026-05-06T09:14:12.480Z","direction":"client_to_server","session_id":"<Mcp-Session-Id>","server":"billing",
//    "client":{"id":"0oa…","name":"invoice-agent","ip":"203.0.113.7","user_agent":"…"},
//    "auth":{"sub":"00u…","jti":"AT.…","iss":"https://…/oauth2/aus…","client_id":"0oa…","scope":"invoices:write"},
//    "message":{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_invoice","arguments":{…}}}}

/** Which way a message went through the proxy. */
type Direction = 'client_to_server' | 'server_to_client';

const DIRECTIONS: ReadonlySet<string> = new Set<Direction>(['client_to_server', 'server_to_client']);

/** The reject message for a JSON-RPC line with no wrapper: no time, so no event. */
export const NO_TIME_MESSAGE =
  'bare JSON-RPC has no timestamp: capture through a proxy that wraps messages (see attrib formats)';

/** Requests and notifications only a server sends (sampling, elicitation, roots, logging, list changes). */
const SERVER_METHODS = /^(sampling\/|elicitation\/|roots\/list$|notifications\/(message|resources\/|tools\/list_changed|prompts\/list_changed|elicitation\/))/;

/**
 * Argument keys whose string values are secrets in tool arguments, beyond the exact keys `redactSecrets`
 * knows (`api_key`, `webhook_secret`, `dbPassword`, `Authorization`…).
 */
const SECRETISH_KEY = /token|passw(or)?d|secret|authori[sz]ation|api[_-]?key|private[_-]?key|credential|cookie/i;

/** Keys that match SECRETISH_KEY but hold no secret: MCP's own progress token, token counts and types. */
const NOT_SECRET_KEYS: ReadonlySet<string> = new Set(['progresstoken', 'token_type', 'tokentype', 'max_tokens', 'maxtokens']);


const REDACTED_MARKER = /\[REDACTED sha256:[0-9a-f]{64}\]/g;

/** A tool call's intent stays a one-line summary. */
const MAX_INTENT_CHARS = 240;
const MAX_ERROR_CHARS = 500;

/** Okta OAuth client ids (`0oa…`): the same id names the app in the Okta System Log. */
const OKTA_CLIENT_ID = /^0oa[0-9A-Za-z]{10,}$/;
/** Okta user ids (`00u…`). */
const OKTA_USER_ID = /^00u[0-9A-Za-z]{10,}$/;
/** Okta access-token ids (the JWT `jti` Okta logs as the grant's `access_token` target id). */
const OKTA_ACCESS_TOKEN = /^AT\./;

// W3C Trace Context: version-traceid-parentid-flags. Version ff is invalid; 00 has exactly four fields.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/i;

type MessageType = 'request' | 'response' | 'notification';

/** A JSON-RPC 2.0 message: a request or notification (`method`), or a response (`id` + `result`/`error`). */
function isJsonRpc(value: unknown): value is JsonObject {
  if (!isObject(value) || value['jsonrpc'] !== '2.0') return false;
  return typeof value['method'] === 'string' || ('id' in value && ('result' in value || 'error' in value));
}

function isJsonRpcPayload(value: unknown): boolean {
  return isJsonRpc(value) || (Array.isArray(value) && value.length > 0 && value.every(isJsonRpc));
}

/**
 * A proxy line (`ts` + a JSON-RPC `message`), or a bare JSON-RPC message: the bare form is claimed so its file
 * is reported record by record as NO_TIME rather than as an unrecognized file. `jsonrpc: "2.0"` marks it.
 */
function detect(record: unknown): boolean {
  if (!isObject(record)) return false;
  if (isJsonRpc(record)) return true;
  return typeof record['ts'] === 'string' && isJsonRpcPayload(record['message']);
}

/** JSON-RPC ids are strings or integers (MCP forbids null); anything else is no id. */
function rpcId(message: JsonObject): string | number | undefined {
  const id = message['id'];
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : undefined;
}

function messageType(message: JsonObject): MessageType {
  if (typeof message['method'] === 'string') return rpcId(message) !== undefined ? 'request' : 'notification';
  return 'response';
}

/** Without a stated direction: responses come from the server, requests from the client unless only a server sends them. */
function inferDirection(message: JsonObject, type: MessageType): Direction {
  if (type === 'response') return 'server_to_client';
  return SERVER_METHODS.test(str(message['method']) ?? '') ? 'server_to_client' : 'client_to_server';
}

function secretishKey(key: string): boolean {
  return SECRETISH_KEY.test(key) && !NOT_SECRET_KEYS.has(key.toLowerCase());
}

/** `redactSecrets`, plus string values under secret-looking keys and bearer/JWT-shaped values anywhere. */
function redactMcp(value: unknown): unknown {
  return maskSecretish(redactSecrets(value));
}

function maskSecretish(value: unknown, underSecretKey = false): unknown {
  if (typeof value === 'string') {
    if (value === '' || value.startsWith('[REDACTED')) return value;
    return underSecretKey || CREDENTIAL_VALUE.test(value.trim()) ? redactedMarker(value) : value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const next = maskSecretish(item, underSecretKey);
      if (next !== item) (copy ??= value.slice())[i] = next;
    });
    return copy ?? value;
  }
  if (!isObject(value)) return value;
  let copy: JsonObject | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const next = maskSecretish(item, underSecretKey || secretishKey(key));
    if (next !== item) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `create_invoice(customer="C-4417", amount=18450)`, secrets as `[REDACTED]`. */
function toolIntent(tool: string, args: unknown): string {
  const masked = redactMcp(args);
  const inner = isObject(masked)
    ? Object.entries(masked)
        .map(([k, v]) => `${k}=${JSON.stringify(v) ?? 'null'}`)
        .join(', ')
    : masked === undefined
      ? ''
      : (JSON.stringify(masked) ?? '');
  return shorten(`${tool}(${inner.replace(REDACTED_MARKER, '[REDACTED]')})`, MAX_INTENT_CHARS);
}

/** `params._meta.traceparent` (OTel MCP conventions; MCP SEP-414) → trace and span ids, or undefined when malformed. */
function traceparentOf(text: string): { trace_id: string; span_id: string } | undefined {
  const m = TRACEPARENT.exec(text.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, , rest] = m;
  if (version!.toLowerCase() === 'ff' || (version === '00' && rest)) return undefined;
  if (/^0+$/.test(traceId!) || /^0+$/.test(spanId!)) return undefined;
  return { trace_id: traceId!.toLowerCase(), span_id: spanId!.toLowerCase() };
}

function looksLikeEmail(text: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text);
}

/** The MCP client as the proxy saw it: by OAuth client id, else by its session, else unknown. */
function clientPrincipal(
  clientId: string | undefined,
  name: string | undefined,
  session: string | undefined,
): PrincipalRef {
  if (clientId) {
    // NOTE: `okta:<id>` is the alias the okta adapter gives the same app, so the two merge as one identity.
    const aliases = OKTA_CLIENT_ID.test(clientId) ? [`okta-app:${clientId}`, `okta:${clientId}`] : [];
    return { id: `mcp-client:${clientId}`, type: 'agent', name: name ?? clientId, ...(aliases.length ? { aliases } : {}) };
  }
  if (session) return { id: `mcp-client-session:${session}`, type: 'agent', name: name ?? `MCP client of session ${session}` };
  return { id: 'mcp-client:unknown', type: 'unknown', name: name ?? 'unknown MCP client' };
}

function serverPrincipal(server: string | undefined): PrincipalRef {
  return server
    ? { id: `mcp-server:${server}`, type: 'service', name: server }
    : { id: 'mcp-server:unknown', type: 'unknown', name: 'unknown MCP server' };
}

/** The token's subject: the person the client acts for. Okta user ids and e-mails join other sources. */
function subjectPrincipal(sub: string): PrincipalRef {
  if (OKTA_USER_ID.test(sub)) return { id: `okta-user:${sub}`, type: 'human', name: sub, aliases: [`okta:${sub}`] };
  if (looksLikeEmail(sub)) return { id: `oauth-sub:${sub}`, type: 'human', name: sub, aliases: [`email:${sub.toLowerCase()}`] };
  return { id: `oauth-sub:${sub}`, type: 'unknown', name: sub };
}

function credentialOf(jti: string): string {
  return OKTA_ACCESS_TOKEN.test(jti) ? `okta-jti:${jti}` : `oauth-jti:${jti}`;
}

function outcomeOf(message: JsonObject, type: MessageType): Outcome {
  if (type !== 'response') return 'unknown';
  if ('error' in message && message['error'] !== null && message['error'] !== undefined) return 'failure';
  return obj(message['result'])?.['isError'] === true ? 'failure' : 'success';
}

/** What a request names beyond the server: the tool, resource or prompt. */
function requestTarget(method: string | undefined, params: JsonObject | undefined, server: string | undefined): string | undefined {
  const prefix = server ? `${server} ` : '';
  const tool = str(params?.['name']);
  if (method === 'tools/call' && tool) return `${prefix}tool ${tool}`;
  if (method === 'prompts/get' && tool) return `${prefix}prompt ${tool}`;
  const uri = str(params?.['uri']);
  if (uri && (method === 'resources/read' || method === 'resources/subscribe' || method === 'resources/unsubscribe')) {
    return `${prefix}resource ${uri}`;
  }
  return server;
}

function infoText(info: JsonObject | undefined): string | undefined {
  const name = str(info?.['name']);
  if (!name) return undefined;
  const version = str(info?.['version']);
  return version ? `${name} ${version}` : name;
}

/** The line's fields every message of it shares. */
interface Line {
  readonly time: number;
  readonly stated?: Direction;
  readonly session?: string;
  readonly server?: string;
  readonly client?: JsonObject;
  readonly auth?: JsonObject;
  readonly flags: readonly string[];
  readonly raw: unknown;
  readonly batch?: number;
}

function eventId(line: Line, direction: Direction, message: JsonObject, id: string | number | undefined): string {
  const method = str(message['method']) ?? '';
  const parts = [line.session ?? '', direction, id === undefined ? '' : JSON.stringify(id), toIso(line.time), method];
  // Notifications carry no id: two of one method at one instant differ only in their content.
  if (id === undefined) parts.push(contentHash(message));
  return `${MCP}:${createHash('sha256').update(parts.join('|'), 'utf8').digest('hex')}`;
}

/**
 * Request and response share one key. Ids are unique per sender within a session, so a client's call and a
 * server's call (sampling, elicitation) with the same id get different keys.
 */
function operationKey(session: string | undefined, id: string | number | undefined, type: MessageType, direction: Direction): string | undefined {
  if (!session || id === undefined || type === 'notification') return undefined;
  const clientCall = (type === 'request') === (direction === 'client_to_server');
  return `${clientCall ? 'mcp-call' : 'mcp-server-call'}:${session}:${String(id)}`;
}

function eventOf(line: Line, message: JsonObject, index: number): NormalizedEvent {
  const type = messageType(message);
  const direction = line.stated ?? inferDirection(message, type);
  const flags = [...line.flags];
  if (!line.stated) flags.push('direction-inferred');
  const id = rpcId(message);
  const method = str(message['method']);
  const params = obj(message['params']);
  const result = obj(message['result']);
  const error = obj(message['error']);
  const fromClient = direction === 'client_to_server';
  const clientId = str(line.client?.['id']) ?? str(line.auth?.['client_id']);
  const clientInfo = method === 'initialize' ? obj(params?.['clientInfo']) : undefined;
  const clientName = str(line.client?.['name']) ?? str(clientInfo?.['name']);
  const client = clientPrincipal(clientId, clientName, line.session);
  const actor = fromClient ? client : serverPrincipal(line.server);
  if (fromClient && !clientId) flags.push('no-client-id');
  if (!fromClient && !line.server) flags.push('no-server-name');

  // The bearer token rides on the client's HTTP request: it says nothing about what the server sends.
  const auth = fromClient ? line.auth : undefined;
  if (fromClient && !line.auth) flags.push('no-auth');
  const sub = str(auth?.['sub']);
  const jti = str(auth?.['jti']);
  // A client-credentials token names the client itself as its subject: nobody else is acted for.
  const behalf = sub && sub !== clientId ? subjectPrincipal(sub) : undefined;

  const tool = method === 'tools/call' ? str(params?.['name']) : undefined;
  const kind: EventKind = tool ? 'invoke' : 'other';
  const name = type === 'response' ? `${MCP}:response` : `${MCP}:${method!}`;
  const target = fromClient ? requestTarget(method, params, line.server) : clientName ?? clientId;

  const traceparent = str(obj(params?.['_meta'])?.['traceparent']);
  const context = traceparent ? traceparentOf(traceparent) : undefined;
  if (traceparent && !context) flags.push('bad-traceparent');
  const trace: TraceContext = {
    ...(context ?? {}),
    ...(line.session && id !== undefined ? { request_id: `${line.session}:${String(id)}` } : {}),
  };
  const key = operationKey(line.session, id, type, direction);

  const attrs: Record<string, string | number | boolean> = {};
  const put = (k: string, v: string | number | boolean | undefined): void => {
    if (v !== undefined) attrs[k] = v;
  };
  put('direction', direction);
  put('message_type', type);
  put('jsonrpc_id', id === undefined ? undefined : String(id));
  put('method', method);
  put('server', line.server);
  put('client_name', str(line.client?.['name']));
  put('tool', tool);
  put('client_info', infoText(clientInfo));
  put('protocol_version', str(params?.['protocolVersion']) ?? (result && obj(result['serverInfo']) ? str(result['protocolVersion']) : undefined));
  put('server_info', infoText(obj(result?.['serverInfo'])));
  put('auth_sub', sub);
  put('auth_iss', str(auth?.['iss']));
  put('auth_client_id', str(auth?.['client_id']));
  put('auth_scope', str(auth?.['scope']));
  if (error) {
    put('error_code', typeof error['code'] === 'number' ? error['code'] : str(error['code']));
    const text = str(error['message']);
    put('error_message', text ? shorten(text, MAX_ERROR_CHARS) : undefined);
  }
  if (result?.['isError'] === true) put('is_error', true);
  if (line.batch !== undefined) {
    put('batch_index', index);
    put('batch_size', line.batch);
  }
  const ip = str(line.client?.['ip']);
  const userAgent = str(line.client?.['user_agent']);

  return {
    id: eventId(line, direction, message, id),
    format: MCP,
    time: line.time,
    kind,
    name,
    actor,
    ...(behalf ? { on_behalf_of: behalf } : {}),
    ...(jti ? { credential_used: credentialOf(jti) } : {}),
    ...(line.session ? { session: `mcp-session:${line.session}` } : {}),
    ...(key ? { operation_key: key } : {}),
    ...(target ? { target } : {}),
    outcome: outcomeOf(message, type),
    ...(fromClient && ip ? { ip } : {}),
    ...(fromClient && userAgent ? { user_agent: userAgent } : {}),
    ...(tool ? { intent: toolIntent(tool, params?.['arguments']) } : {}),
    ...(Object.keys(trace).length ? { trace } : {}),
    attrs,
    ...(flags.length ? { flags } : {}),
    raw: line.raw,
  };
}

function parse(value: unknown): AdapterResult {
  if (!isObject(value)) return reject('NOT_AN_OBJECT', 'an MCP proxy log line must be a JSON object');
  if (!('message' in value) && 'jsonrpc' in value) return reject('NO_TIME', NO_TIME_MESSAGE);
  const ts = str(value['ts']);
  if (!ts) return reject('NO_TIME', 'the proxy line has no "ts": attrib never invents a time (see attrib formats)');
  const time = parseIsoTime(ts);
  if (!time) return reject('BAD_TIME', `ts ${JSON.stringify(ts).slice(0, 80)} is not an RFC 3339 time`);
  const payload = value['message'];
  const messages = Array.isArray(payload) ? payload : [payload];
  if (!messages.length) return reject('EMPTY_BATCH', 'message is an empty JSON-RPC batch');
  if (!messages.every(isJsonRpc)) {
    return reject('NOT_JSON_RPC', 'message is not a JSON-RPC 2.0 request, notification or response (or a batch of them)');
  }
  const direction = str(value['direction']);
  if (direction !== undefined && !DIRECTIONS.has(direction)) {
    return reject('BAD_DIRECTION', `direction ${JSON.stringify(direction).slice(0, 60)} is not client_to_server or server_to_client`);
  }
  const flags: string[] = [];
  if (time.zoneless) flags.push('time-zoneless-assumed-utc');
  const session = str(value['session_id']);
  if (!session) flags.push('no-session-id');
  const server = str(value['server']);
  const client = obj(value['client']);
  const auth = obj(value['auth']);
  const line: Line = {
    time: time.ms,
    ...(direction ? { stated: direction as Direction } : {}),
    ...(session ? { session } : {}),
    ...(server ? { server } : {}),
    ...(client ? { client } : {}),
    ...(auth ? { auth } : {}),
    flags,
    raw: redactMcp(value),
    ...(Array.isArray(payload) ? { batch: payload.length } : {}),
  };
  return { ok: true, events: messages.map((m, i) => eventOf(line, m as JsonObject, i)) };
}

export const mcp = {
  name: MCP,
  title: 'MCP (Model Context Protocol) JSON-RPC, as logged by a proxy or gateway',
  containers: [
    'proxy/gateway log, one JSON object per line: {"ts": RFC 3339 (required), "message": JSON-RPC 2.0 message or batch (required), ' +
      '"direction": "client_to_server" | "server_to_client", "session_id": Mcp-Session-Id, "server": server name, ' +
      '"client": {"id": OAuth client id, "name", "ip", "user_agent"}, "auth": {"sub", "jti", "iss", "client_id", "scope"} (the bearer token\'s claims)} ' +
      '(fixtures/mcp/README.md)',
    'bare stdio capture (one JSON-RPC message per line): recognised but rejected as NO_TIME, since it carries no time',
  ],
  detectionKeys: ['message.jsonrpc = "2.0" with method, or id + result | error', 'ts (string)', 'bare: jsonrpc = "2.0" (rejected: NO_TIME)'],
  detect,
  parse,
} satisfies Adapter;
