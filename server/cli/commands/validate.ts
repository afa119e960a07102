/**
 * `npx dataprep validate FILE.cps`: cards of any CPS output file personalized into virtual cards and
 * run through an EMV transaction, by the workbench's HSM bridge (procedure validation.validateCards).
 * The file is read here, twice and streaming: once to count its cards and hash it, once to send the
 * sampled cards' chip applications in batches.
 */
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BureauFileError,
  digestingStream,
  parseCpsFile,
  type BureauCard,
  type ChipApplication,
} from '../../bureau-file';
import { maxValidationCardsPerCall } from '../../emv/hsm-commands/validation';
import { maskPan } from '../../emv/pan';
import { sampleSequences } from '../../jobs/validation/validate-job';
import { namedValues, oneOf, parseOptions, required, serverOptions } from '../cli-args';
import type { CliCommand } from '../cli-command';
import { CommandFailure, signedIn, type ApiOutput } from '../workbench/workbench-client';

type CardResult = ApiOutput['validation']['validateCards']['cards'][number];

/** The card's PAN as its track 2 or embossing carries it, masked (first six, last four). */
export function maskedPanOf(card: BureauCard): string {
  for (const part of card.parts) {
    if (part.module === 'track2') {
      const pan = /^;?(\d{12,19})[=D]/.exec(part.data)?.[1];
      if (pan) return maskPan(pan);
    }
    if (part.module === 'embossing') {
      const pan = part.lines.find((line) => line.name === 'pan')?.text.replace(/\s+/g, '');
      if (pan && /^\d{12,19}$/.test(pan)) return maskPan(pan);
    }
  }
  return '(no PAN on the card)';
}

async function* cards(file: string): AsyncGenerator<BureauCard> {
  for await (const event of parseCpsFile(createReadStream(file))) {
    if (event.kind === 'card') yield event.card;
  }
}

/** How many cards the file holds and its SHA-256, reading it through once (and so checking its layout). */
async function survey(file: string): Promise<{ cards: number; sha256: string }> {
  const tap = digestingStream(createReadStream(file));
  let count = 0;
  for await (const event of parseCpsFile(tap.chunks)) if (event.kind === 'card') count++;
  return { cards: count, sha256: tap.digest().sha256 };
}

interface Pending {
  card: BureauCard;
  maskedPan: string;
  applications: ChipApplication[];
}

export const validate: CliCommand = {
  name: 'validate',
  synopsis:
    'FILE.cps --profile-version ID --kek KEY_ID --imk KEY_ID [--issuer-certificate APP_ID=CERT_ID …] [--sample percent|all] [--report DIR]',
  summary:
    'run the virtual-card validation on the cards of any CPS output file (security officer); exit 1 when a card fails',
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...serverOptions,
        'profile-version': { type: 'string' },
        kek: { type: 'string' },
        imk: { type: 'string' },
        'issuer-certificate': { type: 'string', multiple: true },
        sample: { type: 'string' },
        report: { type: 'string' },
      },
      ['FILE.cps'],
    );
    const file = positionals[0]!;
    const parameters = {
      profileVersionId: required(
        values['profile-version'],
        'profile-version',
        'the profile version the file was prepared from',
      ),
      kekKeyId: required(values.kek, 'kek', 'the transport key (KEK) id the secret DGIs are under'),
      imkKeyId: required(values.imk, 'imk', 'the MK-AC (usage E0) id the ARQC is verified with'),
      issuerCertificates: namedValues(
        values['issuer-certificate'],
        'issuer-certificate',
        'APPLICATION_ID=CERTIFICATE_ID, e.g. credit-dda=…',
      ),
    };
    const mode = oneOf(values.sample, 'sample', ['percent', 'all'] as const) ?? 'percent';
    const { workbench } = signedIn(io, values);
    let surveyed;
    try {
      surveyed = await survey(file);
    } catch (error) {
      if (error instanceof BureauFileError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new CommandFailure(`${file}: ${(error as Error).message}`);
      }
      throw error;
    }
    if (surveyed.cards === 0)
      throw new CommandFailure(`${file} holds no cards: there is nothing to validate.`);
    const sample = sampleSequences(surveyed.cards, mode);
    if (values.report) mkdirSync(values.report, { recursive: true, mode: 0o700 });
    const results: Array<{ row: number; maskedPan: string; ok: boolean; failure: string | null }> = [];
    const fileRef = { name: path.basename(file), sha256: surveyed.sha256 };

    const record = (pending: Pending, result: Pick<CardResult, 'ok' | 'failure'> & { report?: unknown }) => {
      const { row } = pending.card;
      results.push({ row, maskedPan: pending.maskedPan, ok: result.ok, failure: result.failure });
      if (!values.json) io.out(cardLine(row, pending.maskedPan, result.ok, result.failure));
      if (values.report && result.report) {
        writeFileSync(
          path.join(values.report, `row-${row}.json`),
          `${JSON.stringify(result.report, null, 2)}\n`,
          {
            mode: 0o600,
          },
        );
      }
    };
    const send = async (batch: Pending[]) => {
      if (batch.length === 0) return;
      const answer = await workbench.api.validation.validateCards.mutate({
        ...parameters,
        file: fileRef,
        cards: batch.map((p) => ({ row: p.card.row, applications: p.applications.map(stripMac) })),
      });
      batch.forEach((pending, i) => record(pending, answer.cards[i]!));
    };

    let batch: Pending[] = [];
    for await (const card of cards(file)) {
      if (!sample.has(card.sequence)) continue;
      const pending = { card, maskedPan: maskedPanOf(card), applications: chipOf(card) };
      if (pending.applications.length === 0) {
        record(pending, { ok: false, failure: 'The card has no chip data in the file' });
        continue;
      }
      batch.push(pending);
      if (batch.length === maxValidationCardsPerCall) {
        await send(batch);
        batch = [];
      }
    }
    await send(batch);
    const failed = results.filter((r) => !r.ok).length;
    const summary = `${results.length} of ${surveyed.cards} cards validated: ${results.length - failed} passed, ${failed} failed`;
    if (values.json) io.out(JSON.stringify({ file: fileRef, cards: surveyed.cards, results }, null, 2));
    else io.out(summary);
    return failed > 0 ? 1 : 0;
  },
};

function chipOf(card: BureauCard): ChipApplication[] {
  const chip = card.parts.find((part) => part.module === 'chip');
  return chip?.module === 'chip' ? chip.applications : [];
}

/** The bridge takes an application's AID, name and DGIs; the file's MAC and KEK reference stay here. */
const stripMac = ({ aid, name, dgis }: ChipApplication) => ({ aid, name, dgis });

export function cardLine(row: number, maskedPan: string, ok: boolean, failure: string | null): string {
  return `row ${String(row).padEnd(6)} ${maskedPan.padEnd(19)} ${ok ? 'PASS' : `FAIL  ${failure ?? ''}`}`.trimEnd();
}
