import { z } from 'zod';
import { cvnProfile } from '../profile/cvn';
import { terminalSettings, transactionParameters } from '../terminal/config';
import type { DecodedNode } from '../terminal/transcript';
import { hex, keyRef, pan, type CommandSpec } from './common';
import { caPublicKey } from './public-keys';

/*
 * The key pages import this command set into the browser, so this file imports only schemas and
 * tables: the card's rules it needs are restated here (and pinned by hsm-bridge/test/validation.test.ts).
 */

/** Secret DGIs (EMV CPS v1.1 Annex A; virtual-card isSecretDgi): 8000 to 8FFF. */
export const isEncryptableDgi = (dgi: string) => /^8[0-9A-F]{3}$/.test(dgi);

/** The PSE and PPSE, "1PAY.SYS.DDF01" and "2PAY.SYS.DDF01" (EMV 4.4 Book 1 12.3, Contactless Book B 3.3). */
export const directoryAids: readonly string[] = [
  '315041592E5359532E4444463031',
  '325041592E5359532E4444463031',
];

/**
 * A result carries about 20 KB of transcript per application personalized and per transaction (a
 * CPA demo card on both interfaces: 57 KB): ten cards of four payment applications on both
 * interfaces stay under the bridge's 4 MB line, and one call does not hold its queue for long.
 */
export const maxValidationCardsPerCall = 10;

const aid = hex().refine((s) => s.length >= 10 && s.length <= 32, { message: 'must be 5 to 16 bytes' });
const cardInterface = z.enum(['contact', 'contactless']);

/** One DGI as the bureau file carries it (EMV CPS v1.1 section 2): secret ones under the transport KEK. */
const bureauDgi = z
  .object({
    dgi: hex(2),
    data: hex().min(2, 'must not be empty').max(4096, 'must be at most 2048 bytes'),
    encrypted: z.boolean(),
  })
  // Only secret DGIs are decrypted in the bridge; the card would hand any other DGI back in clear.
  .refine((dgi) => !dgi.encrypted || isEncryptableDgi(dgi.dgi), {
    message: 'only a secret DGI (8000 to 8FFF) can be encrypted under the KEK',
  });

const bureauApplication = z.object({
  aid,
  name: z.string().min(1).max(64),
  dgis: z.array(bureauDgi).min(1).max(100),
});

/** What the card's applet implements (GP INSTALL), and what preparation says the card must hold. */
const paymentApplet = z
  .object({
    aid,
    family: z.enum(['vsdc-style', 'mchip-style', 'cpa', 'generic']),
    cvn: hex(1),
    /** The DGI of the offline PIN block (ISO 9564-1 format 2 under the KEK), read for VERIFY. */
    pinBlockDgi: hex(2).refine(isEncryptableDgi, 'must be a secret DGI (8000 to 8FFF)').default('8010'),
    expectations: terminalSettings.shape.expectations,
  })
  .refine((applet) => cvnProfile(applet.family, applet.cvn) !== undefined, {
    message: 'this CVN is not defined for the family',
    path: ['cvn'],
  });

const validationCard = z
  .object({
    reference: z.string().min(1).max(64),
    /** For masking only: the bridge also masks every PAN it finds in the records. */
    pan: pan.optional(),
    /** In the file's order, the PSE and PPSE first. */
    applications: z.array(bureauApplication).min(1).max(8),
    payment: z.array(paymentApplet).min(1).max(4),
    interfaces: z
      .array(cardInterface)
      .min(1)
      .max(2)
      .refine((list) => new Set(list).size === list.length, 'must not name an interface twice'),
  })
  .superRefine((card, ctx) => {
    const payment = new Set(card.payment.map((applet) => applet.aid));
    for (const [index, application] of card.applications.entries()) {
      if (!directoryAids.includes(application.aid) && !payment.has(application.aid)) {
        ctx.addIssue({
          code: 'custom',
          path: ['applications', index, 'aid'],
          message: 'is neither the PSE, the PPSE nor an application listed in payment',
        });
      }
    }
    for (const [index, applet] of card.payment.entries()) {
      if (!card.applications.some((application) => application.aid === applet.aid)) {
        ctx.addIssue({
          code: 'custom',
          path: ['payment', index, 'aid'],
          message: 'has no DGIs in applications',
        });
      }
    }
  });

const decodedNode: z.ZodType<DecodedNode> = z.lazy(() =>
  z.object({
    tag: z.string(),
    name: z.string(),
    value: z.string().optional(),
    display: z.string().optional(),
    placeholder: z.string().optional(),
    error: z.string().optional(),
    children: z.array(decodedNode).optional(),
  }),
);

/** transcript.ts's entry: secret data reads "<redacted: …>", PANs are masked to first six, last four. */
export const transcriptEntry = z.object({
  step: z.string(),
  command: z.object({
    name: z.string(),
    hex: z.string(),
    decoded: z.array(decodedNode).optional(),
    note: z.string().optional(),
  }),
  response: z.object({
    /** Hex, with PANs masked ('*'). */
    hex: z.string(),
    status: z.string(),
    sw: hex(2),
    decoded: z.array(decodedNode).optional(),
  }),
});

/** One step of the terminal's report (run-transaction.ts), its reason in words as `detail`. */
const transactionStep = z.object({
  /** The terminal's step id (terminal/context.ts StepId), e.g. "offline-data-authentication". */
  name: z.string(),
  title: z.string(),
  status: z.enum(['passed', 'failed', 'skipped']),
  ok: z.boolean(),
  detail: z.string(),
});

const transactionResult = z.object({
  interface: cardInterface,
  aid,
  /** Every step passed and the card approved. */
  ok: z.boolean(),
  outcome: z.enum(['approved', 'declined', 'aborted']),
  tvr: hex(5),
  cvmResults: hex(3).optional(),
  steps: z.array(transactionStep),
  /** The first failed step, "title: reason", or why the transaction did not end approved. */
  failure: z.string().optional(),
});

/** Personalization and transactions per card, as the bureau and a terminal would meet them. */
export const validationCommands = {
  /**
   * A virtual card personalized from each card's bureau data inside the bridge (secret DGIs go from
   * the KEK to the session DEK without leaving it; the card's static keys come from an ephemeral KMC),
   * then an EMV transaction per payment application and interface, with the cardholder's PIN from the
   * card's PIN block DGI and an issuer host that checks the ARQC with the issuer master key (verifyArqc).
   */
  validateOnVirtualCard: {
    params: z.object({
      kekRef: keyRef,
      issuerMasterKey: z.object({ keyRef, method: z.enum(['A', 'B']) }),
      protocol: z.enum(['SCP02', 'SCP03']).default('SCP02'),
      environment: z.enum(['test', 'live']),
      caKeys: z.array(caPublicKey).min(1).max(100),
      transaction: transactionParameters,
      cards: z.array(validationCard).min(1).max(maxValidationCardsPerCall),
    }),
    result: z.object({
      cards: z.array(
        z.object({
          reference: z.string(),
          /** Personalized, and every transaction asked for passed. */
          ok: z.boolean(),
          personalization: z.object({
            ok: z.boolean(),
            failure: z.object({ application: z.string(), reason: z.string() }).optional(),
          }),
          transactions: z.array(transactionResult),
          /** Personalization, then each transaction; the step names the transaction it belongs to. */
          transcript: z.array(transcriptEntry),
        }),
      ),
    }),
  },
} as const satisfies Record<string, CommandSpec>;
