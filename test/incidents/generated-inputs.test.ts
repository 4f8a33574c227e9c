// Every incident's committed inputs are exactly what its generator writes: the readable source is the truth.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/store.js';

const INCIDENTS = join(FIXTURES, 'incidents');
const generators = readdirSync(INCIDENTS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((name) => readdirSync(join(INCIDENTS, name)).includes('make-inputs.mjs'));

describe('incident input generators', () => {
  it('exist for every incident', () => {
    expect(generators.sort()).toEqual(['aws-role-chain', 'entra-agent-graph', 'gcp-impersonation', 'okta-agent-mcp']);
  });
  it.each(generators)('%s: make-inputs.mjs --check passes', (name) => {
    const run = spawnSync(process.execPath, ['make-inputs.mjs', '--check'], { cwd: join(INCIDENTS, name), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok: \d+ files match/);
  });
});
