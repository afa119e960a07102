/**
 * Checks of one prepared application, after preparation and before anything is released (the job's
 * records page shows the problems; a job with any cannot be released): every DGI the template names
 * is there and complete, in the template's order; every record an AFL on the card points at exists;
 * lengths fit what the card and the commands can carry.
 */
import { fromHex } from '../bytes';
import { decodeTlv, findTag } from '../tlv/ber-tlv';
import { decodeAfl, recordsOfAfl } from './afl';
import type { BuiltDgi } from './dgis';
import type { ApplicationTemplate } from './schema/application';
import { recordDgi } from './static-data';

/** ISO/IEC 7816-4: a short READ RECORD response carries at most 256 bytes of data. */
const MAX_RECORD_BYTES = 256;
/** EMV CPS v1.1 section 2: a DGI's length field holds at most 'FFFF'. */
const MAX_DGI_BYTES = 0xffff;

export function checkPreparedApplication(app: ApplicationTemplate, dgis: readonly BuiltDgi[]): string[] {
  const problems: string[] = [];
  const byNumber = new Map(dgis.map((d) => [d.dgi, d]));
  const expected = app.cps.dgis.map((spec) => spec.dgi);
  if (expected.join() !== dgis.map((d) => d.dgi).join()) {
    problems.push(
      `the DGIs are ${dgis.map((d) => d.dgi).join(', ')}; the template sends ${expected.join(', ')}`,
    );
  }
  for (const spec of app.cps.dgis) {
    const dgi = byNumber.get(spec.dgi);
    if (!dgi) continue;
    for (const problem of dgi.problems) problems.push(`DGI ${spec.dgi} (${dgi.name}): ${problem}`);
    if (!dgi.complete || dgi.data === undefined) {
      if (dgi.problems.length === 0) problems.push(`DGI ${spec.dgi} (${dgi.name}) has no data`);
      continue;
    }
    const length = dgi.data.length / 2;
    if (length > MAX_DGI_BYTES)
      problems.push(`DGI ${spec.dgi} holds ${length} bytes, more than a DGI can carry`);
    if (spec.encrypted && (length === 0 || length % 8 !== 0)) {
      problems.push(
        `DGI ${spec.dgi} (${dgi.name}) is encrypted but holds ${length} bytes, not a whole number of 8-byte blocks`,
      );
    }
    if (dgi.kind === 'record' && length > MAX_RECORD_BYTES) {
      problems.push(
        `DGI ${spec.dgi} (${dgi.name}): the record is ${length} bytes; READ RECORD can return at most ${MAX_RECORD_BYTES}`,
      );
    }
  }
  for (const gpo of dgis.filter((d) => d.kind === 'gpo-response' && d.data)) {
    let afl: Buffer | undefined;
    try {
      afl = findTag(decodeTlv(fromHex(gpo.data!)), '94')?.value;
    } catch (error) {
      problems.push(`DGI ${gpo.dgi} (GPO response) is not valid TLV: ${(error as Error).message}`);
      continue;
    }
    if (!afl) {
      problems.push(`DGI ${gpo.dgi} (GPO response) has no AFL (94)`);
      continue;
    }
    for (const { sfi, number } of recordsOfAfl(decodeAfl(afl).entries)) {
      const dgi = byNumber.get(recordDgi(sfi, number));
      if (!dgi?.complete) {
        problems.push(
          `the AFL in DGI ${gpo.dgi} points at record ${number} of SFI ${sfi}, which the card does not get (DGI ${recordDgi(sfi, number)})`,
        );
      }
    }
  }
  return problems;
}
