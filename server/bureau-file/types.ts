/**
 * What the bureau receives for one job (docs/formats.md, "Files for the bureau"): the same content
 * written twice, as a binary CPS-style file and as JSON Lines, and a manifest that binds both files.
 * Hex is upper-case everywhere except the manifest's SHA-256 values, which are printed as sha256sum
 * prints them.
 */

export interface KekReference {
  /** The workbench's id of the transport KEK (usage K0). */
  id: string;
  /** Its 3-byte TDES check value, hex. */
  kcv: string;
}

export interface BureauFileHeader {
  /** The job reference, e.g. JOB-20261121-4E1627. */
  job: string;
  /** The card profile (template) the job was prepared from. */
  profile: { name: string; version: number };
  /** ISO 8601, UTC, e.g. 2026-11-21T19:44:25.000Z. */
  createdAt: string;
  kek: KekReference;
  /** The job's MAC key (double-length TDES, usage M1), TDES-ECB under the KEK, and its 3-byte KCV. */
  macKey: { cryptogram: string; kcv: string };
}

export interface BureauCard {
  /** 1, 2, 3... in file order. */
  sequence: number;
  /** The card's row in the cardholder input file. */
  row: number;
  /** At most one part per module, in the order the writer was given. */
  parts: BureauPart[];
}

export type BureauModule = BureauPart['module'];

export type BureauPart =
  | { module: 'embossing'; lines: { name: string; text: string }[] }
  | { module: 'track1'; data: string }
  | { module: 'track2'; data: string }
  | { module: 'chip'; applications: ChipApplication[] }
  | { module: 'graphics'; items: { name: string; reference: string }[] };

export interface ChipDgi {
  /** The DGI number, 2 bytes hex, e.g. 0101 or 8000. */
  dgi: string;
  /** The DGI's data field, hex; TDES-ECB under the application's KEK when `encrypted`. */
  data: string;
  encrypted: boolean;
}

export interface ChipApplication {
  /** Application identifier, 5 to 16 bytes hex. */
  aid: string;
  name: string;
  kek: KekReference;
  /** In the order the personalization device sends them with STORE DATA. */
  dgis: ChipDgi[];
  /** 8 bytes hex: ISO/IEC 9797-1 MAC algorithm 1 over applicationMacInput (application-mac.ts). */
  mac: string;
}

export interface BureauFileTrailer {
  records: number;
}

/** What a parser yields, in file order: one header, the cards, one trailer. */
export type BureauFileEvent =
  | { kind: 'header'; header: BureauFileHeader }
  | { kind: 'card'; card: BureauCard }
  | { kind: 'trailer'; trailer: BureauFileTrailer };

export type BureauFileKind = 'cps' | 'jsonl';

export interface ManifestFile {
  name: string;
  kind: BureauFileKind;
  bytes: number;
  /** 64 lower-case hex digits. */
  sha256: string;
}

export interface BureauManifest {
  format: 'dataprep-bureau-manifest';
  version: 1;
  job: string;
  profile: { name: string; version: number };
  counts: { cards: number; applications: number };
  files: ManifestFile[];
  kek: KekReference;
  macKey: { cryptogram: string; kcv: string };
  createdAt: string;
  /** 8 bytes hex, over manifestMacInput (manifest.ts). */
  mac: string;
}

/** The outcome of a MAC check on the bureau's side: every problem found, each saying where. */
export interface MacVerdict {
  ok: boolean;
  problems: string[];
}
