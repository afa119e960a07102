import type { Db } from '../../db/client';
import {
  countCardRecords,
  findJob,
  insertCardRecords,
  nextUnpreparedCards,
  setPreparedRows,
  transitionJob,
} from '../../db/queries/jobs';
import { findKey } from '../../db/queries/keys';
import { findCardTemplateWithApplication } from '../../db/queries/templates';
import { toHex } from '../emv/bytes';
import type { HsmBridgeClient } from '../hsm/bridge-client';
import { recordAudit, type Actor } from '../services/audit-trail';
import { openCardholder } from '../services/cardholder-seal';

export const chunkSize = 100;

const runner: Actor = { id: null, name: 'Preparation worker', role: 'system', origin: 'worker' };

/**
 * Prepares an approved (or interrupted) job chunk by chunk. Each chunk is one transaction that
 * inserts its records keyed by (job, row) with ON CONFLICT DO NOTHING, so a worker that dies at any
 * point and starts again loses nothing and duplicates nothing.
 */
export async function prepareJob(db: Db, bridge: HsmBridgeClient, jobId: string): Promise<void> {
  const started = await transitionJob(db, { id: jobId, from: ['approved'], to: 'running' });
  const job = started ?? (await findJob(db, { id: jobId }));
  if (!job || job.status !== 'running') return;
  if (started) {
    await recordAudit(db, runner, {
      category: 'personalization',
      action: 'job.run',
      objectType: 'job',
      objectId: job.id,
      details: { reference: job.reference, from: 'approved', to: 'running' },
    });
  }
  try {
    const template = await findCardTemplateWithApplication(db, { id: job.cardTemplateId });
    const imk = await findKey(db, { id: job.imkKeyId });
    const kek = await findKey(db, { id: job.kekKeyId });
    if (!template || !imk || !kek)
      throw new Error('the job refers to a template or key that no longer exists');
    for (const key of [imk, kek]) {
      if (key.status !== 'active') {
        throw new Error(`key "${key.label}" is ${key.status}; a security officer must reactivate it`);
      }
    }
    const application = template.application;
    const constantTags = [
      { tag: '4F', value: application.aid },
      { tag: '50', value: toHex(Buffer.from(application.applicationLabel, 'ascii')) },
      ...application.tags,
    ];
    for (;;) {
      const cards = await nextUnpreparedCards(db, { jobId, limit: chunkSize });
      if (cards.length === 0) break;
      const holders = cards.map((card) =>
        openCardholder(card.cardholderSealed, `${jobId}/${card.rowNumber}`),
      );
      const derived = await bridge.call('deriveIccMasterKeys', {
        issuerMasterKeyRef: imk.hsmKeyRef,
        kekRef: kek.hsmKeyRef,
        method: 'A',
        cards: holders.map((holder) => ({ pan: holder.pan, psn: holder.psn })),
      });
      await db.transaction(async (tx) => {
        await insertCardRecords(
          tx,
          cards.map((card, i) => ({
            jobId,
            rowNumber: card.rowNumber,
            panMasked: card.panMasked,
            cardholderSealed: card.cardholderSealed,
            application: {
              aid: application.aid,
              kekKeyRef: kek.id,
              kekKcv: derived.kek.kcv,
              tags: constantTags,
              secrets: [
                { name: 'MK-AC', cryptogram: derived.keys[i]!.cryptogram, kcv: derived.keys[i]!.kcv },
              ],
            },
          })),
        );
        await setPreparedRows(tx, { jobId, preparedRows: await countCardRecords(tx, { jobId }) });
      });
    }
    const prepared = await countCardRecords(db, { jobId });
    await db.transaction(async (tx) => {
      await transitionJob(tx, { id: jobId, from: ['running'], to: 'prepared' });
      await recordAudit(tx, runner, {
        category: 'personalization',
        action: 'job.prepared',
        objectType: 'job',
        objectId: job.id,
        details: { reference: job.reference, from: 'running', to: 'prepared', records: prepared },
      });
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await transitionJob(db, { id: jobId, from: ['running'], to: 'failed', failureReason: reason });
    await recordAudit(db, runner, {
      category: 'alert',
      action: 'job.failed',
      objectType: 'job',
      objectId: jobId,
      result: 'failed',
      details: { reference: job.reference, reason },
    });
  }
}
