import type { ProfileDocument } from '../../emv/profile';
import type { CardholderRecord } from '../../emv/profile/input-rows';
import type { JobKeys } from '../../services/jobs/job-parameters';

/** One accepted cardholder row of the job. */
export interface CardToPrepare {
  row: number;
  record: CardholderRecord;
}

/** One DGI as the bureau gets it: secret ones already encrypted under the transport KEK (hex). */
export interface PreparedDgi {
  dgi: string;
  data: string;
  encrypted: boolean;
}

export interface PreparedApplication {
  aid: string;
  name: string;
  /** The transport KEK the application's secret DGIs are under. */
  kek: { id: string; kcv: string };
  dgis: PreparedDgi[];
}

/** Everything the bureau personalizes for one card; kept sealed at rest (it holds the PAN). */
export interface PreparedCardContent {
  surface: { embossing: { name: string; text: string }[]; track1?: string; track2?: string };
  /** PSE and PPSE first when the card has them, then the payment applications in the template's order. */
  applications: PreparedApplication[];
}

export interface PreparedCard {
  row: number;
  content: PreparedCardContent;
  /** What the post-preparation checks found; a job with any cannot be released. */
  problems: string[];
}

export interface PreparationContext {
  document: ProfileDocument;
  keys: JobKeys;
  /** ISO date the effective and expiry date rules start from: the day the job was created. */
  preparationDate: string;
  /** Makes the data authentication codes and certificate serials of this job's cards its own. */
  jobReference: string;
}
