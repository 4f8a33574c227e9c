// Inferred: a SAML federation into AWS follows the identity provider's sign-in that issued the assertion.
// No id joins them (CloudTrail logs no assertion id), so the rule is the same person (one merged identity:
// the SAML subject's e-mail is the IdP user's), an IdP single sign-on shortly before the AssumeRoleWithSAML
// (assertions are valid for minutes), ideally to an AWS app and from the same address.
import { deleteInferredLinksTo, eventsNamed, identityEventsBetween, insertLink, newIssuancesNamed } from '../../store/lineage.js';
import type { Linker } from './types.js';

/** Federation calls always return a credential, so they are found through the issuance index. */
const FEDERATION_CALLS = ['sts:AssumeRoleWithSAML'] as const;
/** IdP events that hand a SAML assertion to an app. */
const IDP_SIGN_INS = ['okta:user.authentication.sso', 'entra:signin.interactive'] as const;
const IDP_FORMATS = ['okta', 'entra-signin'] as const;
/** SAML assertions are short-lived (Okta and Entra default to 5 minutes): the sign-in precedes the call. */
const BEFORE_MS = 5 * 60_000;
const SKEW_MS = 60_000;

function score(gapMs: number, awsApp: boolean, sameIp: boolean): number {
  let s = 0.6;
  if (awsApp) s += 0.15;
  if (sameIp) s += 0.1;
  if (gapMs <= 60_000) s += 0.1;
  return Math.round(Math.min(s, 0.95) * 100) / 100;
}

export const samlFederation: Linker = {
  name: 'saml-federation',
  method: 'inferred',
  run(db, { afterSeq }) {
    // New IdP sign-ins may explain federations imported earlier: then every federation is looked at again.
    const since = eventsNamed(db, afterSeq, IDP_FORMATS, IDP_SIGN_INS).length ? 0 : afterSeq;
    let written = 0;
    for (const call of newIssuancesNamed(db, since, FEDERATION_CALLS)) {
      const candidates = identityEventsBetween(db, call.actor_id, IDP_SIGN_INS, call.time - BEFORE_MS, call.time + SKEW_MS);
      deleteInferredLinksTo(db, call.id, 'issued');
      for (const idp of candidates) {
        const gap = call.time - idp.time;
        const awsApp = /\b(aws|amazon)\b/i.test(idp.target ?? '');
        const sameIp = !!idp.ip && idp.ip === call.ip;
        insertLink(db, {
          from: idp.id,
          to: call.id,
          relation: 'issued',
          method: 'inferred',
          confidence: score(Math.abs(gap), awsApp, sameIp),
          key: `identity-of:${call.actor_id}`,
          reason: `no assertion id is logged: the same person signed in at the identity provider ${Math.round(Math.abs(gap) / 1000)}s ${
            gap >= 0 ? 'before' : 'after'
          } this SAML federation${awsApp ? ', to an AWS app' : ''}${sameIp ? `, from the same address ${call.ip}` : ''}${
            candidates.length > 1 ? ` (one of ${candidates.length} sign-ins that could explain it)` : ''
          }`,
        });
        written++;
      }
    }
    return written;
  },
};
