// okta adapter: System Log records read from their real containers (API page, NDJSON, EventBridge) → normalized events.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudtrail } from '../../src/adapters/cloudtrail.js';
import { gwsToken } from '../../src/adapters/gws-token.js';
import { okta } from '../../src/adapters/okta.js';
import { fingerprint } from '../../src/adapters/shared/redact.js';
import type { PrincipalRef } from '../../src/model/types.js';
import { corpusLines, corpusPath, detectedName, fixtureLoader, OKTA_GWS_CANDIDATES, rejectCodes, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const CORPUS = corpusPath('panther/okta_systemlog.jsonl');

/** Reads a fixture through the real reader and parses every record with the okta adapter. */
const load = fixtureLoader(okta, join(FIXTURES, 'okta'));

const ALICE: PrincipalRef = {
  id: 'okta-user:00uFIXTUREalice00001',
  type: 'human',
  name: 'alice@corp.example',
  aliases: ['email:alice@corp.example', 'okta:00uFIXTUREalice00001'],
};
const BOB: PrincipalRef = {
  id: 'okta-user:00uFIXTUREbob0000002',
  type: 'human',
  name: 'Bob.Admin@Corp.Example',
  aliases: ['email:bob.admin@corp.example', 'okta:00uFIXTUREbob0000002'],
};
const AGENT: PrincipalRef = {
  id: 'okta-workload:wlpFIXTUREreleasebot',
  type: 'agent',
  name: 'Release Bot (agent)',
  // the OAuth client it acts through, so a gateway log naming only the client merges with it
  aliases: ['okta:wlpFIXTUREreleasebot', 'okta:0oaFIXTUREagentclnt1'],
};
const INVOICE_APP: PrincipalRef = {
  id: 'okta-app:0oaFIXTUREinvoiceweb',
  type: 'app',
  name: 'Invoice Portal',
  aliases: ['okta:0oaFIXTUREinvoiceweb'],
};
const SYSTEM: PrincipalRef = { id: 'okta-system:sysFIXTUREoktasystem', type: 'service', name: 'system@okta.com' };
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 attrib-fixture';

const CLEAN = [
  'api-page-login.json',
  'ndjson-admin.jsonl',
  'eventbridge-agent-token-exchange.jsonl',
  'oauth-grants.json',
  'consent-grants.json',
  'target-shapes.jsonl',
  'session-context.json',
  'debug-data-variants.jsonl',
  'published-forms.jsonl',
];

describe('okta: clean fixtures', () => {
  it.each(CLEAN)('%s parses with zero rejects and no unreadable records', async (name) => {
    const { events, rejects, unreadable, records } = await load(name);
    expect(rejects).toEqual([]);
    expect(unreadable).toEqual([]);
    expect(events).toHaveLength(records.length);
    for (const event of events) {
      expect(event.format).toBe('okta');
      expect(event.id).toMatch(/^okta:f0[0-9]{4}00-11f0-4e00-8f00-[0-9]{11}a$/);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});

describe('okta: api-page-login.json (System Log API page)', () => {
  it('normalizes the session start', async () => {
    const { events } = await load('api-page-login.json');
    expect(events.map((e) => [e.name, e.kind])).toEqual([
      ['okta:policy.evaluate_sign_on', 'action'],
      ['okta:user.session.start', 'authenticate'],
      ['okta:user.authentication.auth_via_mfa', 'authenticate'],
      ['okta:user.authentication.sso', 'authenticate'],
    ]);
    expect(withoutRaw(events[1])).toEqual({
      id: 'okta:f0010200-11f0-4e00-8f00-00000000102a',
      format: 'okta',
      time: Date.parse('2026-05-01T09:55:12.718Z'),
      kind: 'authenticate',
      name: 'okta:user.session.start',
      actor: ALICE,
      session: 'okta-session:102FIXTUREaliceSess0001',
      outcome: 'success',
      ip: '198.51.100.21',
      user_agent: BROWSER,
      trace: { request_id: 'FXtxnLOGIN0001aaaaaaaaaaa' },
      attrs: {
        actor_type: 'User',
        display_message: 'User login to Okta',
        severity: 'INFO',
        transaction_type: 'WEB',
        request_uri: '/idp/idx/identify',
      },
    });
  });

  it('keeps two events of one request that share the published millisecond apart', async () => {
    const { events } = await load('api-page-login.json');
    const [policy, start] = events;
    expect(policy!.time).toBe(start!.time);
    expect(policy!.trace).toEqual(start!.trace);
    expect(policy!.id).not.toBe(start!.id);
    expect(policy!.outcome).toBe('success'); // ALLOW
    expect(policy!.target).toBe('PolicyEntity Default Policy, PolicyRule Default Rule (00pFIXTUREsignonpol1)');
  });

  it('shows SSO targets and keeps the record as raw', async () => {
    const { events, records } = await load('api-page-login.json');
    expect(events[3]!.target).toBe('AppInstance Invoice Portal, AppUser Alice Fixture (alice@corp.example)');
    expect(events[3]!.raw).toEqual(records[3]);
  });
});

describe('okta: ndjson-admin.jsonl (admin changes, API token)', () => {
  it('records the creation of an SSWS API token as its issuance to the admin', async () => {
    const { events } = await load('ndjson-admin.jsonl');
    expect(withoutRaw(events[0])).toEqual({
      id: 'okta:f0020100-11f0-4e00-8f00-00000000201a',
      format: 'okta',
      time: Date.parse('2026-05-01T10:15:42.870Z'),
      kind: 'credential',
      name: 'okta:system.api_token.create',
      actor: BOB,
      credential_issued: { id: 'okta-api-token:00TFIXTUREapitoken01', issuedTo: BOB },
      session: 'okta-session:102FIXTUREbobSess00002',
      target: 'Token fixture-automation',
      outcome: 'success',
      ip: '198.51.100.30',
      user_agent: BROWSER,
      trace: { request_id: 'FXtxnADMIN0000aaaaaaaaaaa' },
      attrs: {
        actor_type: 'User',
        display_message: 'Create API token',
        severity: 'INFO',
        transaction_type: 'WEB',
        request_uri: '/api/internal/tokens',
      },
    });
  });

  it('normalizes an admin privilege grant made with that API token', async () => {
    const { events } = await load('ndjson-admin.jsonl');
    expect(withoutRaw(events[1])).toEqual({
      id: 'okta:f0020200-11f0-4e00-8f00-00000000202a',
      format: 'okta',
      time: Date.parse('2026-05-01T10:20:00.101Z'),
      kind: 'action',
      name: 'okta:user.account.privilege.grant',
      actor: BOB,
      credential_used: 'okta-api-token:00TFIXTUREapitoken01',
      target: 'User Carol Fixture (carol@corp.example)',
      outcome: 'success',
      ip: '198.51.100.30',
      user_agent: 'okta-sdk-python/2.9.0 python/3.12.3 Linux/6.8.0 attrib-fixture',
      trace: { request_id: 'FXtxnADMIN0001aaaaaaaaaaa' },
      attrs: {
        actor_type: 'User',
        display_message: 'Grant user privilege',
        severity: 'INFO',
        transaction_type: 'WEB',
        request_uri: '/api/v1/users/00uFIXTUREcarol00003/roles',
      },
    });
  });

  it('names the API token on every call it made, and no session for "unknown"', async () => {
    const { events } = await load('ndjson-admin.jsonl');
    expect(events.map((e) => e.credential_used)).toEqual([
      undefined,
      'okta-api-token:00TFIXTUREapitoken01',
      'okta-api-token:00TFIXTUREapitoken01',
      undefined,
      undefined,
    ]);
    expect(events.slice(1).map((e) => e.session)).toEqual([undefined, undefined, undefined, undefined]);
    expect(events[2]!.target).toBe('User Carol Fixture (carol@corp.example), UserGroup prod-admins');
  });

  it('maps the Okta system principal to a service and rate-limit chatter to "other"', async () => {
    const { events } = await load('ndjson-admin.jsonl');
    expect(events[3]!.actor).toEqual(SYSTEM);
    expect(events[3]!.kind).toBe('action');
    expect(events[4]!.kind).toBe('other');
    expect(events[4]!.target).toBeUndefined();
  });
});

describe('okta: eventbridge-agent-token-exchange.jsonl (log streaming)', () => {
  it('unwraps the EventBridge envelope and keeps the LogEvent uuid as id', async () => {
    const { envelopes, events } = await load('eventbridge-agent-token-exchange.jsonl');
    expect(envelopes).toEqual(['eventbridge', 'eventbridge']);
    expect(events.map((e) => e.id)).toEqual([
      'okta:f0030100-11f0-4e00-8f00-00000000301a',
      'okta:f0030200-11f0-4e00-8f00-00000000302a',
    ]);
  });

  it('records a token exchange by a workload principal as an agent acting for the user', async () => {
    const { events } = await load('eventbridge-agent-token-exchange.jsonl');
    expect(withoutRaw(events[0])).toEqual({
      id: 'okta:f0030100-11f0-4e00-8f00-00000000301a',
      format: 'okta',
      time: Date.parse('2026-05-01T10:02:40.031Z'),
      kind: 'credential',
      name: 'okta:app.oauth2.as.token.grant.access_token',
      actor: AGENT,
      on_behalf_of: ALICE,
      credential_issued: {
        id: 'okta-jti:AT.FIXTURE-agentxchg-0001-Qm9fX3',
        issuedTo: AGENT,
        expires: Date.parse('2026-05-01T11:02:40.000Z'),
        fingerprint: fingerprint('FAKE-OKTA-ACCESS-TOKEN-agentxchg-0001'),
        scopes: 'repo:write',
      },
      target: 'User Alice Fixture (alice@corp.example), AuthorizationServer Internal APIs (ausFIXTUREinternal01)',
      outcome: 'success',
      ip: '203.0.113.50',
      user_agent: 'release-bot/0.4.2 (attrib-fixture) httpx/0.27',
      trace: { request_id: 'FXtxnXCHG00001aaaaaaaaaaa' },
      attrs: {
        actor_type: 'WorkloadIdentityPrincipal',
        display_message: 'OAuth2 access token is granted',
        severity: 'INFO',
        transaction_type: 'WEB',
        client_id: '0oaFIXTUREagentclnt1',
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        requested_scopes: 'repo:write',
        granted_scopes: 'repo:write',
        request_uri: '/oauth2/ausFIXTUREinternal01/v1/token',
        authorization_server: 'ausFIXTUREinternal01',
        issued_tokens: 'AT.FIXTURE-agentxchg-0001-Qm9fX3',
        token_subject: '00uFIXTUREalice00001',
      },
    });
  });

  it('keeps a failed grant without token targets: no credential, still the agent for the user', async () => {
    const { events } = await load('eventbridge-agent-token-exchange.jsonl');
    const failed = events[1]!;
    expect(failed.name).toBe('okta:app.oauth2.as.token.grant');
    expect(failed.kind).toBe('credential');
    expect(failed.outcome).toBe('failure');
    expect(failed.credential_issued).toBeUndefined();
    expect(failed.on_behalf_of).toEqual(ALICE);
    expect(failed.attrs).toMatchObject({ outcome_reason: 'no_matching_policy', requested_scopes: 'repo:admin', severity: 'WARN' });
    expect(failed.attrs).not.toHaveProperty('issued_tokens');
  });
});

describe('okta: oauth-grants.json', () => {
  it('puts the access token first and lists every token a grant issued', async () => {
    const { events } = await load('oauth-grants.json');
    expect(withoutRaw(events[1])).toEqual({
      id: 'okta:f0040200-11f0-4e00-8f00-00000000402a',
      format: 'okta',
      time: Date.parse('2026-05-01T09:55:21.377Z'),
      kind: 'credential',
      name: 'okta:app.oauth2.as.token.grant.access_token',
      actor: INVOICE_APP,
      credential_issued: {
        id: 'okta-jti:AT.FIXTURE-invoice-code-0402',
        issuedTo: INVOICE_APP,
        expires: Date.parse('2026-05-01T10:55:21.000Z'),
        fingerprint: fingerprint('FAKE-OKTA-ACCESS-TOKEN-invoice-0402'),
        scopes: 'openid, profile, invoices.read',
      },
      target: 'User Alice Fixture (alice@corp.example), AuthorizationServer Internal APIs (ausFIXTUREinternal01)',
      outcome: 'success',
      ip: '203.0.113.80',
      user_agent: 'Apache-HttpClient/5.3 (attrib-fixture)',
      trace: { request_id: 'FXtxnTOKEN0001aaaaaaaaaaa' },
      attrs: {
        actor_type: 'PublicClientApp',
        display_message: 'OAuth2 access token is granted',
        severity: 'INFO',
        transaction_type: 'WEB',
        client_id: '0oaFIXTUREinvoiceweb',
        grant_type: 'authorization_code',
        granted_scopes: 'openid, profile, invoices.read',
        request_uri: '/oauth2/ausFIXTUREinternal01/v1/token',
        authorization_server: 'ausFIXTUREinternal01',
        issued_tokens: 'AT.FIXTURE-invoice-code-0402, ID.FIXTURE-invoice-code-0402',
        token_subject: '00uFIXTUREalice00001',
      },
    });
  });

  it('treats an authorization-code request as a credential step and hides the code target', async () => {
    const { events } = await load('oauth-grants.json');
    const code = events[0]!;
    expect(code.kind).toBe('credential');
    expect(code.target).toBe('User Alice Fixture (alice@corp.example)');
    expect(code.credential_issued).toBeUndefined();
    expect(code.on_behalf_of).toBeUndefined();
    expect(code.session).toBe('okta-session:102FIXTUREaliceSess0001');
  });

  it('takes the client id from the app actor when client.id is null (client credentials)', async () => {
    const { events } = await load('oauth-grants.json');
    const ccred = events[2]!;
    expect(ccred.name).toBe('okta:app.oauth2.token.grant.access_token');
    expect(ccred.attrs).toMatchObject({ client_id: '0oaFIXTUREsvcsync001', grant_type: 'client_credentials', token_subject: '0oaFIXTUREsvcsync001' });
    expect(ccred.on_behalf_of).toBeUndefined();
    expect(ccred.target).toBeUndefined();
    expect(ccred.credential_issued?.id).toBe('okta-jti:AT.FIXTURE-svcsync-ccred-0403');
  });

  it('records a JWT-bearer grant by a Client as acting for the user it names', async () => {
    const { events } = await load('oauth-grants.json');
    const jwt = events[3]!;
    expect(jwt.actor).toEqual({ id: 'okta-app:0oaFIXTUREreportgen1', type: 'app', name: 'Report Generator', aliases: ['okta:0oaFIXTUREreportgen1'] });
    expect(jwt.on_behalf_of).toEqual(BOB);
    expect(jwt.credential_issued?.issuedTo).toEqual(jwt.actor);
  });
});

describe('okta: consent-grants.json', () => {
  it('records a consent logged by the Okta system with no user named', async () => {
    const { events } = await load('consent-grants.json');
    expect(withoutRaw(events[0])).toEqual({
      id: 'okta:f0050100-11f0-4e00-8f00-00000000501a',
      format: 'okta',
      time: Date.parse('2026-05-01T09:55:20.901Z'),
      kind: 'delegate',
      name: 'okta:app.oauth2.as.consent.grant',
      actor: SYSTEM,
      session: 'okta-session:102FIXTUREaliceSess0001',
      target: 'AuthorizationServer Internal APIs (ausFIXTUREinternal01)',
      outcome: 'success',
      ip: '198.51.100.21',
      user_agent: BROWSER,
      trace: { request_id: 'FXtxnCONSENT01aaaaaaaaaa' },
      attrs: {
        actor_type: 'SystemPrincipal',
        display_message: 'User consent granted for app',
        severity: 'INFO',
        transaction_type: 'WEB',
        client_id: '0oaFIXTUREinvoiceweb',
        granted_scopes: 'invoices.read',
        request_uri: '/oauth2/ausFIXTUREinternal01/v1/authorize',
        authorization_server: 'ausFIXTUREinternal01',
        delegated_to: 'okta-app:0oaFIXTUREinvoiceweb',
      },
    });
  });

  it('reads the app and the user from a scope target detailEntry', async () => {
    const { events } = await load('consent-grants.json');
    expect(events[1]!.actor).toEqual(ALICE);
    expect(events[1]!.on_behalf_of).toBeUndefined();
    expect(events[1]!.target).toBe('invoices.read');
    expect(events[1]!.attrs?.['delegated_to']).toBe('okta-app:0oaFIXTUREinvoiceweb');
    expect(events[2]!.name).toBe('okta:app.oauth2.consent.grant');
    expect(events[2]!.on_behalf_of).toEqual({
      id: 'okta-user:00uFIXTUREcarol00003',
      type: 'human',
      name: '00uFIXTUREcarol00003',
      aliases: ['okta:00uFIXTUREcarol00003'],
    });
    expect(events[2]!.attrs?.['delegated_to']).toBe('okta-app:0oaFIXTUREhelpdesk01');
  });
});

describe('okta: target-shapes.jsonl', () => {
  it('shows the first targets of a long list and counts the rest', async () => {
    const { events } = await load('target-shapes.jsonl');
    const shown = Array.from({ length: 8 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return `User Bulk User ${n} (bulk${n}@corp.example)`;
    }).join(', ');
    expect(withoutRaw(events[3])).toEqual({
      id: 'okta:f0060400-11f0-4e00-8f00-00000000604a',
      format: 'okta',
      time: Date.parse('2026-05-01T17:32:00.000Z'),
      kind: 'action',
      name: 'okta:group.user_membership.add',
      actor: BOB,
      session: 'okta-session:102FIXTUREbobSess00002',
      target: `${shown} … (+5 more)`,
      outcome: 'success',
      ip: '198.51.100.30',
      user_agent: BROWSER,
      trace: { request_id: 'FXtxnSHAPE0004aaaaaaaaaaa' },
      attrs: {
        actor_type: 'User',
        display_message: 'Add user to group membership',
        severity: 'INFO',
        transaction_type: 'WEB',
        request_uri: '/api/v1/authn',
      },
    });
  });

  it('has no target for null, [] or an absent key, and skips junk entries', async () => {
    const { events } = await load('target-shapes.jsonl');
    expect(events.slice(0, 3).map((e) => e.target)).toEqual([undefined, undefined, undefined]);
    expect(events[4]!.target).toBe('AppInstance 0oaFIXTUREhelpdesk01');
  });
});

describe('okta: session-context.json', () => {
  it('keeps the OIE root session beside the step session', async () => {
    const { events } = await load('session-context.json');
    expect(withoutRaw(events[0])).toEqual({
      id: 'okta:f0070100-11f0-4e00-8f00-00000000701a',
      format: 'okta',
      time: Date.parse('2026-05-01T13:10:20.010Z'),
      kind: 'authenticate',
      name: 'okta:user.authentication.auth_via_mfa',
      actor: {
        id: 'okta-user:00uFIXTUREcarol00003',
        type: 'human',
        name: 'carol@corp.example',
        aliases: ['email:carol@corp.example', 'okta:00uFIXTUREcarol00003'],
      },
      session: 'okta-session:idxFIXTUREcarolStep0003',
      outcome: 'success',
      ip: '198.51.100.23',
      user_agent: BROWSER,
      trace: { request_id: 'FXtxnSESS00001aaaaaaaaaaa' },
      attrs: {
        actor_type: 'User',
        display_message: 'Authentication of user via MFA',
        severity: 'INFO',
        transaction_type: 'WEB',
        root_session_id: '102FIXTUREcarolSess0003',
        request_uri: '/api/v1/authn',
      },
    });
  });

  it('has no session when externalSessionId is "unknown" or the context is absent or null', async () => {
    const { events } = await load('session-context.json');
    expect(events.slice(1).map((e) => e.session)).toEqual([undefined, undefined, undefined]);
  });
});

describe('okta: debug-data-variants.jsonl', () => {
  it('reads an open debugData map without assuming its keys, and redacts a client secret in raw', async () => {
    const { events } = await load('debug-data-variants.jsonl');
    const refresh = events[3]!;
    expect(withoutRaw(refresh)).toEqual({
      id: 'okta:f0080400-11f0-4e00-8f00-00000000804a',
      format: 'okta',
      time: Date.parse('2026-05-01T14:05:00.000Z'),
      kind: 'credential',
      name: 'okta:app.oauth2.as.token.grant.refresh_token',
      actor: INVOICE_APP,
      credential_issued: {
        id: 'okta-refresh-token:rtFIXTUREinvoice0804',
        issuedTo: INVOICE_APP,
        expires: Date.parse('2026-05-31T14:05:00.000Z'),
        fingerprint: fingerprint('FAKE-OKTA-REFRESH-TOKEN-invoice-0804'),
        scopes: 'openid, offline_access',
      },
      target: 'User Alice Fixture (alice@corp.example), AuthorizationServer Internal APIs (ausFIXTUREinternal01)',
      outcome: 'success',
      ip: '203.0.113.80',
      user_agent: 'Apache-HttpClient/5.3 (attrib-fixture)',
      trace: { request_id: 'FXtxnDEBUG0004aaaaaaaaaaa' },
      attrs: {
        actor_type: 'PublicClientApp',
        display_message: 'OAuth2 refresh token is granted',
        severity: 'INFO',
        transaction_type: 'WEB',
        client_id: '0oaFIXTUREinvoiceweb',
        grant_type: 'refresh_token',
        requested_scopes: 'openid, offline_access',
        granted_scopes: 'openid, offline_access',
        authorization_server: 'ausFIXTUREinternal01',
        issued_tokens: 'rtFIXTUREinvoice0804',
        token_subject: '00uFIXTUREalice00001',
      },
    });
    const raw = JSON.stringify(refresh.raw);
    expect(raw).not.toContain('FIXTURE-hashed-client-secret-0804');
    expect(raw).toContain(`[REDACTED ${fingerprint('FIXTURE-hashed-client-secret-0804')}]`);
  });

  it('copes with debugContext absent, debugData null or empty', async () => {
    const { events } = await load('debug-data-variants.jsonl');
    expect(events.slice(0, 3).map((e) => e.trace)).toEqual([
      { request_id: 'FXtxnDEBUG0001aaaaaaaaaaa' },
      { request_id: 'FXtxnDEBUG0002aaaaaaaaaaa' },
      undefined,
    ]);
    for (const e of events.slice(0, 3)) expect(e.attrs).not.toHaveProperty('grant_type');
  });

  it('keeps an actor of an unlisted type as an unknown principal', async () => {
    const { events } = await load('debug-data-variants.jsonl');
    expect(events[4]!.actor).toEqual({ id: 'okta-ip-address:203.0.113.99', type: 'unknown', name: '203.0.113.99' });
    expect(events[4]!.outcome).toBe('failure'); // DENY
    expect(events[4]!.session).toBeUndefined();
  });
});

describe('okta: published-forms.jsonl', () => {
  it('reads every published form to the millisecond and flags zone-less ones', async () => {
    const { events } = await load('published-forms.jsonl');
    expect(events.map((e) => [e.time, e.flags])).toEqual([
      [Date.parse('2026-05-01T15:00:00.123Z'), undefined],
      [Date.parse('2026-05-01T15:00:01.000Z'), undefined],
      [Date.parse('2026-05-01T15:00:02.456Z'), ['time-zoneless-assumed-utc']],
      [Date.parse('2026-05-01T15:00:03.789Z'), ['time-zoneless-assumed-utc']],
    ]);
    expect(withoutRaw(events[2])).toMatchObject({ id: 'okta:f0090300-11f0-4e00-8f00-00000000903a', kind: 'authenticate', actor: ALICE });
  });
});

describe('okta: bad/rejects.jsonl', () => {
  it('imports the good record and rejects each bad one with a code', async () => {
    const { events, rejects } = await load('bad/rejects.jsonl');
    expect(rejectCodes(rejects)).toEqual([
      { line: 2, code: 'LOWERCASED_KEYS' },
      { line: 3, code: 'BAD_TIME' },
      { line: 4, code: 'MISSING_FIELD' },
      { line: 5, code: 'NOT_AN_OBJECT' },
    ]);
    expect(withoutRaw(events[0])).toEqual({
      id: 'okta:f0100100-11f0-4e00-8f00-00000001001a',
      format: 'okta',
      time: Date.parse('2026-05-01T16:00:00.000Z'),
      kind: 'action',
      name: 'okta:user.session.end',
      actor: ALICE,
      session: 'okta-session:102FIXTUREaliceSess0001',
      outcome: 'success',
      ip: '198.51.100.21',
      user_agent: BROWSER,
      trace: { request_id: 'FXtxnBAD000001aaaaaaaaaaa' },
      attrs: {
        actor_type: 'User',
        display_message: 'User logout from Okta',
        severity: 'INFO',
        transaction_type: 'WEB',
        request_uri: '/api/v1/authn',
      },
    });
  });
});

describe('okta: detection', () => {
  it.each([...CLEAN, 'bad/rejects.jsonl'])('%s is claimed by okta alone', async (name) => {
    const { records } = await load(name);
    expect(detectedName(records, OKTA_GWS_CANDIDATES)).toBe('okta');
    for (const record of records) {
      expect(cloudtrail.detect(record)).toBe(false);
      expect(gwsToken.detect(record)).toBe(false);
    }
  });

  it('does not claim non-objects, CloudTrail records or lower-cased copies', () => {
    expect(okta.detect(null)).toBe(false);
    expect(okta.detect([])).toBe(false);
    expect(okta.detect({ eventVersion: '1.11', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', eventTime: '2026-05-01T10:00:00Z' })).toBe(false);
    expect(okta.detect({ uuid: 'x', published: '2026-05-01T10:00:00.000Z', eventtype: 'user.session.start', actor: {}, version: '0' })).toBe(false);
  });
});

describe('okta: Panther corpus (partial, rule-test records)', () => {
  it.skipIf(!existsSync(CORPUS))('detects and parses every record without throwing', () => {
    const lines = corpusLines(CORPUS);
    const codes = new Map<string, number>();
    let parsed = 0;
    for (const line of lines) {
      const record: unknown = JSON.parse(line);
      expect(() => okta.detect(record)).not.toThrow();
      const result = okta.parse(record);
      if (result.ok) {
        parsed += result.events.length;
        for (const e of result.events) expect(e.id).toMatch(/^okta:/);
      } else {
        expect(result.code).toMatch(/^[A-Z_]+$/);
        codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
      }
    }
    const lowercased = lines.filter((l) => Object.hasOwn(JSON.parse(l) as object, 'eventtype')).length;
    expect(codes.get('LOWERCASED_KEYS')).toBe(lowercased);
    expect(parsed).toBeGreaterThan(0);
  });
});
