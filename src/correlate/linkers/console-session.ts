// Inferred: console sessions run on temporary keys that no STS event returns. Their events carry the
// session's creation time; a successful ConsoleLogin by the same identity at that time, ideally from the
// same address, is the authentication that began the session.
import { consoleLoginsNear, deleteInferredLinksTo, insertLink, unissuedTemporaryKeys } from '../../store/lineage.js';
import type { Linker } from './types.js';

/** A console session's creationDate follows its ConsoleLogin within seconds; allow clock and delivery slack. */
const BEFORE_MS = 5 * 60_000;
const AFTER_MS = 60_000;

function score(gapMs: number, sameIp: boolean, sameIdentity: boolean, console: boolean): number {
  let s = 0.55;
  if (sameIp) s += 0.2;
  if (Math.abs(gapMs) <= 5_000) s += 0.1;
  if (sameIdentity) s += 0.05;
  if (console) s += 0.05;
  return Math.round(Math.min(s, 0.95) * 100) / 100;
}

export const consoleSession: Linker = {
  name: 'console-session',
  method: 'inferred',
  run(db) {
    let written = 0;
    for (const key of unissuedTemporaryKeys(db)) {
      const logins = consoleLoginsNear(db, key.actor_id, key.session_start - BEFORE_MS, key.session_start + AFTER_MS).filter(
        (login) => !key.identity_arn || !login.identity_arn || login.identity_arn === key.identity_arn,
      );
      deleteInferredLinksTo(db, key.credential, 'issued');
      for (const login of logins) {
        const gap = key.session_start - login.time;
        const sameIp = !!key.ip && key.ip === login.ip;
        const confidence = score(gap, sameIp, !!key.identity_arn && key.identity_arn === login.identity_arn, key.console === 1);
        const when = `${Math.round(Math.abs(gap) / 1000)}s ${gap >= 0 ? 'after' : 'before'}`;
        insertLink(db, {
          from: login.id,
          to: key.credential,
          relation: 'issued',
          method: 'inferred',
          confidence,
          key: key.credential,
          reason: `no event returns ${key.credential}; its session began ${when} this ConsoleLogin by the same identity${
            sameIp ? `, from the same address ${key.ip}` : key.ip ? `, but from ${key.ip} (login from ${login.ip ?? 'unknown'})` : ''
          }`,
        });
        written++;
      }
    }
    return written;
  },
};
