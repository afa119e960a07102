import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { caPublicKeys } from '../schema/ca-public-keys';
import { issuerCertificates, issuerKeys } from '../schema/issuer-keys';
import { keys } from '../schema/keys';
import { cardProfiles, cardProfileVersions } from '../schema/profiles';

/** Approved profile versions, newest first: what a job can be prepared from. */
export async function listApprovedProfileVersions(db: Db) {
  return db
    .select({
      id: cardProfileVersions.id,
      profileId: cardProfiles.id,
      profileName: cardProfiles.name,
      number: cardProfileVersions.number,
      approvedAt: cardProfileVersions.approvedAt,
    })
    .from(cardProfileVersions)
    .innerJoin(cardProfiles, eq(cardProfiles.id, cardProfileVersions.profileId))
    .where(eq(cardProfileVersions.status, 'approved'))
    .orderBy(cardProfiles.name, desc(cardProfileVersions.number));
}

/** Active keys, by label: the candidates for a job's keys. */
export async function listActiveKeys(db: Db) {
  return db
    .select({ id: keys.id, label: keys.label, usage: keys.usage, algorithm: keys.algorithm, kcv: keys.kcv })
    .from(keys)
    .where(eq(keys.status, 'active'))
    .orderBy(keys.label);
}

/** Issuer certificates whose issuer key is active, with the CA key each was made with. */
export async function listUsableIssuerCertificates(db: Db) {
  return db
    .select({
      id: issuerCertificates.id,
      issuerKeyLabel: keys.label,
      rsaBits: keys.rsaBits,
      environment: issuerCertificates.environment,
      source: issuerCertificates.source,
      issuerIdentifier: issuerCertificates.issuerIdentifier,
      expiry: issuerCertificates.expiry,
      rid: caPublicKeys.rid,
      caIndex: caPublicKeys.index,
    })
    .from(issuerCertificates)
    .innerJoin(issuerKeys, eq(issuerKeys.id, issuerCertificates.issuerKeyId))
    .innerJoin(keys, and(eq(keys.id, issuerKeys.keyId), eq(keys.status, 'active')))
    .innerJoin(caPublicKeys, eq(caPublicKeys.id, issuerCertificates.caPublicKeyId))
    .orderBy(keys.label);
}
