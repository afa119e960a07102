/**
 * Per-interface views of an application: which records each interface reads, the FCI and GPO data it
 * uses (its own, or the other interface's where they do not differ), and the AIP and AFL the designer
 * computes from them.
 */
import { computeAfl, computeAflEntries, type AflEntry } from './afl';
import { computeAip } from './aip';
import type { ApplicationTemplate, ProcessingData, RecordSpec, SelectionData } from './schema/application';
import type { InterfaceName } from './schema/common';

export function interfacesOf(app: ApplicationTemplate): InterfaceName[] {
  return app.interfaces === 'both' ? ['contact', 'contactless'] : [app.interfaces];
}

const other = (name: InterfaceName): InterfaceName => (name === 'contact' ? 'contactless' : 'contact');

export function selectionFor(app: ApplicationTemplate, name: InterfaceName): SelectionData | undefined {
  return app[name]?.selection ?? app[other(name)]?.selection;
}

export function processingFor(app: ApplicationTemplate, name: InterfaceName): ProcessingData | undefined {
  return app[name]?.processing ?? app[other(name)]?.processing;
}

/** Whether the interface has its own selection or processing data, rather than the other's. */
export function hasOwn(
  app: ApplicationTemplate,
  name: InterfaceName,
  part: 'selection' | 'processing',
): boolean {
  return app[name]?.[part] !== undefined;
}

export function recordsFor(app: ApplicationTemplate, name: InterfaceName): RecordSpec[] {
  return app.records.filter((record) => (record.interfaces ?? interfacesOf(app)).includes(name));
}

export function aflEntriesFor(app: ApplicationTemplate, name: InterfaceName): AflEntry[] {
  const records = recordsFor(app, name);
  return computeAflEntries(
    records,
    records.filter((record) => record.oda),
  );
}

export function computedAfl(app: ApplicationTemplate, name: InterfaceName): Buffer {
  const records = recordsFor(app, name);
  return computeAfl(
    records,
    records.filter((record) => record.oda),
  );
}

export function computedAip(app: ApplicationTemplate, name: InterfaceName): Buffer | undefined {
  const processing = processingFor(app, name);
  if (!processing) return undefined;
  return computeAip({
    oda: processing.oda,
    cardholderVerification: app.cvm.rules.length > 0,
    terminalRiskManagement: processing.terminalRiskManagement,
    issuerAuthentication: processing.issuerAuthentication,
    onDeviceCvm: processing.onDeviceCvm,
  });
}

/** The AIP the card returns: the override when there is one, else the computed value. */
export function aipFor(app: ApplicationTemplate, name: InterfaceName): Buffer | undefined {
  const override = processingFor(app, name)?.aipOverride;
  return override ? Buffer.from(override, 'hex') : computedAip(app, name);
}

export function aflFor(app: ApplicationTemplate, name: InterfaceName): Buffer {
  const override = processingFor(app, name)?.aflOverride;
  return override ? Buffer.from(override, 'hex') : computedAfl(app, name);
}
