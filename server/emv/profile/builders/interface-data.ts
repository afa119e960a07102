/**
 * The interface data builder: what each interface of an application answers to SELECT (the FCI,
 * EMV Book 1 section 11.3.4, Table 43: A5 FCI Proprietary Template with 50, 87, 9F38, 5F2D, 9F11,
 * 9F12 and BF0C FCI Issuer Discretionary Data) and to GET PROCESSING OPTIONS (Book 3 section 6.5.8.4:
 * AIP 82, AFL 94 and the further data objects of format 2). The identity gives 50, 87, 5F2D, 9F11 and
 * 9F12 to every interface; the PDOL (DOLs editor), the other proprietary data objects, the BF0C
 * content and the GPO response data belong to each interface's own selection and processing data, or
 * are the other interface's where the interface has none of its own (../interfaces.ts).
 */
import { gpoResponseNodes, selectResponseNodes } from '../dgis';
import { hasOwn, interfacesOf } from '../interfaces';
import type { ApplicationTemplate, ProcessingData, SelectionData } from '../schema/application';
import type { CardTemplate } from '../schema/card';
import type { InterfaceName, PlacedTlv, ValueSource } from '../schema/common';
import type { PreviewNode } from '../tree';
import { madeUpCardholder } from './made-up-card';
import { syncCpsMapping } from './records';

/** The lists of data elements the analyst sets per interface. */
export type InterfacePart = 'proprietary' | 'issuerDiscretionary' | 'gpo';

export const INTERFACE_PARTS: ReadonlyArray<{ part: InterfacePart; label: string }> = [
  { part: 'proprietary', label: 'FCI Proprietary Template (A5), other data objects' },
  { part: 'issuerDiscretionary', label: 'FCI Issuer Discretionary Data (BF0C)' },
  { part: 'gpo', label: 'GPO response, data besides AIP and AFL' },
];

const other = (name: InterfaceName): InterfaceName => (name === 'contact' ? 'contactless' : 'contact');

export interface InterfaceDataView {
  name: InterfaceName;
  /** Whether the interface has its own selection (FCI) and processing (GPO) data, or uses the other's. */
  ownSelection: boolean;
  ownProcessing: boolean;
  /** The SELECT response (A5 …) and the GPO response data, decoded with names as the preview shows them. */
  fci: PreviewNode[];
  gpo: PreviewNode[];
}

/**
 * The FCI and GPO response of every interface of the application, with a made-up cardholder (the
 * preview's) when the card template is given, so elements filled from the card or the file show a value.
 */
export function interfaceDataViews(
  app: ApplicationTemplate,
  card?: CardTemplate,
  today = new Date(),
): InterfaceDataView[] {
  const ctx = { app, ...(card ? { card, cardData: madeUpCardholder(card, today) } : {}) };
  return interfacesOf(app).map((name) => ({
    name,
    ownSelection: hasOwn(app, name, 'selection'),
    ownProcessing: hasOwn(app, name, 'processing'),
    fci: selectResponseNodes(ctx, name),
    gpo: gpoResponseNodes(ctx, name),
  }));
}

/** The JSON path of a part's list, where the checks report its elements. */
export function partPath(appPath: string, name: InterfaceName, part: InterfacePart): string {
  return part === 'gpo'
    ? `${appPath}.${name}.processing.responseData`
    : `${appPath}.${name}.selection.${part}`;
}

/** The elements of a part the interface answers with: its own, or the other interface's. */
export function partElements(
  app: ApplicationTemplate,
  name: InterfaceName,
  part: InterfacePart,
): PlacedTlv[] {
  if (part === 'gpo') return (app[name]?.processing ?? app[other(name)]?.processing)?.responseData ?? [];
  return (app[name]?.selection ?? app[other(name)]?.selection)?.[part] ?? [];
}

/**
 * Gives the interface its own selection or processing data, a copy of what it used so far (the other
 * interface's), or drops it so the interface uses the other's again. Only an application on both
 * interfaces can share; the CPS mapping's response DGIs follow (9103/9207 for a contactless that differs).
 */
export function setOwn(
  app: ApplicationTemplate,
  name: InterfaceName,
  which: 'selection' | 'processing',
  own: boolean,
): string | undefined {
  if (app.interfaces !== 'both') return 'Only an application on both interfaces can share its data.';
  const theirs = app[other(name)]?.[which];
  if (own) {
    if (hasOwn(app, name, which)) return undefined;
    if (!theirs) return `Neither interface has ${which} data yet.`;
    app[name] = { ...app[name], [which]: structuredClone(theirs) };
  } else {
    if (!hasOwn(app, name, which)) return undefined;
    if (!hasOwn(app, other(name), which))
      return `The ${other(name)} interface has no ${which} data of its own to share.`;
    const spec = { ...app[name] };
    delete spec[which];
    if (spec.selection === undefined && spec.processing === undefined) delete app[name];
    else app[name] = spec;
  }
  syncCpsMapping(app);
  return undefined;
}

/**
 * The interface's own list for `part`, made first when the interface used the other's data (a copy, so
 * changing one interface never changes the other); undefined when the GPO data has no processing data.
 */
function ownList(
  app: ApplicationTemplate,
  name: InterfaceName,
  part: InterfacePart,
): PlacedTlv[] | undefined {
  if (part === 'gpo') {
    if (!hasOwn(app, name, 'processing') && setOwn(app, name, 'processing', true) !== undefined)
      return undefined;
    const processing: ProcessingData | undefined = app[name]?.processing;
    if (!processing) return undefined;
    processing.responseData ??= [];
    return processing.responseData;
  }
  if (!hasOwn(app, name, 'selection')) {
    if (app[other(name)]?.selection && app.interfaces === 'both') setOwn(app, name, 'selection', true);
    else {
      const fresh: SelectionData = { proprietary: [], issuerDiscretionary: [] };
      app[name] = { ...app[name], selection: fresh };
    }
  }
  return app[name]!.selection![part];
}

/** Places a data element at the end of a part of one interface. */
export function placeInterfaceElement(
  app: ApplicationTemplate,
  name: InterfaceName,
  part: InterfacePart,
  tag: string,
  source: ValueSource,
): string | undefined {
  const list = ownList(app, name, part);
  if (!list) return `The ${name} interface has no processing data: set its AIP in the Records editor first.`;
  list.push({ tag, source });
  return undefined;
}

/** Changes the value of a constant of one interface; the value checks say what is wrong with it. */
export function setInterfaceConstant(
  app: ApplicationTemplate,
  name: InterfaceName,
  part: InterfacePart,
  index: number,
  value: string,
): void {
  const tlv = ownList(app, name, part)?.[index];
  if (tlv?.source?.from === 'constant') tlv.source = { from: 'constant', value };
}

export function removeInterfaceElement(
  app: ApplicationTemplate,
  name: InterfaceName,
  part: InterfacePart,
  index: number,
): void {
  const list = ownList(app, name, part);
  list?.splice(index, 1);
  if (part === 'gpo' && list?.length === 0) delete app[name]!.processing!.responseData;
}
