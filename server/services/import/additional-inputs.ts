/**
 * The additional inputs of a job (e.g. a loyalty or transit application's data from another system),
 * joined to the cardholder file on a key column the card template names. An additional file is read
 * streaming and staged in the database (values sealed, the key only as a keyed digest) in batches of
 * `importBatchRows`; each batch of cardholder rows then looks up its partners with one query per
 * input. Memory holds at most one batch of either file, whatever their sizes.
 *
 * Rejected, with the row, the input, the field and the reason: an additional row without a key, two
 * additional rows with the same key (and the cardholder rows that would join them), a cardholder row
 * with no partner, and an additional row no cardholder row joined.
 */
import type { Db } from '../../../db/client';
import { digestingStream } from '../../bureau-file/file-digest';
import {
  countJoinedJobInputRows,
  deleteJobInputRows,
  findDuplicateJobInputKeys,
  findJobInputRowsByKey,
  insertJobInputRows,
  listUnjoinedJobInputRows,
  markJobInputRowsJoined,
  type StagedInputRow,
} from '../../../db/queries/job-inputs';
import { insertJobRejections } from '../../../db/queries/jobs';
import { maskPan } from '../../emv/pan';
import type { CardholderRules, InputProblem } from '../../emv/profile/input-rows';
import { joinedColumnKey } from '../../emv/profile/joined-columns';
import type { AdditionalInput } from '../../emv/profile/schema/card';
import { joinKeyDigest, openText, sealText } from '../cardholder-seal';
import {
  cardholderFileError,
  CardholderFileError,
  type AcceptedCard,
  type LayoutRow,
} from './cardholder-rows';
import type { TextEncodingName } from './csv-stream';
import { readCardholderRows } from './layout-rows';

/** Rows staged, looked up or reported together. */
export const joinBatchRows = 1000;

const controlCharacter = /\p{Cc}/u;

/** An additional input as the import joins it: the card template's definition and how keys are shown. */
export interface JoinedInput {
  input: AdditionalInput;
  /** The join key is a PAN (on either side): it is shown masked, first 6 and last 4. */
  keyIsPan: boolean;
}

export function joinedInputsOf(
  mainRules: CardholderRules,
  inputs: readonly AdditionalInput[],
): JoinedInput[] {
  return inputs.map((input) => ({
    input,
    keyIsPan:
      mainRules.input.columns.some((c) => c.name === input.joinsTo && c.role === 'pan') ||
      input.layout.columns.some((c) => c.name === input.joinColumn && c.role === 'pan'),
  }));
}

const shownKey = (joined: JoinedInput, key: string) => (joined.keyIsPan ? maskPan(key) : key);
const sealContext = (jobId: string, input: string, row: number) => `${jobId}/${input}/${row}`;
const rowList = (rows: readonly number[]) =>
  rows.length > 3 ? `${rows.slice(0, 3).join(', ')} and ${rows.length - 3} more` : rows.join(' and ');

export interface StagedFile {
  totalRows: number;
  rejectedRows: number;
  sha256: string;
  bytes: number;
}

/**
 * Reads one additional file into the staging rows of the job, checking each row (a key in the join
 * column, printable values) and, at the end, the keys held by more than one row. Throws
 * CardholderFileError, naming the input, for a file that is not in its layout at all.
 */
export async function stageAdditionalInput(
  tx: Db,
  params: {
    jobId: string;
    joined: JoinedInput;
    source: AsyncIterable<Uint8Array>;
    encoding: TextEncodingName;
  },
): Promise<StagedFile> {
  const { jobId, joined } = params;
  const { input } = joined;
  const file = digestingStream(params.source);
  let totalRows = 0;
  let rejectedRows = 0;
  let staged: StagedInputRow[] = [];
  let problems: InputProblem[] = [];
  const flush = async () => {
    await insertJobInputRows(tx, { jobId, input: input.name, rows: staged });
    await insertJobRejections(
      tx,
      problems.map((p) => ({ jobId, input: input.name, rowNumber: p.row, ...p })),
    );
    staged = [];
    problems = [];
  };
  try {
    const rules: CardholderRules = { input: input.layout };
    for await (const row of readCardholderRows(file.chunks, {
      encoding: params.encoding,
      rules,
      panless: true,
    })) {
      totalRows++;
      const rowProblems = checkAdditionalRow(joined, row);
      if (rowProblems.length > 0 || !('values' in row)) {
        problems.push(...rowProblems);
        rejectedRows++;
      } else {
        const key = row.values[input.joinColumn]!.trim();
        const values = Object.fromEntries(Object.entries(row.values).map(([k, v]) => [k, v.trim()]));
        staged.push({
          rowNumber: row.line,
          keyDigest: joinKeyDigest(input.name, key),
          valuesSealed: sealText(JSON.stringify(values), sealContext(jobId, input.name, row.line)),
        });
      }
      if (staged.length + problems.length >= joinBatchRows) await flush();
    }
    await flush();
  } catch (error) {
    const refusal = cardholderFileError(error, input.layout.kind);
    if (refusal) throw new CardholderFileError(`${input.label}: ${refusal.message}`);
    throw error;
  }
  for (const duplicate of await findDuplicateJobInputKeys(tx, { jobId, input: input.name })) {
    const reason = `The key in ${input.joinColumn} is also in row${duplicate.rowNumbers.length > 2 ? 's' : ''} ${rowList(duplicate.rowNumbers.filter((_, i) => i > 0))}: each key may be in one row of ${input.label} only`;
    await insertJobRejections(
      tx,
      duplicate.rowNumbers.map((rowNumber, i) => ({
        jobId,
        input: input.name,
        rowNumber,
        field: input.joinColumn,
        value: '(duplicate key)',
        reason:
          i === 0
            ? reason
            : `The key in ${input.joinColumn} is also in row ${duplicate.rowNumbers[0]}: each key may be in one row of ${input.label} only`,
      })),
    );
    rejectedRows += duplicate.rowNumbers.length;
  }
  return { totalRows, rejectedRows, ...file.digest() };
}

