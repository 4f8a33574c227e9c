// github-audit adapter: audit log events from their real containers (streaming NDJSON, UI JSON export, REST page) → normalized events.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubAudit } from '../../src/adapters/github-audit.js';
import { githubWebhook } from '../../src/adapters/github-webhook.js';
import { adapters } from '../../src/adapters/registry.js';
import { fingerprint } from '../../src/adapters/shared/redact.js';
import type { PrincipalRef } from '../../src/model/types.js';
import { corpusLines, corpusPath, detectedName, fixtureFiles, fixtureLoader, ms, readFixture, rejectCodes, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const DIR = join(FIXTURES, 'github-audit');
const CORPUS = corpusPath('panther/github_audit.jsonl');
const CANDIDATES = [...adapters, githubAudit, githubWebhook];
const load = fixtureLoader(githubAudit, DIR);

const CLEAN = ['streaming.jsonl', 'agent-session.jsonl', 'export.json', 'rest-page.json', 'time-forms.jsonl'];

/** The base64 SHA-256 GitHub logs as `hashed_token` for a (canary) raw token. */
const hashed = (raw: string): string => Buffer.from(fingerprint(raw).slice('sha256:'.length), 'hex').toString('base64');
const U2S_TOKEN = `gh-token:${hashed('FAKE-GH-U2S-TOKEN-alice-0001')}`;

const ALICE: PrincipalRef = { id: 'github:alice-fixture', type: 'human', name: 'alice-fixture', aliases: ['github-id:50000001'] };
const BOB: PrincipalRef = { id: 'github:bob-fixture', type: 'human', name: 'bob-fixture', aliases: ['github-id:50000002'] };
const REVIEW_APP: PrincipalRef = { id: 'github-app:7700001', type: 'app', name: 'Fixture Review Agent' };
const COPILOT: PrincipalRef = { id: 'github-agent:copilot', type: 'agent', name: 'Copilot', aliases: ['github-id:50000099'] };
const SCOPE = { business: 'fixture-enterprise', org: 'fixture-org' };
const REPO = 'fixture-org/payments-api';
const RUN = {
  workflow_id: 4400001,
  workflow_run_id: 5500000001,
  head_sha: 'f1c7e5a0000000000000000000000000000000a1',
  head_branch: 'main',
  event: 'push',
  run_number: 17,
  run_attempt: 1,
  workflow_name: 'rotate-secrets',
};

/** Event files of a fixture folder, found on disk: a new fixture elsewhere cannot be forgotten. */
describe('github-audit: streaming.jsonl (NDJSON streaming export)', () => {
  it('reads every line with zero rejects; the redelivered record keeps its _document_id as its id', async () => {
    const { events, rejects } = await load('streaming.jsonl');
    expect(rejects).toEqual([]);
    expect(events.map((e) => e.id)).toEqual([
      'github-audit:FXgha0105aaaaaaaaaaaaa',
      'github-audit:FXgha0101aaaaaaaaaaaaa',
      'github-audit:FXgha0102aaaaaaaaaaaaa',
      'github-audit:FXgha0102aaaaaaaaaaaaa',
      'github-audit:FXgha0104aaaaaaaaaaaaa',
    ]);
    expect(withoutRaw(events[3])).toEqual(withoutRaw(events[2]));
  });

  it('a user-to-server token review: the app acts for alice, with her token hash kept exactly', async () => {
    const { events } = await load('streaming.jsonl');
    expect(withoutRaw(events[1])).toEqual({
      id: 'github-audit:FXgha0101aaaaaaaaaaaaa',
      format: 'github-audit',
      time: ms('2026-05-01T10:00:00Z'),
      kind: 'approve',
      name: 'github:pull_request_review.submit',
      actor: REVIEW_APP,
      on_behalf_of: ALICE,
      credential_used: U2S_TOKEN,
      target: `repo ${REPO} PR #42`,
      outcome: 'success',
      ip: '198.51.100.41',
      user_agent: 'fixture-review-agent/1.2 (+node)',
      trace: { request_id: 'FX01:0101:AAAA01:BBBB01:6634A101' },
      attrs: {
        ...SCOPE,
        repo: REPO,
        actor_id: 50000001,
        user: 'alice-fixture',
        operation_type: 'create',
        programmatic_access_type: 'GitHub App user-to-server token',
        token_id: 88000001,
        oauth_application_id: 7700001,
        oauth_application_name: 'Fixture Review Agent',
        actor_is_bot: false,
        actor_is_agent: false,
        pull_request_id: 990000042,
        pull_request_url: 'https://github.com/fixture-org/payments-api/pull/42',
        pull_request_title: 'Rotate payment webhook secret',
        pull_request_number: 42,
        country_code: 'DE',
      },
    });
  });

  it('matches programmatic_access_type case-insensitively', async () => {
    const { events } = await load('streaming.jsonl');
    expect(events[2]!.attrs?.['programmatic_access_type']).toBe('github app USER-TO-SERVER token');
    expect(events[2]!.actor).toEqual(REVIEW_APP);
    expect(events[2]!.on_behalf_of).toEqual(ALICE);
    expect(events[2]!.kind).toBe('action');
  });

  it('a web-UI merge (token_id 0, no hashed_token) is alice herself with no credential', async () => {
    const { events } = await load('streaming.jsonl');
    const web = events[4]!;
    expect(web.actor).toEqual(ALICE);
    expect(web.on_behalf_of).toBeUndefined();
    expect(web.credential_used).toBeUndefined();
    expect(web.user_agent).toMatch(/FixtureBrowser/);
    expect(web.target).toBe(`repo ${REPO} PR #43`);
  });

  it('a PAT-classic call: credential by hash, e-mail alias from external_identity_nameid (lower-cased)', async () => {
    const { events } = await load('streaming.jsonl');
    expect(events[0]!.credential_used).toBe(`gh-token:${hashed('FAKE-GH-PAT-TOKEN-alice-0002')}`);
    expect(events[0]!.actor.aliases).toEqual(['github-id:50000001', 'email:alice.fixture@corp.example']);
  });
});

describe('github-audit: agent-session.jsonl (Copilot agent events)', () => {
  it('the agent acts for the user who started it, grouped by its session', async () => {
    const { events, rejects } = await load('agent-session.jsonl');
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.name, e.kind])).toEqual([
      ['github:pull_request.create', 'action'],
      ['github:pull_request_review.submit', 'approve'],
      ['github:pull_request.merge', 'action'],
    ]);
    expect(withoutRaw(events[1])).toEqual({
      id: 'github-audit:FXgha0202aaaaaaaaaaaaa',
      format: 'github-audit',
      time: ms('2026-05-01T11:03:00Z'),
      kind: 'approve',
      name: 'github:pull_request_review.submit',
      actor: COPILOT,
      on_behalf_of: ALICE,
      session: 'github-agent-session:0f1e2d3c-0000-4000-8000-00000000a9e7',
      target: `repo ${REPO} PR #44`,
      outcome: 'success',
      trace: { request_id: 'FX02:0202:AAAA02:BBBB02:6634A202' },
      attrs: {
        ...SCOPE,
        repo: REPO,
        actor_id: 50000099,
        user: 'alice-fixture',
        operation_type: 'create',
        actor_is_bot: false,
        actor_is_agent: true,
        agent_session_id: '0f1e2d3c-0000-4000-8000-00000000a9e7',
        pull_request_id: 990000044,
        pull_request_url: 'https://github.com/fixture-org/payments-api/pull/44',
        pull_request_number: 44,
      },
    });
    expect(new Set(events.map((e) => e.session)).size).toBe(1);
  });
});

