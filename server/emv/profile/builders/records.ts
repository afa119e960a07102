/**
 * The records builder: records (SFI, record number) and the data elements placed in them, and the
 * CPS mapping that follows them (EMV CPS v1.1 section 2: the record of SFI s, number n goes in DGI
 * s ‖ n; the SELECT and GPO responses go in 9102/9103 and 9104/9207 as ../cps-defaults.ts lays out).
 * Every change keeps the mapping in step, so the checks only report what the analyst must decide.
 */
import { dataElement, recordDgi } from '../../dictionary';
import { defaultCpsMapping } from '../cps-defaults';
import type { ApplicationTemplate, DgiSpec, RecordSpec } from '../schema/application';
import {
  CARD_FIELDS,
  GENERATED_ITEMS,
  type CardField,
  type GeneratedItem,
  type InterfaceName,
  type PlacedTlv,
  type ValueSource,
} from '../schema/common';
import { templateSection } from '../template-values';
import { familyOf } from '../values';

const RESPONSE_KINDS: ReadonlyArray<DgiSpec['content']['kind']> = ['select-response', 'gpo-response'];

/**
 * Maps every record to its DGI and drops DGIs of records that are gone (new ones go after the last
 * record DGI, in SFI and record order), and lays the SELECT and GPO response DGIs out as the defaults
 * do for the application's interfaces, where the first of them was. Other DGIs stay as they are.
 */
export function syncCpsMapping(app: ApplicationTemplate): void {
  const exists = (sfi: number, number: number) =>
    app.records.some((record) => record.sfi === sfi && record.number === number);
  let dgis = app.cps.dgis.filter(
    (spec) => spec.content.kind !== 'record' || exists(spec.content.sfi, spec.content.number),
  );
  const mapped = (record: RecordSpec) =>
    dgis.some(
      (spec) =>
        spec.content.kind === 'record' &&
        spec.content.sfi === record.sfi &&
        spec.content.number === record.number,
    );
  const missing = app.records
    .filter((record) => !mapped(record))
    .sort((a, b) => a.sfi - b.sfi || a.number - b.number);
  for (const record of missing) {
    const dgi: DgiSpec = {
      dgi: recordDgi(record.sfi, record.number),
      encrypted: false,
      content: { kind: 'record', sfi: record.sfi, number: record.number },
    };
    const after = dgis.findLastIndex(
      (spec) =>
        spec.content.kind === 'record' &&
        (spec.content.sfi < record.sfi ||
          (spec.content.sfi === record.sfi && spec.content.number < record.number)),
    );
    const firstRecord = dgis.findIndex((spec) => spec.content.kind === 'record');
    const at = after >= 0 ? after + 1 : firstRecord >= 0 ? firstRecord : 0;
    dgis.splice(at, 0, dgi);
  }
  const responses = defaultCpsMapping(app).filter((spec) => RESPONSE_KINDS.includes(spec.content.kind));
  const firstResponse = dgis.findIndex((spec) => RESPONSE_KINDS.includes(spec.content.kind));
  const lastRecord = dgis.findLastIndex((spec) => spec.content.kind === 'record');
  dgis = dgis.filter((spec) => !RESPONSE_KINDS.includes(spec.content.kind));
  const at = firstResponse >= 0 ? Math.min(firstResponse, dgis.length) : lastRecord + 1;
  dgis.splice(at, 0, ...responses);
  app.cps.dgis = dgis;
}

/** The next free record: the record after the last one of `sfi` (SFI 1 when there is none). */
export function nextRecord(app: ApplicationTemplate, sfi = 1): { sfi: number; number: number } {
  const numbers = app.records.filter((record) => record.sfi === sfi).map((record) => record.number);
  return { sfi, number: numbers.length ? Math.max(...numbers) + 1 : 1 };
}

