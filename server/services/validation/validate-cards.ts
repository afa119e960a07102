/**
 * The virtual-card validation of cards from any bureau file (`npx dataprep validate FILE.cps`): the
 * same bridge operation a job's sample goes through before release (server/jobs/validation), for
 * cards that come from a file rather than from a job: a file back from the bureau, or one kept from
 * an earlier run. The officer names the profile version the file was prepared from, its transport
 * KEK, the MK-AC the issuer host checks the ARQC with, and the issuer certificates (whose CA keys the
 * terminal needs); each call takes at most the bridge's batch of cards.
 */
import { z } from 'zod';
import type { ProfileDocument } from '../../emv/profile';
import { maxValidationCardsPerCall, validationCommands } from '../../emv/hsm-commands/validation';
import { AppError } from '../../errors';
import { firstFailure, validationRequest } from '../../jobs/validation/validation-request';
import { recordAudit } from '../audit-trail';
import { actorOf, requireRole, type ServiceContext } from '../context';
import { withHsm } from '../hsm-call';
import { resolveJobKeys } from '../jobs/job-parameters';
import { documentOf, requireVersion } from '../profiles/profile-versions';

/** A card's applications exactly as the bridge takes them: AID, name and DGIs, secret ones under the KEK. */
const bridgeCard = validationCommands.validateOnVirtualCard.params.shape.cards.element;

export const validateCardsInput = z.object({
  profileVersionId: z.uuid('Name the profile version the file was prepared from'),
  kekKeyId: z.uuid('Name the transport key (KEK) the file\u2019s secret DGIs are under'),
  imkKeyId: z.uuid('Name the issuer master key for application cryptograms (MK-AC, usage E0)'),
  issuerCertificates: z.record(z.string(), z.uuid('Name an issuer certificate')).default({}),
  /** The file the cards come from, for the audit trail. */
  file: z.object({
    name: z.string().trim().min(1).max(255),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hexadecimal digits'),
  }),
  cards: z
    .array(
      z.object({
        /** The card's row in the cardholder file, as the bureau file gives it. */
        row: z.number().int().min(1),
        applications: bridgeCard.shape.applications,
      }),
    )
    .min(1, 'Send at least one card')
    .max(maxValidationCardsPerCall, `Send at most ${maxValidationCardsPerCall} cards per call`),
});
export type ValidateCardsInput = z.input<typeof validateCardsInput>;

/**
 * Only what validation uses decides which keys must be named: the KEK, the MK-AC and the issuer
 * certificates. A job also needs the other master keys and the PIN key to prepare cards; a file's
 * cards are prepared already (its PIN blocks are DGIs under the KEK).
 */
function validationKeyNeeds(document: ProfileDocument): ProfileDocument {
  return {
    ...document,
    applications: document.applications.map((app) => ({
      ...app,
      keys: { ...app.keys, masterKeys: app.keys.masterKeys.filter((key) => key.usage === 'E0') },
      cps: { ...app.cps, dgis: app.cps.dgis.filter((dgi) => dgi.content.kind !== 'offline-pin-block') },
    })),
  };
}

export async function validateCards(ctx: ServiceContext, rawInput: ValidateCardsInput) {
  requireRole(ctx, 'security_officer');
  const input = validateCardsInput.parse(rawInput);
  const { profile, version } = await requireVersion(ctx, input.profileVersionId);
  const document = documentOf(version);
  const { keys, problems } = await resolveJobKeys(ctx.db, validationKeyNeeds(document), {
    kekKeyId: input.kekKeyId,
    masterKeys: { E0: input.imkKeyId },
    issuerCertificates: input.issuerCertificates,
    validationSample: 'all',
  });
  if (!keys) throw new AppError('INVALID_INPUT', problems.join(' '));
  if (!keys.masterKeys.has('E0')) {
    throw new AppError(
      'CONFLICT',
      `${profile.name} version ${version.number} names no MK-AC (E0): there is no cryptogram to verify.`,
    );
  }
  const kek = { id: keys.kek.id, kcv: keys.kek.kcv };
  const request = validationRequest(
    { document, keys, preparationDate: new Date().toISOString().slice(0, 10), jobReference: input.file.name },
    input.cards.map((card) => ({
      reference: String(card.row),
      pan: '',
      content: {
        surface: { embossing: [] },
        applications: card.applications.map((app) => ({ ...app, kek })),
      },
    })),
  );
  // No PAN travels with the cards: the bridge masks every PAN it finds in their records itself.
  const cards = request.cards.map(({ pan: _pan, ...card }) => card);
  const result = await withHsm(() => ctx.bridge().call('validateOnVirtualCard', { ...request, cards }));
  const reports = input.cards.map((card, i) => {
    const report = result.cards[i]!;
    return { row: card.row, ok: report.ok, failure: firstFailure(report), report };
  });
  const failed = reports.filter((r) => !r.ok);
  await recordAudit(ctx.db, actorOf(ctx), {
    category: 'personalization',
    action: 'validation.run-file',
    objectType: 'card-profile-version',
    objectId: version.id,
    result: failed.length === 0 ? 'success' : 'failed',
    details: {
      file: input.file.name,
      sha256: input.file.sha256,
      profile: profile.name,
      version: version.number,
      kek: { id: keys.kek.id, label: keys.kek.label, kcv: keys.kek.kcv },
      imk: { id: input.imkKeyId, kcv: keys.masterKeys.get('E0')!.kcv },
      rows: reports.map((r) => r.row),
      passed: reports.length - failed.length,
      failed: failed.length,
      ...(failed.length ? { firstFailure: `row ${failed[0]!.row}: ${failed[0]!.failure}` } : {}),
    },
  });
  return { cards: reports };
}
