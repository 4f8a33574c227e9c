// github-webhook adapter: saved webhook bodies (alone or in a headers wrapper) → normalized events, never with an invented time.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubAudit } from '../../src/adapters/github-audit.js';
import { githubWebhook } from '../../src/adapters/github-webhook.js';
import { adapters } from '../../src/adapters/registry.js';
import type { PrincipalRef } from '../../src/model/types.js';
import { corpusPath, detectedName, fixtureLoader, ms, readFixture, rejectCodes, withoutRaw } from '../helpers/fixtures.js';
import { FIXTURES } from '../helpers/store.js';

const DIR = join(FIXTURES, 'github-webhook');
const CORPUS = corpusPath('github-webhooks');
const CANDIDATES = [...adapters, githubAudit, githubWebhook];
const load = fixtureLoader(githubWebhook, DIR);

const CLEAN = [
  'pull_request_review.submitted.json',
  'pull_request.closed-merged.json',
  'push.json',
  'workflow_run.completed.json',
  'installation.created.json',
  'wrapped-review.json',
];

const ALICE: PrincipalRef = { id: 'github:alice-fixture', type: 'human', name: 'alice-fixture', aliases: ['github-id:50000001'] };
const REPO = 'fixture-org/payments-api';
const HEAD42 = 'a42a42a400000000000000000000000000000042';
const PR42 = {
  event: 'pull_request',
  repo: REPO,
  org: 'fixture-org',
  installation_id: 66000001,
  pr_number: 42,
  pr_title: 'Rotate payment webhook secret',
  head_sha: HEAD42,
  head_ref: 'rotate-secret',
  base_ref: 'main',
};

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return jsonFiles(path);
      return /\.json$/.test(name) ? [path] : [];
    });
}

