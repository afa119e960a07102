/**
 * The static data to be authenticated (EMV 4.4 Book 3 section 10.3), as preparation signs it: the
 * records the primary interface's AFL flags for offline data authentication, in AFL order (for SFIs 1
 * to 10 the value of the record template '70' only, for SFIs 11 to 30 the whole record with tag and
 * length), then the AIP when the SDA Tag List (9F4A) names it. Signed Static Application Data (Book 2
 * 5.4) and the ICC Public Key Certificate (Book 2 6.3, DDA/CDA) are both computed over these bytes.
 */
import { concat, fromHex, toHex } from '../bytes';
import { decodeTlv, findTag } from '../tlv/ber-tlv';
import { decodeAfl, recordsOfAfl } from './afl';
import type { BuiltDgi } from './dgis';

export interface StaticDataToSign {
  /** The records in the order they are signed, each with its data as the DGI holds it (hex). */
  records: { sfi: number; record: number; data: string }[];
  /** The AIP of the interface whose AFL was used (hex). */
  aip: string;
  bytes: Buffer;
}

/** The DGI that holds record `number` of `sfi` in the CPS mapping: SFI ‖ record number. */
export function recordDgi(sfi: number, number: number): string {
  return `${sfi.toString(16).padStart(2, '0')}${number.toString(16).padStart(2, '0')}`.toUpperCase();
}

/**
 * The GPO response the static data follows: the contact one when the application has it, else the
 * first in send order. Throws with the reason when a DGI the AFL points at is missing or incomplete.
 */
export function staticDataToSign(dgis: readonly BuiltDgi[]): StaticDataToSign {
  const gpo =
    dgis.find((d) => d.kind === 'gpo-response' && d.dgi === '9104') ??
    dgis.find((d) => d.kind === 'gpo-response');
  if (!gpo?.data)
    throw new Error('the application has no complete GPO response DGI (9104) to read the AFL from');
  const response = decodeTlv(fromHex(gpo.data));
  const aip = findTag(response, '82')?.value;
  const afl = findTag(response, '94')?.value;
  if (!aip || !afl) throw new Error(`DGI ${gpo.dgi} lacks the AIP (82) or the AFL (94)`);
  const records = recordsOfAfl(decodeAfl(afl).entries)
    .filter((record) => record.oda)
    .map(({ sfi, number }) => {
      const dgi = recordDgi(sfi, number);
      const data = dgis.find((d) => d.dgi === dgi)?.data;
      if (!data)
        throw new Error(
          `the AFL signs record ${number} of SFI ${sfi}, but DGI ${dgi} is missing or incomplete`,
        );
      return { sfi, record: number, data };
    });
  const parts = records.map((r) => (r.sfi <= 10 ? decodeTlv(fromHex(r.data))[0]!.value : fromHex(r.data)));
  const tagList = dgis
    .filter((d) => d.kind === 'record' && d.data)
    .map((d) => findTag(decodeTlv(fromHex(d.data!)), '9F4A')?.value)
    .find((value) => value !== undefined);
  const withAip = tagList !== undefined && toHex(tagList) === '82';
  return { records, aip: toHex(aip), bytes: concat(...parts, withAip ? aip : Buffer.alloc(0)) };
}
