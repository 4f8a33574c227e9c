// What would fill a missing hop, said so a responder can go and fetch it.
import type { StoredEvent } from '../store/queries.js';

function around(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

export function gapHint(event: StoredEvent, credential: string | null): string {
  const account = String(event.attrs['actor_account'] ?? event.attrs['account'] ?? 'unknown');
  const when = around(event.session_start ?? event.time);
  const role = String(event.attrs['session_issuer'] ?? '');
  if (/AWSReservedSSO_/.test(role)) {
    return `IAM Identity Center portal credentials never appear in an STS event: import the Identity Center (sso) CloudTrail events and your IdP's sign-in logs for session "${String(event.attrs['session_name'] ?? '?')}" around ${when}`;
  }
  if (event.attrs['console'] === true) {
    return `this is a console session: import the signin.amazonaws.com ConsoleLogin events of account ${account} around ${when}`;
  }
  if (!credential) return `import the events of account ${account} around ${when}`;
  return `no issuance event for \`${credential}\` — import CloudTrail for account ${account} around ${when}`;
}
