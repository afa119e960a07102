/**
 * DGIs as they travel in STORE DATA (EMV CPS v1.1 section 4.3.5): a 2-byte DGI number, a length (one
 * byte below 255, else FF and two bytes), then the data. A DGI longer than one command carries is
 * continued in the next STORE DATA, so the card reassembles a stream across commands.
 */
import { toHex } from '../bytes';

export interface ReceivedDgi {
  /** Four upper-case hex digits. */
  dgi: string;
  data: Buffer;
}

/**
 * Splits off every complete DGI at the front of `stream`; `rest` holds an incomplete DGI still
 * waiting for the next STORE DATA.
 */
export function takeCompleteDgis(stream: Buffer): { dgis: ReceivedDgi[]; rest: Buffer } {
  const dgis: ReceivedDgi[] = [];
  let pos = 0;
  for (;;) {
    if (stream.length - pos < 3) break;
    let length = stream[pos + 2]!;
    let header = 3;
    if (length === 0xff) {
      if (stream.length - pos < 5) break;
      length = stream.readUInt16BE(pos + 3);
      header = 5;
    }
    if (stream.length - pos < header + length) break;
    dgis.push({
      dgi: toHex(stream.subarray(pos, pos + 2)),
      data: Buffer.from(stream.subarray(pos + header, pos + header + length)),
    });
    pos += header + length;
  }
  return { dgis, rest: Buffer.from(stream.subarray(pos)) };
}