/** A row of an additional file: cut into its layout, a key in the join column, printable values. */
function checkAdditionalRow(joined: JoinedInput, row: LayoutRow): InputProblem[] {
  if (!('values' in row)) return [row.problem];
  const { input } = joined;
  const problems: InputProblem[] = [];
  for (const [column, raw] of Object.entries(row.values)) {
    const value = raw.trim();
    const isKey = column === input.joinColumn;
    if (isKey && value === '') {
      problems.push({
        row: row.line,
        field: column,
        value: '',
        reason: `The join column ${column} is empty: each row needs the key that joins it to a cardholder`,
      });
    } else if (controlCharacter.test(value)) {
      problems.push({
        row: row.line,
        field: column,
        value: '(control character)',
        reason: `${column} may hold only printable characters, not a tab, a line break or another control character`,
      });
    }
  }
  return problems;
}

/**
 * Joins one batch of accepted cardholder rows to every additional input: a row with exactly one
 * partner in each gets the partner's columns ("<input>.<column>"); any other row is rejected.
 */
export async function joinCardholderBatch(
  tx: Db,
  params: { jobId: string; inputs: readonly JoinedInput[]; accepted: AcceptedCard[] },
): Promise<{ accepted: AcceptedCard[]; rejected: InputProblem[] }> {
  let accepted = params.accepted;
  const rejected: InputProblem[] = [];
  for (const joined of params.inputs) {
    const { input } = joined;
    const keyOf = (card: AcceptedCard) => (card.record.columns[input.joinsTo] ?? '').trim();
    const digests = [...new Set(accepted.map(keyOf).filter((key) => key !== ''))].map((key) =>
      joinKeyDigest(input.name, key),
    );
    const partners = new Map<string, StagedInputRow[]>();
    for (const row of await findJobInputRowsByKey(tx, { jobId: params.jobId, input: input.name, digests })) {
      partners.set(row.keyDigest, [...(partners.get(row.keyDigest) ?? []), row]);
    }
    const kept: AcceptedCard[] = [];
    const joinedRows = new Set<number>();
    for (const card of accepted) {
      const key = keyOf(card);
      const found = key === '' ? [] : (partners.get(joinKeyDigest(input.name, key)) ?? []);
      const problem = (reason: string) =>
        rejected.push({
          row: card.row,
          field: input.joinsTo,
          value: key === '' ? '' : shownKey(joined, key),
          reason,
        });
      if (key === '') {
        problem(`${input.joinsTo} is empty, so the row cannot be joined to ${input.label}`);
      } else if (found.length === 0) {
        problem(`No row of ${input.label} has this key in ${input.joinColumn}`);
      } else if (found.length > 1) {
        problem(
          `Joins rows ${rowList(found.map((r) => r.rowNumber))} of ${input.label}, which hold the same key: correct that file`,
        );
      } else {
        const partner = found[0]!;
        const values = JSON.parse(
          openText(partner.valuesSealed, sealContext(params.jobId, input.name, partner.rowNumber)),
        ) as Record<string, string>;
        const columns = { ...card.record.columns };
        for (const [column, value] of Object.entries(values))
          columns[joinedColumnKey(input.name, column)] = value;
        kept.push({ row: card.row, record: { ...card.record, columns } });
        joinedRows.add(partner.rowNumber);
      }
    }
    await markJobInputRowsJoined(tx, { jobId: params.jobId, input: input.name, rowNumbers: [...joinedRows] });
    accepted = kept;
  }
  return { accepted, rejected };
}

/**
 * Once the cardholder file is read: rejects the rows of each additional input that no cardholder row
 * joined, counts the joined ones, and deletes the staging rows.
 */
export async function finishJoin(
  tx: Db,
  params: { jobId: string; inputs: readonly JoinedInput[] },
): Promise<Map<string, { joinedRows: number; unjoinedRows: number }>> {
  const counts = new Map<string, { joinedRows: number; unjoinedRows: number }>();
  for (const joined of params.inputs) {
    const { input } = joined;
    let afterRow = 0;
    let unjoinedRows = 0;
    for (;;) {
      const page = await listUnjoinedJobInputRows(tx, {
        jobId: params.jobId,
        input: input.name,
        afterRow,
        limit: joinBatchRows,
      });
      if (page.length === 0) break;
      await insertJobRejections(
        tx,
        page.map((row) => {
          const values = JSON.parse(
            openText(row.valuesSealed, sealContext(params.jobId, input.name, row.rowNumber)),
          ) as Record<string, string>;
          return {
            jobId: params.jobId,
            input: input.name,
            rowNumber: row.rowNumber,
            field: input.joinColumn,
            value: shownKey(joined, values[input.joinColumn] ?? ''),
            reason: `No accepted cardholder row has this key in ${input.joinsTo}`,
          };
        }),
      );
      unjoinedRows += page.length;
      afterRow = page[page.length - 1]!.rowNumber;
    }
    const joinedRows = await countJoinedJobInputRows(tx, { jobId: params.jobId, input: input.name });
    counts.set(input.name, { joinedRows, unjoinedRows });
  }
  await deleteJobInputRows(tx, { jobId: params.jobId });
  return counts;
}