describe('github-audit: export.json (UI JSON export)', () => {
  it('reads a float @timestamp to the whole millisecond and issues the PAT it names', async () => {
    const { events, rejects } = await load('export.json');
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(7);
    expect(withoutRaw(events[0])).toEqual({
      id: 'github-audit:FXgha0301aaaaaaaaaaaaa',
      format: 'github-audit',
      time: ms('2026-05-01T08:00:00Z'),
      kind: 'credential',
      name: 'github:personal_access_token.create',
      actor: BOB,
      credential_issued: { id: 'gh-token-id:61000003', issuedTo: BOB, scopes: 'repo' },
      target: 'org fixture-org',
      outcome: 'success',
      ip: '203.0.113.52',
      user_agent: 'Mozilla/5.0 FixtureBrowser/1.0',
      attrs: {
        ...SCOPE,
        actor_id: 50000002,
        user: 'bob-fixture',
        operation_type: 'create',
        programmatic_access_type: 'fine-grained personal access token',
        token_scopes: 'repo',
        token_id: 61000003,
        actor_is_bot: false,
        subject_token: 'gh-token-id:61000003',
      },
    });
  });

  it('an OAuth authorization issues the token to the OAuth app, with a fingerprint a raw token can match', async () => {
    const { events } = await load('export.json');
    const e = events[1]!;
    expect(e.kind).toBe('credential');
    expect(e.credential_used).toBeUndefined();
    expect(e.credential_issued).toEqual({
      id: `gh-token:${hashed('FAKE-GH-OAUTH-TOKEN-alice-0003')}`,
      issuedTo: { id: 'github-app:7700002', type: 'app', name: 'Fixture CLI' },
      fingerprint: fingerprint('FAKE-GH-OAUTH-TOKEN-alice-0003'),
      scopes: 'repo, read:org',
    });
  });

  it('App installation and OAuth-app approval are delegations; destroy names its token without using it', async () => {
    const { events } = await load('export.json');
    expect(events.slice(2, 4).map((e) => [e.name, e.kind, e.attrs?.['oauth_application_id']])).toEqual([
      ['github:integration_installation.create', 'delegate', 7700001],
      ['github:org.oauth_app_access_approved', 'delegate', 7700002],
    ]);
    const destroy = events[5]!;
    expect([destroy.kind, destroy.credential_issued, destroy.credential_used, destroy.attrs?.['subject_token']]).toEqual([
      'credential',
      undefined,
      undefined,
      'gh-token-id:61000003',
    ]);
  });

  it('an old pull_request record without repo/org has no target and says so', async () => {
    const { events } = await load('export.json');
    expect(events[4]!.target).toBeUndefined();
    expect(events[4]!.flags).toEqual(['target-unknown']);
    expect(events[4]!.time).toBe(ms('2026-05-01T08:30:00Z'));
  });

  it('a failed login is an authentication that failed', async () => {
    const { events } = await load('export.json');
    expect([events[6]!.kind, events[6]!.outcome, events[6]!.actor.aliases]).toEqual([
      'authenticate',
      'failure',
      ['github-id:50000003', 'email:carol@corp.example'],
    ]);
  });
});

