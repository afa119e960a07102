import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { cardProfiles, cardProfileVersions, users, type ProfileCheckSummary } from '../schema';

export type CardProfileRow = typeof cardProfiles.$inferSelect;
export type CardProfileVersionRow = typeof cardProfileVersions.$inferSelect;
export type ProfileVersionStatus = CardProfileVersionRow['status'];

export interface InsertCardProfileParams {
  name: string;
  createdBy: string;
}

export async function insertCardProfile(db: Db, params: InsertCardProfileParams) {
  const [row] = await db.insert(cardProfiles).values(params).returning();
  return row!;
}

export async function findCardProfile(db: Db, params: { id: string }) {
  const [row] = await db.select().from(cardProfiles).where(eq(cardProfiles.id, params.id)).limit(1);
  return row ?? null;
}

export async function findCardProfileByName(db: Db, params: { name: string }) {
  const [row] = await db.select().from(cardProfiles).where(eq(cardProfiles.name, params.name)).limit(1);
  return row ?? null;
}

export async function renameCardProfile(db: Db, params: { id: string; name: string }) {
  const [row] = await db
    .update(cardProfiles)
    .set({ name: params.name })
    .where(eq(cardProfiles.id, params.id))
    .returning();
  return row ?? null;
}

/** Locks the profile row until commit, so two saves cannot take the same version number. */
export async function lockCardProfile(db: Db, params: { id: string }) {
  const [row] = await db
    .select()
    .from(cardProfiles)
    .where(eq(cardProfiles.id, params.id))
    .for('update')
    .limit(1);
  return row ?? null;
}

export async function nextProfileVersionNumber(db: Db, params: { profileId: string }): Promise<number> {
  const [row] = await db
    .select({ last: sql<number>`coalesce(max(${cardProfileVersions.number}), 0)::int` })
    .from(cardProfileVersions)
    .where(eq(cardProfileVersions.profileId, params.profileId));
  return (row?.last ?? 0) + 1;
}

export interface InsertProfileVersionParams {
  profileId: string;
  number: number;
  document: unknown;
  checkSummary: ProfileCheckSummary;
  note?: string | null;
  authorId: string;
}

export async function insertProfileVersion(db: Db, params: InsertProfileVersionParams) {
  const [row] = await db.insert(cardProfileVersions).values(params).returning();
  return row!;
}

export async function findProfileVersion(db: Db, params: { id: string }) {
  const [row] = await db
    .select()
    .from(cardProfileVersions)
    .where(eq(cardProfileVersions.id, params.id))
    .limit(1);
  return row ?? null;
}

export async function findProfileVersionByNumber(db: Db, params: { profileId: string; number: number }) {
  const [row] = await db
    .select()
    .from(cardProfileVersions)
    .where(
      and(eq(cardProfileVersions.profileId, params.profileId), eq(cardProfileVersions.number, params.number)),
    )
    .limit(1);
  return row ?? null;
}

const author = alias(users, 'author');
const approver = alias(users, 'approver');
const rejecter = alias(users, 'rejecter');

/** The versions of a profile, newest first, with the names of who wrote and decided them (no document). */
export async function listProfileVersions(db: Db, params: { profileId: string }) {
  return db
    .select({
      id: cardProfileVersions.id,
      number: cardProfileVersions.number,
      status: cardProfileVersions.status,
      checkSummary: cardProfileVersions.checkSummary,
      note: cardProfileVersions.note,
      authorId: cardProfileVersions.authorId,
      authorName: author.displayName,
      createdAt: cardProfileVersions.createdAt,
      submittedAt: cardProfileVersions.submittedAt,
      approvedByName: approver.displayName,
      approvedAt: cardProfileVersions.approvedAt,
      rejectedByName: rejecter.displayName,
      rejectedAt: cardProfileVersions.rejectedAt,
      rejectionReason: cardProfileVersions.rejectionReason,
    })
    .from(cardProfileVersions)
    .innerJoin(author, eq(author.id, cardProfileVersions.authorId))
    .leftJoin(approver, eq(approver.id, cardProfileVersions.approvedBy))
    .leftJoin(rejecter, eq(rejecter.id, cardProfileVersions.rejectedBy))
    .where(eq(cardProfileVersions.profileId, params.profileId))
    .orderBy(desc(cardProfileVersions.number));
}

/** Every profile with its latest version and its latest approved version number. */
export async function listCardProfiles(db: Db) {
  const latest = db
    .selectDistinctOn([cardProfileVersions.profileId], {
      profileId: cardProfileVersions.profileId,
      number: cardProfileVersions.number,
      status: cardProfileVersions.status,
      checkSummary: cardProfileVersions.checkSummary,
      createdAt: cardProfileVersions.createdAt,
    })
    .from(cardProfileVersions)
    .orderBy(cardProfileVersions.profileId, desc(cardProfileVersions.number))
    .as('latest');
  const approved = db
    .select({
      profileId: cardProfileVersions.profileId,
      number: sql<number | null>`max(${cardProfileVersions.number})::int`.as('approved_number'),
    })
    .from(cardProfileVersions)
    .where(eq(cardProfileVersions.status, 'approved'))
    .groupBy(cardProfileVersions.profileId)
    .as('approved');
  return db
    .select({
      id: cardProfiles.id,
      name: cardProfiles.name,
      createdAt: cardProfiles.createdAt,
      createdByName: users.displayName,
      latestNumber: latest.number,
      latestStatus: latest.status,
      latestCheckSummary: latest.checkSummary,
      latestSavedAt: latest.createdAt,
      approvedNumber: approved.number,
    })
    .from(cardProfiles)
    .innerJoin(users, eq(users.id, cardProfiles.createdBy))
    .innerJoin(latest, eq(latest.profileId, cardProfiles.id))
    .leftJoin(approved, eq(approved.profileId, cardProfiles.id))
    .orderBy(asc(cardProfiles.name));
}

/**
 * Moves a version from one of `from` to `to` (with who and when); null when it was not in `from`
 * any more, so a concurrent decision is never overwritten.
 */
export async function transitionProfileVersion(
  db: Db,
  params: {
    id: string;
    from: ProfileVersionStatus[];
    to: ProfileVersionStatus;
    by: string;
    rejectionReason?: string;
  },
) {
  const now = new Date();
  const who =
    params.to === 'submitted'
      ? { submittedBy: params.by, submittedAt: now }
      : params.to === 'approved'
        ? { approvedBy: params.by, approvedAt: now }
        : params.to === 'rejected'
          ? { rejectedBy: params.by, rejectedAt: now, rejectionReason: params.rejectionReason ?? null }
          : {};
  const [row] = await db
    .update(cardProfileVersions)
    .set({ status: params.to, ...who })
    .where(and(eq(cardProfileVersions.id, params.id), inArray(cardProfileVersions.status, params.from)))
    .returning();
  return row ?? null;
}
