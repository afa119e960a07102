import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { findKey, type KeyRow } from '../../../db/queries/keys';
import { caPublicKeys } from '../../../db/schema/ca-public-keys';
import { issuerCertificates, issuerKeys } from '../../../db/schema/issuer-keys';
import type { JobParameters } from '../../../db/schema/jobs';
import { expiresAfter, isCertificateExpired } from '../../emv/certificates/certificate-checks';
import { addMonths } from '../../emv/profile/dates';
import type { KeyUsage } from '../../emv/hsm-commands';
import {
  cardApplications,
  MASTER_KEY_USAGES,
  type ApplicationTemplate,
  type MasterKeyUsage,
  type ProfileDocument,
} from '../../emv/profile';
import { tracksPlacePvv } from '../../emv/profile/tracks';

export const jobParametersInput = z.object({
  kekKeyId: z.uuid('Choose the transport key (KEK)'),
  masterKeys: z.record(z.string().regex(/^[A-Z][0-9]$/), z.uuid('Choose a key')).default({}),
  issuerCertificates: z.record(z.string(), z.uuid('Choose an issuer certificate')).default({}),
  pinKeyId: z.uuid('Choose the PIN key').optional(),
  pinBlockFormat: z.union([z.literal(0), z.literal(3), z.literal(4)]).optional(),
  validationSample: z.enum(['percent', 'all']).default('percent'),
});
export type JobParametersInput = z.input<typeof jobParametersInput>;

/** What a profile's applications need from the key inventory to be prepared. */
export interface JobNeeds {
  /** Issuer master keys (and the CVK) by usage, with the applications that use each. */
  masterKeys: { usage: MasterKeyUsage; name: string; applications: string[] }[];
  /** Applications that carry an issuer certificate (tags 90/92/9F32), with the CA key they name. */
  issuerCertificates: {
    applicationId: string;
    application: string;
    rid: string;
    caIndex: string;
    modulusBits: number;
  }[];
  /**
   * True when a card gets an offline PIN or a track carries a PVV: the file must carry PIN blocks
   * under the issuer's PIN key.
   */
  pin: boolean;
  /** True when a track places a PVV: the job needs a PVK (usage V2), even if no application names one. */
  pvv: boolean;
}

/** Profiles without an environment are production profiles: a TEST CA certificate must be asked for. */
export function profileEnvironment(document: ProfileDocument): 'test' | 'production' {
  return document.environment ?? 'production';
}

const needsIssuerCertificate = (app: ApplicationTemplate) =>
  app.keys.issuerPublicKey !== undefined &&
  (app.records.some((r) => r.tlvs.some((tlv) => tlv.tag === '90')) || app.keys.iccKey !== undefined);

export function jobNeeds(document: ProfileDocument): JobNeeds {
  const masterKeys = new Map<MasterKeyUsage, string[]>();
  const issuers: JobNeeds['issuerCertificates'] = [];
  let pin = false;
  for (const app of cardApplications(document)) {
    for (const key of app.keys.masterKeys) {
      masterKeys.set(key.usage, [...(masterKeys.get(key.usage) ?? []), app.name]);
    }
    const issuer = app.keys.issuerPublicKey;
    if (issuer && needsIssuerCertificate(app)) {
      issuers.push({
        applicationId: app.id,
        application: app.name,
        rid: app.identity.aid.slice(0, 10),
        caIndex: issuer.caIndex,
        modulusBits: issuer.modulusBits,
      });
    }
    if (app.cps.dgis.some((dgi) => dgi.content.kind === 'offline-pin-block')) pin = true;
  }
  const pvv = tracksPlacePvv(document.card);
  if (pvv && !masterKeys.has('V2')) masterKeys.set('V2', ['magnetic stripe tracks (PVV)']);
  return {
    masterKeys: [...masterKeys].map(([usage, applications]) => ({
      usage,
      name: MASTER_KEY_USAGES[usage],
      applications,
    })),
    issuerCertificates: issuers,
    pin: pin || pvv,
    pvv,
  };
}

