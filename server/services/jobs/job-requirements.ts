import {
  listActiveKeys,
  listApprovedProfileVersions,
  listUsableIssuerCertificates,
} from '../../../db/queries/job-requirements';
import type { InputLayout } from '../../emv/profile';
import { requireRole, type ServiceContext } from '../context';
import { documentOf, requireVersion } from '../profiles/profile-versions';
import { jobNeeds, profileEnvironment } from './job-parameters';

/** The approved profile versions an analyst can create a job from. */
export async function listJobProfileVersions(ctx: ServiceContext) {
  requireRole(ctx, 'analyst', 'security_officer');
  return listApprovedProfileVersions(ctx.db);
}

/**
 * What a job on this profile version needs, with the candidates for each choice: keys of the right
 * usage and issuer certificates made with the CA key each application names, for the card's BIN and
 * the profile's environment (a test profile takes TEST CA certificates, a production profile live ones).
 */
export async function jobRequirements(ctx: ServiceContext, profileVersionId: string) {
  requireRole(ctx, 'analyst', 'security_officer');
  const { version } = await requireVersion(ctx, profileVersionId);
  const document = documentOf(version);
  const needs = jobNeeds(document);
  const environment = profileEnvironment(document);
  const [keys, certificates] = await Promise.all([
    listActiveKeys(ctx.db),
    listUsableIssuerCertificates(ctx.db),
  ]);
  const ofUsage = (usage: string) => keys.filter((key) => key.usage === usage);
  const bin = document.card.constants.binRange.low;
  return {
    inputLayout: describeLayout(document.card.input),
    /** One file each, besides the cardholder file, joined to it on a key column. */
    additionalInputs: (document.card.additionalInputs ?? []).map((input) => ({
      name: input.name,
      label: input.label,
      inputLayout: describeLayout(input.layout),
      join: `joined on ${input.joinColumn} = cardholder file's ${input.joinsTo}`,
    })),
    environment,
    keks: ofUsage('K0'),
    masterKeys: needs.masterKeys.map((need) => ({ ...need, candidates: ofUsage(need.usage) })),
    issuerCertificates: needs.issuerCertificates.map((need) => ({
      ...need,
      candidates: certificates.filter(
        (c) =>
          c.rid === need.rid &&
          c.caIndex === need.caIndex &&
          bin.startsWith(c.issuerIdentifier) &&
          (environment === 'test') === (c.environment === 'test'),
      ),
    })),
    pin: needs.pin ? { candidates: ofUsage('P0') } : null,
  };
}

/** A layout as the new-job form tells it: the kind, the separator or widths, the columns. */
function describeLayout(input: InputLayout): string {
  return input.kind === 'csv'
    ? `CSV${input.header ? ' with a header line' : ' without header'}, separated by "${input.delimiter}": ${input.columns.map((c) => c.name).join(', ')}`
    : `Fixed width, ${input.recordLength} characters per line: ${input.columns.map((c) => `${c.name} ${c.start}–${c.start + c.length - 1}`).join(', ')}`;
}
