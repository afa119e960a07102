/**
 * The Application File Locator (EMV 4.4 Book 3 10.2, tag 94): a list of 4-byte entries, each
 * SFI << 3, first record, last record, and the number of records from the first one that take part
 * in offline data authentication. Records that are read but not authenticated must follow the
 * authenticated ones of their entry, so an entry is cut where that order breaks.
 */

export interface RecordRef {
  sfi: number;
  number: number;
}

export interface AflEntry {
  sfi: number;
  first: number;
  last: number;
  /** Records, starting with `first`, that are in the static data to be authenticated. */
  odaCount: number;
}

const key = (record: RecordRef) => `${record.sfi}:${record.number}`;

/** The AFL entries for `records`, in SFI then record order, with `odaRecords` counted for ODA. */
export function computeAflEntries(
  records: readonly RecordRef[],
  odaRecords: readonly RecordRef[],
): AflEntry[] {
  const oda = new Set(odaRecords.map(key));
  const sorted = [...new Map(records.map((record) => [key(record), record])).values()].sort(
    (a, b) => a.sfi - b.sfi || a.number - b.number,
  );
  const entries: AflEntry[] = [];
  let current: AflEntry | undefined;
  for (const record of sorted) {
    const isOda = oda.has(key(record));
    const continues =
      current !== undefined &&
      current.sfi === record.sfi &&
      current.last + 1 === record.number &&
      // An authenticated record may only extend an entry whose records so far are all authenticated.
      (!isOda || current.odaCount === current.last - current.first + 1);
    if (continues && current) {
      current.last = record.number;
      if (isOda) current.odaCount += 1;
    } else {
      current = { sfi: record.sfi, first: record.number, last: record.number, odaCount: isOda ? 1 : 0 };
      entries.push(current);
    }
  }
  return entries;
}

export function encodeAfl(entries: readonly AflEntry[]): Buffer {
  return Buffer.from(entries.flatMap((entry) => [entry.sfi << 3, entry.first, entry.last, entry.odaCount]));
}

/** computeAfl(records, odaRecords): the AFL bytes for the records placed and those signed for ODA. */
export function computeAfl(records: readonly RecordRef[], odaRecords: readonly RecordRef[]): Buffer {
  return encodeAfl(computeAflEntries(records, odaRecords));
}

/** Reads an AFL, checking every entry as Book 3 10.2 requires; problems are messages, entries valid ones. */
export function decodeAfl(bytes: Uint8Array): { entries: AflEntry[]; problems: string[] } {
  const problems: string[] = [];
  const entries: AflEntry[] = [];
  if (bytes.length === 0 || bytes.length % 4 !== 0) {
    problems.push(`94 Application File Locator (AFL) must be a multiple of 4 bytes, got ${bytes.length}`);
  }
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4) {
    const [sfiByte, first, last, odaCount] = [
      bytes[offset]!,
      bytes[offset + 1]!,
      bytes[offset + 2]!,
      bytes[offset + 3]!,
    ];
    const n = offset / 4 + 1;
    const sfi = sfiByte >> 3;
    if ((sfiByte & 0x07) !== 0 || sfi < 1 || sfi > 30) {
      problems.push(
        `AFL entry ${n}: first byte ${hex(sfiByte)} is not an SFI from 1 to 30 shifted left by 3`,
      );
    } else if (first === 0 || last < first) {
      problems.push(`AFL entry ${n}: records ${first} to ${last} is not a range starting at 1 or more`);
    } else if (odaCount > last - first + 1) {
      problems.push(`AFL entry ${n}: ${odaCount} records for ODA, but the entry has ${last - first + 1}`);
    } else {
      entries.push({ sfi, first, last, odaCount });
    }
  }
  return { entries, problems };
}

/** The records an AFL lists, each with whether it is authenticated. */
export function recordsOfAfl(entries: readonly AflEntry[]): Array<RecordRef & { oda: boolean }> {
  return entries.flatMap((entry) =>
    Array.from({ length: entry.last - entry.first + 1 }, (_, i) => ({
      sfi: entry.sfi,
      number: entry.first + i,
      oda: i < entry.odaCount,
    })),
  );
}

function hex(byte: number): string {
  return `'${byte.toString(16).toUpperCase().padStart(2, '0')}'`;
}