describe('github-audit: rest-page.json (REST audit-log page)', () => {
  it('workflow run events are invocations carrying run id, head sha and branch; the job approval is an approval', async () => {
    const { events, rejects } = await load('rest-page.json');
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.name, e.kind, e.actor.id])).toEqual([
      ['github:workflows.created_workflow_run', 'invoke', 'github:alice-fixture'],
      ['github:workflows.approve_workflow_job', 'approve', 'github:bob-fixture'],
      ['github:workflows.prepared_workflow_job', 'invoke', 'github:alice-fixture'],
      ['github:workflows.completed_workflow_run', 'invoke', 'github:alice-fixture'],
      ['github:pull_request.create', 'action', 'github:dependabot[bot]'],
    ]);
    expect(withoutRaw(events[3])).toEqual({
      id: 'github-audit:FXgha0404aaaaaaaaaaaaa',
      format: 'github-audit',
      time: ms('2026-05-01T12:04:00Z'),
      kind: 'invoke',
      name: 'github:workflows.completed_workflow_run',
      actor: ALICE,
      target: `repo ${REPO}`,
      outcome: 'success',
      attrs: { ...SCOPE, repo: REPO, actor_id: 50000001, operation_type: 'modify', ...RUN, conclusion: 'success' },
    });
  });

  it('a bot on a server-to-server token is an app using that token', async () => {
    const { events } = await load('rest-page.json');
    expect(events[4]!.actor).toEqual({ id: 'github:dependabot[bot]', type: 'app', name: 'dependabot[bot]', aliases: ['github-id:50000098'] });
    expect(events[4]!.on_behalf_of).toBeUndefined();
    expect(events[4]!.credential_used).toBe(`gh-token:${hashed('FAKE-GH-S2S-TOKEN-dependabot-0004')}`);
  });
});