export interface IssuerForJob {
  certificateId: string;
  /** The issuer's private key in the HSM (usage S0). */
  key: KeyRow;
  issuerIdentifier: string;
  expiry: string;
  certificate: string;
  remainder: string;
  exponent: string;
  ca: { rid: string; index: string; environment: 'live' | 'test'; modulus: string; exponent: string };
}

export interface JobKeys {
  kek: KeyRow;
  masterKeys: Map<MasterKeyUsage, KeyRow>;
  issuers: Map<string, IssuerForJob>;
  pinKey?: KeyRow;
  pinBlockFormat?: 0 | 3 | 4;
}

async function issuerCertificate(db: Db, id: string) {
  const [row] = await db
    .select({ certificate: issuerCertificates, issuer: issuerKeys, ca: caPublicKeys })
    .from(issuerCertificates)
    .innerJoin(issuerKeys, eq(issuerKeys.id, issuerCertificates.issuerKeyId))
    .innerJoin(caPublicKeys, eq(caPublicKeys.id, issuerCertificates.caPublicKeyId))
    .where(eq(issuerCertificates.id, id))
    .limit(1);
  return row ?? null;
}

/**
 * The keys a job's parameters name, each checked against what the profile needs: it exists, it is
 * active, it has the usage; the issuer certificate was made by the CA key the application names, for
 * the card's BIN, not expired, and from the TEST CA only for a test profile. Problems are sentences
 * for the analyst (at job creation) or the officers (when a key changed before the job ran).
 */
