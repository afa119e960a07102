import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client';
import { lastAuditEvent } from '../../db/queries/audit';
import {
  insertAuditCheckpoint,
  lastAuditCheckpoint,
  listAuditCheckpoints,
} from '../../db/queries/audit-checkpoints';
import { findActiveKeyByLabel, insertKey } from '../../db/queries/keys';
import type { HsmBridgeClient } from '../hsm/bridge-client';
import { allAuditEventsInOrder } from '../../db/queries/audit';
import { recordAudit } from './audit-trail';

export const auditKeyLabel = 'Audit chain HMAC key';
const workbench = { id: null, name: 'Workbench', role: 'system', origin: 'audit' };

/** The audit chain's HMAC key (usage M7): made in the HSM the first time it is needed; it never leaves. */
export async function auditHmacKey(db: Db, bridge: HsmBridgeClient) {
  const existing = await findActiveKeyByLabel(db, { label: auditKeyLabel, usage: 'M7' });
  if (existing) return existing;
  const generated = await bridge.call('generateKey', {
    usage: 'M7',
    algorithm: 'HMAC256',
    label: auditKeyLabel,
  });
  const status = await bridge.call('status', {});
  const key = await insertKey(db, {
    label: auditKeyLabel,
    usage: 'M7',
    algorithm: 'HMAC256',
    kcv: generated.kcv,
    backend: `${status.backend}:${status.token}`,
    hsmKeyRef: generated.keyRef,
    createdBy: null,
  });
  await recordAudit(db, workbench, {
    category: 'management',
    action: 'key.generate',
    objectType: 'key',
    objectId: key.id,
    details: { label: key.label, usage: 'M7', algorithm: 'HMAC256', kcv: key.kcv },
  });
  return key;
}

function checkpointData(seq: number, chainHash: string): string {
  return Buffer.from(`dataprep-audit-checkpoint|${seq}|${chainHash}`).toString('hex').toUpperCase();
}

/**
 * Signs the head of the chain in the HSM, unless it is already signed. The checkpoint goes to its own
 * table and, one JSON line each, to a file outside the database (DATAPREP_AUDIT_CHECKPOINT_FILE).
 */
export async function writeAuditCheckpoint(db: Db, bridge: HsmBridgeClient, file = checkpointFile()) {
  // The key first: making it is itself an audit entry, which the checkpoint then covers.
  const key = await auditHmacKey(db, bridge);
  const head = await lastAuditEvent(db);
  if (!head || (await lastAuditCheckpoint(db))?.seq === head.seq) return null;
  const { mac } = await bridge.call('macAuditEntry', {
    hmacKeyRef: key.hsmKeyRef,
    data: checkpointData(head.seq, head.hash),
  });
  const checkpoint = await insertAuditCheckpoint(db, {
    seq: head.seq,
    chainHash: head.hash,
    mac,
    keyId: key.id,
  });
  if (checkpoint && file) {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(
      file,
      `${JSON.stringify({ seq: checkpoint.seq, chainHash: checkpoint.chainHash, mac, at: checkpoint.createdAt })}\n`,
      { mode: 0o600 },
    );
  }
  return checkpoint;
}

function checkpointFile(): string | null {
  if (process.env.DATAPREP_AUDIT_CHECKPOINT_FILE) return process.env.DATAPREP_AUDIT_CHECKPOINT_FILE;
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.DATAPREP_DATA_DIR ?? '.data',
    'audit-checkpoints.jsonl',
  );
}

export interface CheckpointVerification {
  ok: boolean;
  checked: number;
  lastSeq: number | null;
  /** The first checkpoint that does not hold, and why. */
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Each checkpoint's MAC is recomputed in the HSM, and the entry it names must still carry the hash it
 * signed: a trail rewritten with a recomputed SHA-256 chain fails here.
 */
export async function verifyAuditCheckpoints(
  db: Db,
  bridge: HsmBridgeClient,
): Promise<CheckpointVerification> {
  const checkpoints = await listAuditCheckpoints(db);
  const hashes = new Map((await allAuditEventsInOrder(db)).map((e) => [e.seq, e.hash]));
  const key = checkpoints.length ? await auditHmacKey(db, bridge) : null;
  for (const checkpoint of checkpoints) {
    const { mac } = await bridge.call('macAuditEntry', {
      hmacKeyRef: key!.hsmKeyRef,
      data: checkpointData(checkpoint.seq, checkpoint.chainHash),
    });
    const broken =
      mac !== checkpoint.mac
        ? 'the checkpoint was not signed by the workbench HSM'
        : hashes.get(checkpoint.seq) !== checkpoint.chainHash
          ? `the entry it signed (#${checkpoint.seq}) no longer has the hash it had: the trail was rewritten`
          : null;
    if (broken) {
      return {
        ok: false,
        checked: checkpoints.length,
        lastSeq: checkpoints.at(-1)!.seq,
        firstBrokenSeq: checkpoint.seq,
        reason: broken,
      };
    }
  }
  return {
    ok: true,
    checked: checkpoints.length,
    lastSeq: checkpoints.at(-1)?.seq ?? null,
    firstBrokenSeq: null,
    reason: null,
  };
}
