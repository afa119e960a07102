import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { caPublicKeys, issuerCertificates, issuerKeys, keys, users } from '../schema';

export type IssuerKeyRow = typeof issuerKeys.$inferSelect;
export type IssuerCertificateRow = typeof issuerCertificates.$inferSelect;

export async function insertIssuerKey(db: Db, params: typeof issuerKeys.$inferInsert) {
  const [row] = await db.insert(issuerKeys).values(params).returning();
  return row!;
}

/** An issuer key record with its inventory row (label, HSM reference, status). */
export async function findIssuerKey(db: Db, params: { id: string }) {
  const [row] = await db
    .select({ issuerKey: issuerKeys, key: keys })
    .from(issuerKeys)
    .innerJoin(keys, eq(keys.id, issuerKeys.keyId))
    .where(eq(issuerKeys.id, params.id))
    .limit(1);
  return row ?? null;
}

const issuerKeySummary = {
  id: issuerKeys.id,
  keyId: issuerKeys.keyId,
  label: keys.label,
  rsaBits: keys.rsaBits,
  fingerprint: keys.kcv,
  keyStatus: keys.status,
  exponent: issuerKeys.exponent,
  issuerIdentifier: issuerKeys.issuerIdentifier,
  expiry: issuerKeys.expiry,
  serial: issuerKeys.serial,
  status: issuerKeys.status,
  /** Which lists its certificates come from, and whether one is from the workbench's TEST CA. */
  certifiedLive: sql<boolean>`exists (select 1 from ${issuerCertificates} where ${issuerCertificates.issuerKeyId} = ${issuerKeys.id} and ${issuerCertificates.environment} = 'live')`,
  certifiedTest: sql<boolean>`exists (select 1 from ${issuerCertificates} where ${issuerCertificates.issuerKeyId} = ${issuerKeys.id} and ${issuerCertificates.environment} = 'test')`,
  certifiedByTestCa: sql<boolean>`exists (select 1 from ${issuerCertificates} where ${issuerCertificates.issuerKeyId} = ${issuerKeys.id} and ${issuerCertificates.source} = 'workbench_test_ca')`,
  createdAt: issuerKeys.createdAt,
  createdByName: users.displayName,
};

export async function listIssuerKeys(db: Db) {
  return db
    .select(issuerKeySummary)
    .from(issuerKeys)
    .innerJoin(keys, eq(keys.id, issuerKeys.keyId))
    .innerJoin(users, eq(users.id, issuerKeys.createdBy))
    .orderBy(desc(issuerKeys.createdAt));
}

export async function getIssuerKeySummary(db: Db, params: { id: string }) {
  const [row] = await db
    .select(issuerKeySummary)
    .from(issuerKeys)
    .innerJoin(keys, eq(keys.id, issuerKeys.keyId))
    .innerJoin(users, eq(users.id, issuerKeys.createdBy))
    .where(eq(issuerKeys.id, params.id))
    .limit(1);
  return row ?? null;
}

export async function setIssuerKeyStatus(db: Db, params: { id: string; status: IssuerKeyRow['status'] }) {
  await db.update(issuerKeys).set({ status: params.status }).where(eq(issuerKeys.id, params.id));
}

export async function insertIssuerCertificate(db: Db, params: typeof issuerCertificates.$inferInsert) {
  const [row] = await db.insert(issuerCertificates).values(params).returning();
  return row!;
}

export async function findIssuerCertificateFor(
  db: Db,
  params: { issuerKeyId: string; caPublicKeyId: string },
) {
  const [row] = await db
    .select()
    .from(issuerCertificates)
    .where(
      and(
        eq(issuerCertificates.issuerKeyId, params.issuerKeyId),
        eq(issuerCertificates.caPublicKeyId, params.caPublicKeyId),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** An issuer key's certificates with the CA key each was checked with, newest first. */
export async function listIssuerCertificates(db: Db, params: { issuerKeyId: string }) {
  return db
    .select({
      id: issuerCertificates.id,
      environment: issuerCertificates.environment,
      source: issuerCertificates.source,
      issuerIdentifier: issuerCertificates.issuerIdentifier,
      expiry: issuerCertificates.expiry,
      serial: issuerCertificates.serial,
      hashOk: issuerCertificates.hashOk,
      certificate: issuerCertificates.certificate,
      remainder: issuerCertificates.remainder,
      exponent: issuerCertificates.exponent,
      caRid: caPublicKeys.rid,
      caIndex: caPublicKeys.index,
      caSource: caPublicKeys.source,
      addedAt: issuerCertificates.addedAt,
      addedByName: users.displayName,
    })
    .from(issuerCertificates)
    .innerJoin(caPublicKeys, eq(caPublicKeys.id, issuerCertificates.caPublicKeyId))
    .innerJoin(users, eq(users.id, issuerCertificates.addedBy))
    .where(eq(issuerCertificates.issuerKeyId, params.issuerKeyId))
    .orderBy(desc(issuerCertificates.addedAt));
}