/** Adds an empty record; refuses one that exists, with the reason. */
export function addRecord(app: ApplicationTemplate, sfi: number, number: number): string | undefined {
  if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30) return 'The SFI must be a number from 1 to 30.';
  if (!Number.isInteger(number) || number < 1 || number > 254)
    return 'The record number must be a number from 1 to 254.';
  if (app.records.some((record) => record.sfi === sfi && record.number === number))
    return `Record ${number} of SFI ${sfi} exists already.`;
  app.records.push({ sfi, number, oda: false, tlvs: [] });
  app.records.sort((a, b) => a.sfi - b.sfi || a.number - b.number);
  syncCpsMapping(app);
  return undefined;
}

export function removeRecord(app: ApplicationTemplate, index: number): void {
  app.records.splice(index, 1);
  syncCpsMapping(app);
}

/** Book 3 10.3: whether the record is in the static data to be authenticated. */
export function setRecordOda(app: ApplicationTemplate, index: number, oda: boolean): void {
  const record = app.records[index];
  if (record) record.oda = oda;
  syncCpsMapping(app);
}

/**
 * The interfaces whose AFL lists the record: every interface of the application (`undefined`) or one.
 * When the contact and contactless AFLs then differ, the contactless GPO response gets its own DGI.
 */
export function setRecordInterfaces(
  app: ApplicationTemplate,
  index: number,
  only: InterfaceName | undefined,
): void {
  const record = app.records[index];
  if (!record) return;
  if (only) record.interfaces = [only];
  else delete record.interfaces;
  syncCpsMapping(app);
}

export type SourceKind = ValueSource['from'];

export interface SourceOptions {
  kinds: SourceKind[];
  /** Card template fields that fill this tag. */
  cardFields: CardField[];
  /** Preparation items that fill this tag. */
  generated: GeneratedItem[];
  /** The template section that fills this tag, e.g. "cvm". */
  section?: string;
}

/**
 * The value sources that can fill `tag` (the same rules as the value checks): a structured section of
 * the template, a card template field, a preparation item, a cardholder column, or a constant. A
 * constructed tag holds children, not a value.
 */
export function sourceOptions(tag: string, app: Pick<ApplicationTemplate, 'family'>): SourceOptions {
  const cardFields = (Object.keys(CARD_FIELDS) as CardField[]).filter((field) =>
    (CARD_FIELDS[field] as readonly string[]).includes(tag),
  );
  const generated = (Object.keys(GENERATED_ITEMS) as GeneratedItem[]).filter(
    (item) => GENERATED_ITEMS[item] === tag,
  );
  const section = templateSection(tag, app.family);
  const kinds: SourceKind[] = [];
  if (section) kinds.push('template');
  if (cardFields.length) kinds.push('card');
  if (generated.length) kinds.push('generated');
  const element = dataElement(tag, familyOf(app as ApplicationTemplate));
  if (!element?.secret) kinds.push('cardholder', 'constant');
  return { kinds, cardFields, generated, ...(section ? { section } : {}) };
}

/** Places a data element at the end of the record at `recordIndex`. */
export function placeElement(
  app: ApplicationTemplate,
  recordIndex: number,
  tag: string,
  source: ValueSource,
): void {
  const record = app.records[recordIndex];
  if (!record) return;
  const tlv: PlacedTlv = { tag, source };
  record.tlvs.push(tlv);
}

/** Changes the value of a constant placed in a record; the value checks say what is wrong with it. */
export function setConstantValue(
  app: ApplicationTemplate,
  at: { record: number; tlv: number },
  value: string,
): void {
  const tlv = app.records[at.record]?.tlvs[at.tlv];
  if (tlv?.source?.from === 'constant') tlv.source = { from: 'constant', value };
}

export function removeElement(app: ApplicationTemplate, recordIndex: number, tlvIndex: number): void {
  app.records[recordIndex]?.tlvs.splice(tlvIndex, 1);
}

/** Moves a placed element to the end of another record. */
export function moveElement(
  app: ApplicationTemplate,
  from: { record: number; tlv: number },
  toRecord: number,
): void {
  const source = app.records[from.record];
  const target = app.records[toRecord];
  if (!source || !target || from.record === toRecord) return;
  const [tlv] = source.tlvs.splice(from.tlv, 1);
  if (tlv) target.tlvs.push(tlv);
}
