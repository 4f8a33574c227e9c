// The bundled incident: a SAML-federated engineer's role chain ending in a cross-account DeleteBucket.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceDocument } from '../model/trace.js';
import { openStore } from '../store/open.js';
import { importPaths, type ImportReport } from './import.js';
import { traceAction } from './trace.js';

export const DEMO_INCIDENT_DIR = fileURLToPath(new URL('../../../fixtures/incidents/aws-role-chain/', import.meta.url));
export const DEMO_ACTION_ID = 'cloudtrail:d1e5c0de-0bad-4b0b-8c0c-000000000666';

export interface DemoResult {
  readonly story: string;
  readonly inputs: string;
  readonly import: ImportReport;
  readonly trace: TraceDocument;
}

export async function runDemo(): Promise<DemoResult> {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-demo-'));
  const db = openStore(join(dir, 'demo.db'));
  try {
    const inputs = join(DEMO_INCIDENT_DIR, 'inputs');
    const report = await importPaths(db, [inputs]);
    const trace = traceAction(db, DEMO_ACTION_ID);
    return {
      story:
        'the S3 bucket prod-backups-fixture was deleted by role prod-admin in account 444455556666. ' +
        'CloudTrail names the role, not the person; attrib follows the access keys back to who signed in.',
      inputs: relative(process.cwd(), inputs) || inputs,
      import: report,
      trace,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
