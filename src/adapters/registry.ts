// Every source format attrib knows, and the rule that picks one for a file: exactly one adapter must claim it.
import { AttribError } from '../errors.js';
import { isObject } from './shared/json.js';
import { azureActivity } from './azure-activity.js';
import { cloudtrail } from './cloudtrail.js';
import { entraAudit } from './entra-audit.js';
import { entraSignin } from './entra-signin.js';
import { gcpAudit } from './gcp-audit.js';
import { githubAudit } from './github-audit.js';
import { githubWebhook } from './github-webhook.js';
import { graphActivity } from './graph-activity.js';
import { gwsToken } from './gws-token.js';
import { mcp } from './mcp.js';
import { okta } from './okta.js';
import { otel } from './otel.js';
import { otelLogs } from './otel-logs.js';
import { reject, type Adapter } from './types.js';

export const adapters: readonly Adapter[] = [
  cloudtrail,
  gcpAudit,
  entraSignin,
  entraAudit,
  azureActivity,
  graphActivity,
  okta,
  gwsToken,
  mcp,
  otel,
  otelLogs,
  githubAudit,
  githubWebhook,
];

export function adapterByName(name: string): Adapter {
  const found = adapters.find((a) => a.name === name);
  if (found) return found;
  const members = adapters.filter((a) => a.family === name);
  if (members.length) return familyAdapter(name, members);
  const families = [...new Set(adapters.map((a) => a.family).filter((f): f is string => !!f))];
  throw new AttribError('UNKNOWN_FORMAT', `unknown format "${name}"`, {
    hint: `known formats: ${[...adapters.map((a) => a.name), ...families].join(', ')} (see \`attrib formats\`)`,
  });
}

/** One adapter for a family's mixed delivery: each record is parsed by the member that claims it. */
export function familyAdapter(family: string, members: readonly Adapter[]): Adapter {
  return {
    name: family,
    title: `${members.map((m) => m.title).join(' / ')} (mixed in one delivery)`,
    containers: members[0]?.containers ?? [],
    detectionKeys: members.flatMap((m) => m.detectionKeys),
    family,
    detect: (record) => members.some((m) => m.detect(record)),
    parse(record) {
      const claims = members.filter((m) => m.detect(record));
      if (claims.length === 1) return claims[0]!.parse(record);
      return claims.length
        ? reject('AMBIGUOUS_RECORD', `the record matches ${claims.map((m) => m.name).join(' and ')}`)
        : reject('NOT_IN_FAMILY', `the record is none of ${members.map((m) => m.name).join(', ')}`);
    },
  };
}

/** Files that are not logs but sit beside them, with why they are skipped. */
const SKIPPED_KINDS: ReadonlyArray<{ readonly name: string; readonly test: (record: unknown) => boolean }> = [
  {
    name: 'CloudTrail digest file (integrity manifest, no events)',
    test: (r) => isObject(r) && 'digestStartTime' in r && 'logFiles' in r,
  },
];

export function skippedKind(record: unknown): string | undefined {
  return SKIPPED_KINDS.find((k) => k.test(record))?.name;
}

/** How many leading records decide a file's format. */
export const DETECTION_SAMPLE = 10;

export type Detection =
  | { readonly ok: true; readonly adapter: Adapter }
  | { readonly ok: false; readonly code: 'UNRECOGNIZED_FORMAT' | 'AMBIGUOUS_FORMAT'; readonly message: string };

/**
 * Picks the adapter for a file from its first records. One adapter must claim them all: none is
 * "unrecognized", two claiming the same record (or a file mixing formats) is "ambiguous".
 */
export function detectFormat(sample: readonly unknown[], candidateList: readonly Adapter[] = adapters): Detection {
  // The same adapter listed twice is one claimant, not an ambiguity.
  const candidates = [...new Set(candidateList)];
  const claimers = new Set<Adapter>();
  for (const record of sample) {
    const claims = candidates.filter((a) => a.detect(record));
    if (claims.length > 1) {
      return {
        ok: false,
        code: 'AMBIGUOUS_FORMAT',
        message: `records match several formats (${claims.map((a) => a.name).join(', ')})`,
      };
    }
    if (claims[0]) claimers.add(claims[0]);
  }
  if (claimers.size === 1) return { ok: true, adapter: [...claimers][0]! };
  const families = new Set([...claimers].map((a) => a.family));
  const family = [...families][0];
  if (claimers.size > 1 && families.size === 1 && family) {
    return { ok: true, adapter: familyAdapter(family, candidates.filter((a) => a.family === family)) };
  }
  if (claimers.size > 1) {
    return {
      ok: false,
      code: 'AMBIGUOUS_FORMAT',
      message: `the file mixes formats (${[...claimers].map((a) => a.name).join(', ')})`,
    };
  }
  return { ok: false, code: 'UNRECOGNIZED_FORMAT', message: 'no known format matches its first records' };
}