describe('github-audit: time-forms.jsonl', () => {
  it('reads Panther space times (flagged zone-less), ISO strings and numeric strings; hashes a record without _document_id', async () => {
    const { events, rejects } = await load('time-forms.jsonl');
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.time, e.flags])).toEqual([
      [ms('2026-05-01T13:00:00.123Z'), ['time-zoneless-assumed-utc']],
      [ms('2026-05-01T13:01:00.456Z'), undefined],
      [ms('2026-05-01T13:02:00.789Z'), undefined],
      [ms('2026-05-01T13:03:00Z'), undefined],
    ]);
    expect(events[3]!.id).toMatch(/^github-audit:sha256:[0-9a-f]{64}$/);
    expect(withoutRaw(events[0])).toEqual({
      id: 'github-audit:FXgha0501aaaaaaaaaaaaa',
      format: 'github-audit',
      time: ms('2026-05-01T13:00:00.123Z'),
      kind: 'action',
      name: 'github:repo.create',
      actor: { id: 'github:alice-fixture', type: 'human', name: 'alice-fixture' },
      target: 'repo fixture-org/new-repo',
      outcome: 'success',
      attrs: { org: 'fixture-org', repo: 'fixture-org/new-repo', operation_type: 'create' },
      flags: ['time-zoneless-assumed-utc'],
    });
  });
});

describe('github-audit: bad/rejects.jsonl', () => {
  it('imports the good record and rejects each bad one with a code', async () => {
    const { events, rejects } = await load('bad/rejects.jsonl');
    expect(events.map((e) => e.id)).toEqual(['github-audit:FXgha0601aaaaaaaaaaaaa']);
    expect(rejectCodes(rejects)).toEqual([
      { line: 2, code: 'NO_TIME' },
      { line: 3, code: 'BAD_TIME' },
      { line: 4, code: 'MISSING_FIELD' },
      { line: 5, code: 'NOT_AN_OBJECT' },
    ]);
  });
});

describe('github-audit: detection', () => {
  it.each([...CLEAN, 'bad/rejects.jsonl'])('%s is claimed by github-audit alone', async (name) => {
    const { records } = await load(name);
    expect(detectedName(records, CANDIDATES)).toBe('github-audit');
    for (const record of records) expect(githubWebhook.detect(record)).toBe(false);
  });

  const others = fixtureFiles(FIXTURES).filter((p) => !/[/\\]github-(audit|webhook)[/\\]/.test(p));
  it.each(others.map((p) => relative(FIXTURES, p)))('not claimed: %s', async (rel) => {
    const { records } = await readFixture(join(FIXTURES, rel));
    for (const record of records.slice(0, 10)) {
      expect(githubAudit.detect(record)).toBe(false);
      expect(githubWebhook.detect(record)).toBe(false);
    }
  });

  it('does not claim webhook bodies, non-objects or undotted actions', () => {
    expect(githubAudit.detect(null)).toBe(false);
    expect(githubAudit.detect([])).toBe(false);
    expect(githubAudit.detect({ action: 'submitted', sender: { login: 'a' }, repository: {}, review: {} })).toBe(false);
    expect(githubAudit.detect({ action: 'repo.create', actor: 'a', created_at: 1777629791000, sender: { login: 'a' } })).toBe(false);
    expect(githubAudit.detect({ action: 'invite_member', actor: 'a', created_at: 1777629791000 })).toBe(false);
    expect(githubAudit.detect({ action: 'repo.create', actor: 'a' })).toBe(false);
  });
});

describe('github-audit: Panther corpus (partial, rule-test records)', () => {
  it.skipIf(!existsSync(CORPUS))('detects and parses every record without throwing', () => {
    let parsed = 0;
    for (const line of corpusLines(CORPUS)) {
      const record: unknown = JSON.parse(line);
      expect(() => githubAudit.detect(record)).not.toThrow();
      expect(githubWebhook.detect(record)).toBe(false);
      const result = githubAudit.parse(record);
      if (result.ok) {
        parsed += result.events.length;
        for (const e of result.events) expect(e.id).toMatch(/^github-audit:/);
      } else {
        expect(result.code).toMatch(/^[A-Z_]+$/);
      }
    }
    expect(parsed).toBeGreaterThan(0);
  });
});
