import { fromHex, toHex } from '../../../../server/emv/bytes';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import { STORE_DATA_P1_ENCRYPTED_DGI } from '../../../../server/emv/hsm-commands/secure-channel';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireTransportKek } from '../icc-keys/transport-kek';
import { KekSecrets } from '../validation/kek-secrets';
import { secureChannels } from './channel-store';

/**
 * The secret DGIs of a CPS file for a real card (EMV CPS v1.1 4.3.5, Annex A): each goes from the
 * job's transport KEK to the DEK of the channel the device opened with the card (SCP02 session DEK,
 * GP Card Spec 2.3 E.4.1; SCP03 static DEK, GP Amendment D 6.2.1), through the one KEK decryption of
 * the bridge (kek-secrets.ts). Only DGIs 8000-8FFF are taken (the command's schema and
 * kek-secrets.ts), so the op cannot decrypt other KEK cryptograms into data a card hands back; and
 * the DEK never leaves the bridge, so what comes out is for the card only.
 */
export async function reencryptDgisForChannel(
  backend: HsmBackend,
  params: CommandParams<'reencryptDgisForChannel'>,
): Promise<CommandResult<'reencryptDgisForChannel'>> {
  const kek = await requireTransportKek(
    backend,
    params.kekRef,
    'secret DGI re-encryption for a secure channel',
  );
  const channel = secureChannels(backend).use(params.handle);
  // A copy: a close during the HSM calls below zeroes the channel's keys, not the ones in use here.
  const dek = Buffer.from(channel.session.keys.dek);
  const secrets = new KekSecrets(backend, kek);
  try {
    const dgis = [];
    for (const [index, entry] of params.dgis.entries()) {
      try {
        const underKek = fromHex(entry.data, `DGI ${entry.dgi}`);
        const underDek = await secrets.toChannelDek(entry.dgi, underKek, channel.protocol, dek);
        dgis.push({ dgi: entry.dgi, data: toHex(underDek) });
      } catch (error) {
        if (error === secrets.hsmFailure || !(error instanceof Error)) throw error;
        throw new BridgeError('BAD_REQUEST', `dgis.${index} (DGI ${entry.dgi}): ${error.message}`);
      }
    }
    return { dgis, p1Encryption: STORE_DATA_P1_ENCRYPTED_DGI };
  } finally {
    dek.fill(0);
  }
}
