/**
 * What the records builder shows beside the records: per interface, the AFL computed from the records
 * placed and those marked for ODA (Book 3 10.2) and the AIP computed from the ODA methods and the other
 * choices (Book 3 Annex C1), each decoded with names.
 */
import { computeAflEntries, type AflEntry } from '../afl';
import { AIP_BITS, bitName, decodeBits } from '../bits';
import { computedAfl, computedAip, interfacesOf, processingFor, recordsFor } from '../interfaces';
import type { ApplicationTemplate, OdaMethod } from '../schema/application';
import type { InterfaceName } from '../schema/common';

export interface InterfaceSummary {
  name: InterfaceName;
  /** Upper-case hex of 94. */
  afl: string;
  entries: AflEntry[];
  /** Upper-case hex of 82; absent when the interface has no processing data. */
  aip?: string;
  aipBits: string[];
  oda: OdaMethod[];
  /** Whether the AIP or AFL is typed by hand (only to reproduce a legacy card). */
  overridden: boolean;
}

export function interfaceSummaries(app: ApplicationTemplate): InterfaceSummary[] {
  return interfacesOf(app).map((name) => {
    const records = recordsFor(app, name);
    const aip = computedAip(app, name);
    const processing = processingFor(app, name);
    return {
      name,
      afl: computedAfl(app, name).toString('hex').toUpperCase(),
      entries: computeAflEntries(
        records,
        records.filter((record) => record.oda),
      ),
      ...(aip ? { aip: aip.toString('hex').toUpperCase() } : {}),
      aipBits: aip ? decodeBits(AIP_BITS, aip).ids.map((id) => bitName(AIP_BITS, id)) : [],
      oda: processing?.oda ?? [],
      overridden: processing?.aipOverride !== undefined || processing?.aflOverride !== undefined,
    };
  });
}

/** "SFI 1, records 1–2, 1 for ODA". */
export function describeAflEntry(entry: AflEntry): string {
  const records =
    entry.first === entry.last ? `record ${entry.first}` : `records ${entry.first}–${entry.last}`;
  return `SFI ${entry.sfi}, ${records}, ${entry.odaCount} for ODA`;
}

/** The ODA methods of the processing data `name` uses (its own or the other interface's). */
export function setOdaMethods(app: ApplicationTemplate, name: InterfaceName, methods: OdaMethod[]): void {
  const processing = processingFor(app, name);
  if (!processing) return;
  // Book 3 Annex C1 orders the AIP bits SDA, DDA, CDA; keep the JSON in that order.
  processing.oda = (['sda', 'dda', 'cda'] as const).filter((method) => methods.includes(method));
}
