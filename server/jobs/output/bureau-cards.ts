import type { Db } from '../../../db/client';
import { listCardRecords } from '../../../db/queries/jobs';
import {
  applicationMacInput,
  type BureauCard,
  type BureauPart,
  type ChipApplication,
} from '../../bureau-file';
import type { HsmBridgeClient } from '../../hsm/bridge-client';
import { openPreparedCard } from '../card-preparation/profile-chunk';
import type { PreparedCardContent } from '../card-preparation/types';

const pageSize = 200;

function partsOf(content: PreparedCardContent, macs: string[]): BureauPart[] {
  const parts: BureauPart[] = [];
  if (content.surface.embossing.length > 0)
    parts.push({ module: 'embossing', lines: content.surface.embossing });
  if (content.surface.track1) parts.push({ module: 'track1', data: content.surface.track1 });
  if (content.surface.track2) parts.push({ module: 'track2', data: content.surface.track2 });
  parts.push({
    module: 'chip',
    applications: content.applications.map((app, i) => ({ ...app, mac: macs[i]! })),
  });
  return parts;
}

/**
 * The job's prepared cards in row order, as the bureau file carries them, each application with its
 * MAC computed in the HSM under the job's MAC key (one bridge call per page of cards).
 */
export async function* bureauCards(
  db: Db,
  bridge: HsmBridgeClient,
  job: { id: string },
  macKeyRef: string,
): AsyncGenerator<BureauCard> {
  let sequence = 0;
  for (let offset = 0; ; offset += pageSize) {
    const page = await listCardRecords(db, { jobId: job.id, limit: pageSize, offset });
    const cards = page.map((record) => {
      return { sequence: ++sequence, row: record.rowNumber, content: openPreparedCard(job.id, record) };
    });
    const items = cards.flatMap((card) =>
      card.content.applications.map((app) =>
        applicationMacInput(card, { ...app, mac: '' } as ChipApplication)
          .toString('hex')
          .toUpperCase(),
      ),
    );
    const macs: string[] = [];
    for (let at = 0; at < items.length; at += 500) {
      const answer = await bridge.call('macOutputData', { macKeyRef, items: items.slice(at, at + 500) });
      macs.push(...answer.macs);
    }
    let next = 0;
    for (const card of cards) {
      const count = card.content.applications.length;
      yield {
        sequence: card.sequence,
        row: card.row,
        parts: partsOf(card.content, macs.slice(next, next + count)),
      };
      next += count;
    }
    if (page.length < pageSize) return;
  }
}
