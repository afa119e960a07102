import { randomBytes } from 'node:crypto';
import { fromHex } from '../../../../server/emv/bytes';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import { directoryAids } from '../../../../server/emv/hsm-commands/validation';
import type { CaKeyEntry } from '../../../../server/emv/terminal/config';
import { personalizeCard, type BureauApplication } from '../../../../server/emv/terminal/personalize';
import { runTransaction } from '../../../../server/emv/terminal/run-transaction';
import { maskPans, type TranscriptEntry } from '../../../../server/emv/terminal/transcript';
import type { AppletInstall } from '../../../../server/emv/virtual-card/virtual-card';
import type { HsmBackend, KeyAttributes } from '../../backends/backend';
import { requireIssuerMasterKey } from '../icc-keys/icc-master-key';
import { requireTransportKek } from '../icc-keys/transport-kek';
import { caPublicKeyFrom } from '../public-keys/rsa-keys';
import { hsmIssuerHost } from './hsm-issuer-host';
import { KekSecrets } from './kek-secrets';
import {
  type TransactionResult,
  pansInApplications,
  transactionResult,
  transactionTranscript,
} from './validation-report';
import { EphemeralKmc } from './virtual-card-keys';

type Params = CommandParams<'validateOnVirtualCard'>;
type Card = Params['cards'][number];
type CardResult = CommandResult<'validateOnVirtualCard'>['cards'][number];

/**
 * What the terminal's cardholder types when the application has no offline PIN block: the card then
 * has no reference PIN, and an offline PIN CVM fails whatever is typed.
 */
const NO_CARDHOLDER_PIN = '0000';

interface Call {
  backend: HsmBackend;
  params: Params;
  kek: KeyAttributes;
  kmc: EphemeralKmc;
  caKeys: CaKeyEntry[];
}

/** Applets as installed before personalization (GP INSTALL): the directories, then the payment ones. */
function appletsOf(card: Card): AppletInstall[] {
  const directories = card.applications
    .filter((application) => directoryAids.includes(application.aid))
    .map((application) => ({ kind: 'directory' as const, aid: application.aid }));
  const payment = card.payment.map((applet) => ({
    kind: 'payment' as const,
    aid: applet.aid,
    family: applet.family,
    cvn: applet.cvn,
  }));
  return [...directories, ...payment];
}

async function validateCard(call: Call, card: Card): Promise<CardResult> {
  const { backend, params, kmc } = call;
  const applications: BureauApplication[] = card.applications.map((application) => ({
    aid: application.aid,
    name: application.name,
    dgis: application.dgis.map((dgi) => ({ ...dgi, data: fromHex(dgi.data, `DGI ${dgi.dgi}`) })),
  }));
  const pans = [...(card.pan ? [card.pan] : []), ...pansInApplications(applications)];
  const secrets = new KekSecrets(backend, call.kek);
  const virtualCard = kmc.newCard(appletsOf(card));
  const personalization = await personalizeCard(virtualCard, applications, {
    protocol: params.protocol,
    staticKeys: (kdd) => kmc.staticKeys(kdd),
    translateSecret: secrets.translator(),
    random: randomBytes,
    pans,
  });
  if (secrets.hsmFailure) throw secrets.hsmFailure;
  const transactions: TransactionResult[] = [];
  const transcript: TranscriptEntry[] = [...personalization.transcript];
  if (personalization.ok) {
    for (const applet of card.payment) {
      const application = applications.find((candidate) => candidate.aid === applet.aid)!;
      const pin = await secrets.cardholderPin(application, applet.pinBlockDgi);
      const issuer = hsmIssuerHost(backend, {
        issuerMasterKeyRef: params.issuerMasterKey.keyRef,
        method: params.issuerMasterKey.method,
        family: applet.family,
      });
      for (const cardInterface of card.interfaces) {
        const report = await runTransaction(virtualCard, {
          interface: cardInterface,
          environment: params.environment,
          caKeys: call.caKeys,
          transaction: params.transaction,
          floorLimit: 0,
          testPin: pin ?? NO_CARDHOLDER_PIN,
          supportedAids: [applet.aid],
          expectations: applet.expectations,
          issuer,
          random: randomBytes,
        });
        transactions.push(transactionResult(applet.aid, report));
        transcript.push(...transactionTranscript(applet.aid, report));
      }
    }
  }
  return maskPans(
    {
      reference: card.reference,
      ok: personalization.ok && transactions.every((transaction) => transaction.ok),
      personalization: {
        ok: personalization.ok,
        ...(personalization.failure ? { failure: personalization.failure } : {}),
      },
      transactions,
      transcript,
    },
    pans,
  );
}

/**
 * Validation of prepared cards on a virtual card, inside the HSM boundary (DESIGN.md, "validate"): per
 * card, the bureau's personalization device (terminal/personalize.ts) loads a software card from the
 * bureau data, the secret DGIs translated from the KEK to the DEK here; then the test terminal
 * (terminal/run-transaction.ts) runs an EMV transaction per payment application and interface with
 * the cardholder's PIN and an issuer host on the issuer master key. Only the reports leave: the
 * secret DGIs and the PIN block redacted in the transcripts, PANs masked, no key, PIN or KMC.
 */
export async function validateOnVirtualCard(
  backend: HsmBackend,
  params: Params,
): Promise<CommandResult<'validateOnVirtualCard'>> {
  const kek = await requireTransportKek(
    backend,
    params.kekRef,
    'secret DGI translation for the virtual card',
  );
  await requireIssuerMasterKey(backend, params.issuerMasterKey.keyRef, ['E0'], 'ARQC verification');
  const caKeys = params.caKeys.map((ca) => {
    caPublicKeyFrom(ca); // checks the checksum when the caller gives one
    return {
      rid: ca.rid,
      index: ca.index,
      environment: ca.environment,
      modulus: ca.modulus,
      exponent: ca.exponent,
    };
  });
  const kmc = new EphemeralKmc(params.protocol);
  try {
    const cards: CardResult[] = [];
    for (const card of params.cards)
      cards.push(await validateCard({ backend, params, kek, kmc, caKeys }, card));
    return { cards };
  } finally {
    kmc.destroy();
  }
}
