// OTLP logs: one event per log record, tied to its trace, secrets out.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { otelLogs } from '../../src/adapters/otel-logs.js';
import { FIXTURES } from '../helpers/store.js';
import { corpusPath, detectedName, parseFixture, readFixture, withoutRaw } from '../helpers/fixtures.js';

const FILE = join(FIXTURES, 'otel-logs/agent-logs.jsonl');
const CORPUS = corpusPath('otlp/logs.json');

describe('otel-logs', () => {
  it('is claimed by otel-logs alone', async () => {
    expect(detectedName((await readFixture(FILE)).records)).toBe('otel-logs');
  });

  it('makes one event per log record with its trace ids and service', async () => {
    const { events, rejects } = await parseFixture(otelLogs, FILE);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(2);
    const { id, ...first } = withoutRaw(events[0]);
    expect(id).toMatch(/^otel-logs:sha256:[0-9a-f]{64}$/);
    expect(first).toEqual({
      format: 'otel-logs',
      time: Date.parse('2026-05-03T09:20:00.123Z'),
      kind: 'other',
      name: 'otel:log.tool.call',
      actor: { id: 'otel-service:invoice-agent-fixture', type: 'service', name: 'invoice-agent-fixture' },
      outcome: 'unknown',
      intent: 'calling tool create_invoice for customer acme-fixture',
      trace: { trace_id: '4f7e1c0a9b3d5e2f6a8c0b1d3e5f7a91', span_id: '1a2b3c4d5e6f7081' },
      attrs: { severity: 'INFO', severity_number: 9, scope: 'agent.runtime' },
    });
  });

  it('falls back to the observed time and keeps no secret', async () => {
    const { events } = await parseFixture(otelLogs, FILE);
    expect(events[1]!.time).toBe(1777800001500);
    expect(JSON.stringify(events)).not.toContain('FAKE-OTEL-LOG-API-KEY-0001');
  });

  it.skipIf(!existsSync(CORPUS))('imports the OTLP example logs with no reject', async () => {
    const { events, rejects } = await parseFixture(otelLogs, CORPUS);
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.name, e.actor.name, e.trace?.trace_id])).toEqual([['otel:log', 'my.service', '5b8efff798038103d269b633813fc60c']]);
  });
});