describe('github-webhook: one event per fixture file', () => {
  it.each(CLEAN)('%s parses to one event with zero rejects', async (name) => {
    const { events, rejects } = await load(name);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('an approved review is an approval at review.submitted_at, id from the body hash', async () => {
    const { events } = await load('pull_request_review.submitted.json');
    const event = events[0]!;
    expect(event.id).toMatch(/^github-webhook:sha256:[0-9a-f]{64}$/);
    const { id: _id, ...rest } = withoutRaw(event);
    expect(rest).toEqual({
      format: 'github-webhook',
      time: ms('2026-05-01T10:00:00Z'),
      kind: 'approve',
      name: 'github:pull_request_review.submitted',
      actor: ALICE,
      target: `repo ${REPO} PR #42`,
      outcome: 'success',
      attrs: {
        ...PR42,
        event: 'pull_request_review',
        merged: false,
        merge_commit_sha: 'e42e42e400000000000000000000000000000042',
        review_id: 77000001,
        review_state: 'approved',
        commit_id: HEAD42,
        reviewer: 'alice-fixture',
        time_source: 'review.submitted_at',
      },
      flags: ['no-delivery-id'],
    });
  });

  it('a merged close is an action at merged_at with the merge commit', async () => {
    const { events } = await load('pull_request.closed-merged.json');
    const { id: _id, ...rest } = withoutRaw(events[0]);
    expect(rest).toEqual({
      format: 'github-webhook',
      time: ms('2026-05-01T10:00:30Z'),
      kind: 'action',
      name: 'github:pull_request.closed',
      actor: ALICE,
      target: `repo ${REPO} PR #42`,
      outcome: 'success',
      attrs: {
        ...PR42,
        merged: true,
        merge_commit_sha: 'c42c42c400000000000000000000000000000042',
        merged_by: 'alice-fixture',
        time_source: 'pull_request.merged_at',
      },
      flags: ['no-delivery-id'],
    });
  });

  it('a push takes the server push time (repository.pushed_at), not the committer clock', async () => {
    const { events } = await load('push.json');
    const e = events[0]!;
    expect([e.name, e.kind, e.time, e.target, e.flags]).toEqual([
      'github:push',
      'other',
      ms('2026-05-01T10:00:31Z'),
      `repo ${REPO} refs/heads/main`,
      ['no-delivery-id'],
    ]);
    expect(e.attrs).toMatchObject({ ref: 'refs/heads/main', after: 'c42c42c400000000000000000000000000000042', head_sha: 'c42c42c400000000000000000000000000000042', time_source: 'repository.pushed_at' });
  });

  it('a workflow run is an invocation carrying run id, head sha and branch', async () => {
    const { events } = await load('workflow_run.completed.json');
    const { id: _id, ...rest } = withoutRaw(events[0]);
    expect(rest).toEqual({
      format: 'github-webhook',
      time: ms('2026-05-01T12:04:00Z'),
      kind: 'invoke',
      name: 'github:workflow_run.completed',
      actor: ALICE,
      target: `repo ${REPO}`,
      outcome: 'success',
      attrs: {
        event: 'workflow_run',
        repo: REPO,
        org: 'fixture-org',
        installation_id: 66000001,
        workflow_run_id: 5500000001,
        workflow_id: 4400001,
        workflow_name: 'rotate-secrets',
        workflow_path: '.github/workflows/rotate-secrets.yml',
        head_sha: 'f1c7e5a0000000000000000000000000000000a1',
        head_branch: 'main',
        trigger_event: 'push',
        run_attempt: 1,
        status: 'completed',
        conclusion: 'success',
        triggering_actor: 'alice-fixture',
        time_source: 'workflow_run.updated_at',
      },
      flags: ['no-delivery-id'],
    });
  });

  it('an installation names the app, the account and the installation id', async () => {
    const { events } = await load('installation.created.json');
    const e = events[0]!;
    expect([e.name, e.kind, e.target, e.actor.id, e.time]).toEqual([
      'github:installation.created',
      'other',
      'installation 66000001 (fixture-org)',
      'github:bob-fixture',
      ms('2026-05-01T08:20:00Z'),
    ]);
    expect(e.attrs).toMatchObject({ installation_id: 66000001, app_id: 7700001, app_slug: 'fixture-review-agent', account: 'fixture-org' });
  });

  it('a wrapper with headers: id from X-GitHub-Delivery, event from X-GitHub-Event, a Bot sender is an app', async () => {
    const { events } = await load('wrapped-review.json');
    expect(withoutRaw(events[0])).toEqual({
      id: 'github-webhook:0badf00d-0000-4000-8000-00000000d001',
      format: 'github-webhook',
      time: ms('2026-05-01T11:03:00Z'),
      kind: 'approve',
      name: 'github:pull_request_review.submitted',
      actor: { id: 'github:fixture-review-agent[bot]', type: 'app', name: 'fixture-review-agent[bot]', aliases: ['github-id:50000097'] },
      target: `repo ${REPO} PR #44`,
      outcome: 'success',
      attrs: {
        event: 'pull_request_review',
        delivery: '0badf00d-0000-4000-8000-00000000d001',
        hook_id: '880000001',
        repo: REPO,
        org: 'fixture-org',
        installation_id: 66000001,
        pr_number: 44,
        pr_title: 'Agent: rotate signing key',
        head_sha: 'a44a44a400000000000000000000000000000044',
        head_ref: 'rotate-secret',
        base_ref: 'main',
        merged: false,
        review_id: 77000002,
        review_state: 'APPROVED',
        commit_id: 'a44a44a400000000000000000000000000000044',
        reviewer: 'fixture-review-agent[bot]',
        time_source: 'review.submitted_at',
      },
    });
  });

  it('the same body parses to the same id twice (re-import is idempotent)', async () => {
    const { records } = await load('push.json');
    const a = githubWebhook.parse(records[0]);
    const b = githubWebhook.parse(structuredClone(records[0]));
    expect(a.ok && b.ok && a.events[0]!.id === b.events[0]!.id).toBe(true);
  });
});

describe('github-webhook: rejects', () => {
  it('a deleted-branch push has no head commit: dated by the push time; with neither, rejected, not dated', async () => {
    const { events, rejects } = await load('bad/push-branch-deleted.json');
    expect(rejects).toEqual([]);
    expect(events[0]!.attrs?.['time_source']).toBe('repository.pushed_at');
    const { records } = await readFixture(join(DIR, 'bad/push-branch-deleted.json'));
    const body = JSON.parse(JSON.stringify(records[0])) as { repository: Record<string, unknown> };
    delete body.repository['pushed_at'];
    expect(githubWebhook.parse(body)).toMatchObject({ ok: false, code: 'NO_TIME' });
  });

  it('rejects unknown and unsupported events with codes', () => {
    const body = { action: 'created', sender: { login: 'a', type: 'User' }, repository: { full_name: 'o/r' } };
    expect(githubWebhook.parse(body)).toMatchObject({ ok: false, code: 'UNKNOWN_EVENT' });
    expect(githubWebhook.parse({ headers: { 'x-github-event': 'star' }, payload: body })).toMatchObject({ ok: false, code: 'UNSUPPORTED_EVENT' });
    expect(githubWebhook.parse('x')).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
  });
});

describe('github-webhook: detection', () => {
  it.each([...CLEAN, 'bad/push-branch-deleted.json'])('%s is claimed by github-webhook alone', async (name) => {
    const { records } = await load(name);
    expect(detectedName(records, CANDIDATES)).toBe('github-webhook');
    for (const record of records) expect(githubAudit.detect(record)).toBe(false);
  });

  it('does not claim audit records, non-objects or bodies of other events', () => {
    expect(githubWebhook.detect(null)).toBe(false);
    expect(githubWebhook.detect({ action: 'pull_request.merge', actor: 'a', created_at: 1777629791000 })).toBe(false);
    expect(githubWebhook.detect({ action: 'created', sender: { login: 'a' }, repository: {}, issue: {} })).toBe(false);
    // Every App delivery has `installation: {id}`: that alone is not an installation event.
    expect(githubWebhook.detect({ action: 'created', sender: { login: 'a' }, installation: { id: 1 } })).toBe(false);
  });
});

describe('github-webhook: octokit payload examples (corpus)', () => {
  const files = existsSync(CORPUS) ? jsonFiles(CORPUS) : [];
  it.skipIf(!files.length)('detects and parses every example without a reject (complete payloads)', async () => {
    const rejected: string[] = [];
    for (const file of files) {
      const { records } = await readFixture(file);
      for (const record of records) {
        expect(githubWebhook.detect(record)).toBe(true);
        expect(githubAudit.detect(record)).toBe(false);
        const result = githubWebhook.parse(record);
        if (result.ok) for (const e of result.events) expect(e.id).toMatch(/^github-webhook:sha256:/);
        else rejected.push(`${relative(CORPUS, file)} ${result.code}`);
      }
    }
    expect(rejected).toEqual([]);
  });
});
