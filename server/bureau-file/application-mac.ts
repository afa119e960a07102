/**
 * The MAC of each chip application (docs/formats.md, "Application MAC"). Its input binds the card
 * (sequence number and input row) to every byte of the application as the CPS file encodes it (AID,
 * name, KEK id and KCV, and each DGI's number, flags, length and data, in send order), so changing a
 * byte, reordering DGIs or moving an application to another card is detected; each job has its own
 * MAC key, so an application from another job fails too.
 */
import { ByteSink } from './byte-fields';
import { bureauMac, bureauMacMatches } from './bureau-mac';
import { applicationLabel, cardLabel } from './content-rules';
import { encodeApplicationBody } from './cps-layout';
import type { BureauCard, ChipApplication, MacVerdict } from './types';

/** "DPAM": no application MAC input can be read as the manifest's MAC input, which starts with "{". */
export const applicationMacTag = Buffer.from('DPAM', 'ascii');

/** "DPAM" ‖ sequence (4 bytes) ‖ row (4 bytes) ‖ the application's CPS encoding without length and MAC. */
export function applicationMacInput(
  card: Pick<BureauCard, 'sequence' | 'row'>,
  application: ChipApplication,
): Buffer {
  return new ByteSink()
    .bytes(applicationMacTag)
    .u32(card.sequence)
    .u32(card.row)
    .bytes(encodeApplicationBody(application))
    .toBuffer();
}

/** The application's MAC under a clear MAC key: the bureau's computation, and the tests'. */
export function computeApplicationMac(
  card: Pick<BureauCard, 'sequence' | 'row'>,
  application: ChipApplication,
  macKey: Buffer,
): string {
  return bureauMac(macKey, applicationMacInput(card, application)).toString('hex').toUpperCase();
}

/** Checks the MAC of every application of the card's chip part; a card without one passes. */
export function verifyApplicationMacs(card: BureauCard, macKey: Buffer): MacVerdict {
  const problems: string[] = [];
  for (const part of card.parts) {
    if (part.module !== 'chip') continue;
    part.applications.forEach((app, index) => {
      if (!bureauMacMatches(macKey, applicationMacInput(card, app), app.mac)) {
        problems.push(
          `${cardLabel(card)}, ${applicationLabel(index, app.aid)}: the MAC does not match the application's data; do not personalize this card`,
        );
      }
    });
  }
  return { ok: problems.length === 0, problems };
}
