/**
 * The bureau files of a prepared profile job (docs/formats.md, "Files for the bureau"), written once
 * when preparation ends and sealed at rest: the CPS file, the same content as JSON Lines, and the
 * manifest with their sizes and SHA-256, MACed in the HSM under the job's own MAC key (usage M1), which
 * travels to the bureau encrypted under the KEK. Idempotent: a worker killed while writing leaves a
 * .part file and no row, and the next run writes the file again; a file already recorded is kept.
 */
import type { Db } from '../../../db/client';
import { insertJobOutputFile, listJobOutputFiles, setOutputMacKey } from '../../../db/queries/job-outputs';
import { insertKey } from '../../../db/queries/keys';
import type { JobRow } from '../../../db/queries/jobs';
import { findProfileVersion } from '../../../db/queries/profiles';
import {
  buildManifest,
  manifestText,
  writeCpsFile,
  writeJsonLinesFile,
  type BureauFileHeader,
  type ManifestFile,
} from '../../bureau-file';
import type { HsmBridgeClient } from '../../hsm/bridge-client';
import { findKey } from '../../../db/queries/keys';
import { bureauCards } from './bureau-cards';
import { writeSealedOutput, type OutputKind } from './output-store';
import { openPreparedCard, preparationContext } from '../card-preparation/profile-chunk';
import { listCardRecords } from '../../../db/queries/jobs';
import type { OutputMacKey } from '../../../db/schema';

export const outputFileName = (reference: string, kind: OutputKind) =>
  kind === 'manifest' ? `${reference}.manifest.json` : `${reference}.${kind}`;

/** The job's MAC key: made in the HSM the first time, recorded in the inventory and on the job. */
async function outputMacKey(
  db: Db,
  bridge: HsmBridgeClient,
  job: JobRow,
  kekRef: string,
): Promise<OutputMacKey> {
  if (job.outputMacKey) return job.outputMacKey;
  const made = await bridge.call('createOutputMacKey', { label: `Bureau MAC ${job.reference}`, kekRef });
  const status = await bridge.call('status', {});
  const key = await insertKey(db, {
    label: `Bureau MAC ${job.reference}`,
    usage: 'M1',
    algorithm: 'TDES2',
    kcv: made.kcv,
    backend: `${status.backend}:${status.token}`,
    hsmKeyRef: made.keyRef,
    createdBy: null,
  });
  const macKey = { keyId: key.id, cryptogram: made.underKek.cryptogram, kcv: made.underKek.kcv };
  await setOutputMacKey(db, { jobId: job.id, key: macKey });
  return macKey;
}

export async function writeOutputFiles(db: Db, bridge: HsmBridgeClient, job: JobRow): Promise<void> {
  const written = new Map((await listJobOutputFiles(db, { jobId: job.id })).map((f) => [f.kind, f]));
  if (written.has('manifest')) return;
  const ctx = await preparationContext(db, job);
  const version = await findProfileVersion(db, { id: job.profileVersionId! });
  const macKey = await outputMacKey(db, bridge, job, ctx.keys.kek.hsmKeyRef);
  const macKeyRow = await findKey(db, { id: macKey.keyId });
  if (!macKeyRow) throw new Error(`the job's MAC key ${macKey.keyId} is not in the inventory`);
  const header: BureauFileHeader = {
    job: job.reference,
    profile: { name: ctx.document.name, version: version!.number },
    createdAt: macKeyRow.createdAt.toISOString(),
    kek: { id: ctx.keys.kek.id, kcv: ctx.keys.kek.kcv },
    macKey: { cryptogram: macKey.cryptogram, kcv: macKey.kcv },
  };
  const files: ManifestFile[] = [];
  for (const kind of ['cps', 'jsonl'] as const) {
    const fileName = outputFileName(job.reference, kind);
    let file = written.get(kind);
    if (!file) {
      const source = bureauCards(db, bridge, job, macKeyRow.hsmKeyRef);
      const digest = await writeSealedOutput(
        job.id,
        kind,
        (kind === 'cps' ? writeCpsFile : writeJsonLinesFile)(header, source),
      );
      await insertJobOutputFile(db, { jobId: job.id, kind, fileName, ...digest });
      file = (await listJobOutputFiles(db, { jobId: job.id })).find((f) => f.kind === kind)!;
    }
    files.push({ name: file.fileName, kind, bytes: file.bytes, sha256: file.sha256 });
  }
  // Every card of a job carries the same applications (the profile's, with its PSE and PPSE).
  const [first] = await listCardRecords(db, { jobId: job.id, limit: 1, offset: 0 });
  const perCard = first ? openPreparedCard(job.id, first).applications.length : 0;
  const cards = job.preparedRows;
  const applications = cards * perCard;
  const manifest = await buildManifest({ header, counts: { cards, applications }, files }, async (input) => {
    const answer = await bridge.call('macOutputData', {
      macKeyRef: macKeyRow.hsmKeyRef,
      items: [input.toString('hex').toUpperCase()],
    });
    return answer.macs[0]!;
  });
  const text = manifestText(manifest);
  const digest = await writeSealedOutput(
    job.id,
    'manifest',
    (async function* () {
      yield Buffer.from(text, 'utf8');
    })(),
  );
  await insertJobOutputFile(db, {
    jobId: job.id,
    kind: 'manifest',
    fileName: outputFileName(job.reference, 'manifest'),
    ...digest,
  });
}