export async function resolveJobKeys(
  db: Db,
  document: ProfileDocument,
  parameters: JobParameters,
  today = new Date(),
): Promise<{ keys?: JobKeys; problems: string[] }> {
  const problems: string[] = [];
  const needs = jobNeeds(document);
  const key = async (id: string | undefined, usage: KeyUsage, role: string) => {
    if (!id) {
      problems.push(`Choose the ${role}.`);
      return undefined;
    }
    const row = await findKey(db, { id });
    if (!row) problems.push(`The ${role} does not exist.`);
    else if (row.status !== 'active') problems.push(`The ${role} "${row.label}" is ${row.status}.`);
    else if (row.usage !== usage)
      problems.push(`The ${role} must be a key of usage ${usage}; "${row.label}" has usage ${row.usage}.`);
    else return row;
    return undefined;
  };
  const kek = await key(parameters.kekKeyId, 'K0', 'transport key (KEK)');
  const masterKeys = new Map<MasterKeyUsage, KeyRow>();
  for (const need of needs.masterKeys) {
    if (need.usage === 'E3') {
      problems.push(
        `The profile asks for a ${need.name} key (usage ${need.usage}); the workbench cannot prepare with it yet.`,
      );
      continue;
    }
    const row = await key(parameters.masterKeys[need.usage], need.usage, `${need.name} key`);
    // The Visa PVV is TDES under a PVK pair (PVK A || PVK B): the bridge takes no other.
    if (row && need.usage === 'V2' && row.algorithm !== 'TDES2') {
      problems.push(
        `The PVK "${row.label}" is ${row.algorithm}; a PVK must be a double-length TDES key (TDES2).`,
      );
      continue;
    }
    if (row) masterKeys.set(need.usage, row);
  }
  const issuers = new Map<string, IssuerForJob>();
  const environment = profileEnvironment(document);
  const bin = document.card.constants.binRange.low;
  for (const need of needs.issuerCertificates) {
    const id = parameters.issuerCertificates[need.applicationId];
    const what = `issuer certificate for ${need.application}`;
    const found = id ? await issuerCertificate(db, id) : null;
    if (!found) {
      problems.push(id ? `The ${what} does not exist.` : `Choose the ${what}.`);
      continue;
    }
    const { certificate, issuer, ca } = found;
    const issuerKey = await key(issuer.keyId, 'S0', `issuer key of the ${what}`);
    if (ca.rid !== need.rid || ca.index !== need.caIndex) {
      problems.push(
        `The ${what} was made with CA key ${ca.rid} index ${ca.index}; the application names index ${need.caIndex} of RID ${need.rid}.`,
      );
    }
    if (certificate.environment === 'test' && environment === 'production') {
      problems.push(
        `The ${what} comes from a TEST certification authority; a production profile needs a scheme's live certificate.`,
      );
    }
    if (certificate.environment === 'live' && environment === 'test') {
      problems.push(`The ${what} is a live certificate; this profile is a test profile.`);
    }
    if (!bin.startsWith(certificate.issuerIdentifier)) {
      problems.push(
        `The ${what} is for issuer identifier ${certificate.issuerIdentifier}; the card's BIN range starts ${bin}.`,
      );
    }
    if (isCertificateExpired(certificate.expiry, today)) {
      problems.push(
        `The ${what} expired at the end of ${certificate.expiry.slice(0, 2)}/${certificate.expiry.slice(2)}.`,
      );
    }
    // Book 2 6.3 / 6.4: an ICC certificate must not outlive the issuer certificate that verifies it.
    const cardExpiry = ruleCardExpiry(document, today);
    if (cardExpiry && document.applications.find((a) => a.id === need.applicationId)?.keys.iccKey) {
      if (expiresAfter(cardExpiry, certificate.expiry)) {
        problems.push(
          `Cards made today expire ${cardExpiry.slice(0, 2)}/${cardExpiry.slice(2)}, after the ${what} (${certificate.expiry.slice(0, 2)}/${certificate.expiry.slice(2)}): their ICC certificates would outlive it. Use a later issuer certificate or a shorter validity.`,
        );
      }
    }
    if (issuerKey) {
      issuers.set(need.applicationId, {
        certificateId: certificate.id,
        key: issuerKey,
        issuerIdentifier: certificate.issuerIdentifier,
        expiry: certificate.expiry,
        certificate: certificate.certificate,
        remainder: certificate.remainder,
        exponent: certificate.exponent,
        ca: {
          rid: ca.rid,
          index: ca.index,
          environment: ca.environment,
          modulus: ca.modulus,
          exponent: ca.exponent,
        },
      });
    }
  }
  let pinKey: KeyRow | undefined;
  if (needs.pin) {
    const pinColumn = document.card.input.columns.some((column) => column.role === 'pin-block');
    if (!pinColumn) {
      const why = needs.pvv
        ? 'The tracks carry a PVV, which is computed from each cardholder\u2019s PIN'
        : 'The cards get an offline PIN';
      problems.push(
        `${why}, but the card template\u2019s input layout has no PIN block column. Add a column of role "pin-block" to the layout and to the file.`,
      );
    }
    pinKey = await key(parameters.pinKeyId, 'P0', 'PIN key (P0) the file\u2019s PIN blocks are under');
    if (parameters.pinBlockFormat === undefined)
      problems.push('Choose the PIN block format of the file (ISO 9564 format 0, 3 or 4).');
  }
  if (problems.length > 0 || !kek) return { problems };
  return {
    problems,
    keys: { kek, masterKeys, issuers, pinKey, pinBlockFormat: parameters.pinBlockFormat },
  };
}

/** An issuer certificate as the officers read it: the issuer key, the CA and the expiry. */
export async function issuerCertificateSummary(db: Db, id: string) {
  const found = await issuerCertificate(db, id);
  if (!found) return null;
  const { certificate, ca } = found;
  const key = await findKey(db, { id: found.issuer.keyId });
  return {
    label: `${key?.label ?? 'issuer key'} — ${certificate.environment === 'test' ? 'TEST CA' : 'CA'} ${ca.rid} ${ca.index}, expires ${certificate.expiry.slice(0, 2)}/${certificate.expiry.slice(2)}`,
    kcv: key?.kcv ?? '',
  };
}

/** MMYY of the expiry of cards made today, when the card template's rules fix it (not from the file). */
function ruleCardExpiry(document: ProfileDocument, today: Date): string | undefined {
  const { effectiveDate, expiryDate } = document.card.constants;
  if (effectiveDate.rule !== 'preparation-month' || expiryDate.rule !== 'months-after-effective')
    return undefined;
  const { year, month } = addMonths(
    { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1 },
    expiryDate.months,
  );
  return `${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}`;
}
