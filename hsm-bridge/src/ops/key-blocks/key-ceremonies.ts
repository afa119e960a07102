import type { CommandParams } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';

export const ceremonyLifetimeMs = 30 * 60 * 1000;

type StartParams = CommandParams<'startKeyCeremony'>;

/** One ceremony in progress. Components exist only here, in the bridge's memory. */
export interface KeyCeremony {
  id: string;
  usage: StartParams['usage'];
  algorithm: StartParams['algorithm'];
  label: string;
  componentCount: number;
  /** The ceremony's RSA decryption key pair in the HSM. */
  ceremonyKeyRef: string;
  expiresAt: number;
  components: Map<number, Buffer>;
  /** SHA-256 of each accepted encrypted component, to refuse the same ciphertext twice. */
  acceptedCiphertexts: Map<string, number>;
  ended: boolean;
}

/**
 * The open ceremonies of one HSM. A ceremony ends when its key is stored, when it is cancelled, or
 * 30 minutes after it started (a timer, so components do not outlive it even if nobody calls); at
 * the end its components are wiped and its key pair destroyed.
 */
export class KeyCeremonies {
  private readonly open = new Map<string, { ceremony: KeyCeremony; timer: NodeJS.Timeout }>();

  constructor(private readonly backend: HsmBackend) {}

  add(ceremony: KeyCeremony): void {
    const timer = setTimeout(() => this.endQuietly(ceremony), ceremony.expiresAt - Date.now());
    timer.unref();
    this.open.set(ceremony.id, { ceremony, timer });
  }

  require(ceremonyId: string): KeyCeremony {
    const entry = this.open.get(ceremonyId);
    if (!entry || entry.ceremony.ended || Date.now() >= entry.ceremony.expiresAt) {
      if (entry) this.endQuietly(entry.ceremony);
      throw new BridgeError(
        'BAD_REQUEST',
        `key ceremony ${ceremonyId} has ended or never existed: a ceremony ends when its key is stored, when it is cancelled, or 30 minutes after it starts`,
      );
    }
    return entry.ceremony;
  }

  async end(ceremony: KeyCeremony): Promise<void> {
    ceremony.ended = true;
    for (const component of ceremony.components.values()) component.fill(0);
    ceremony.components.clear();
    ceremony.acceptedCiphertexts.clear();
    const entry = this.open.get(ceremony.id);
    if (entry) clearTimeout(entry.timer);
    if (!this.open.delete(ceremony.id)) return;
    await this.backend.destroyRsaDecryptionKeyPair(ceremony.ceremonyKeyRef);
  }

  /**
   * Ends a ceremony outside any call (timer, expiry noticed): the components are wiped at once; if
   * the HSM fails to destroy the key pair, it still goes when the bridge stops (session objects).
   */
  private endQuietly(ceremony: KeyCeremony): void {
    this.end(ceremony).catch(() => undefined);
  }

  get size(): number {
    return this.open.size;
  }
}

const byBackend = new WeakMap<HsmBackend, KeyCeremonies>();

/** The ceremonies of a backend: the bridge has one backend, the tests two. */
export function keyCeremoniesOf(backend: HsmBackend): KeyCeremonies {
  let ceremonies = byBackend.get(backend);
  if (!ceremonies) {
    ceremonies = new KeyCeremonies(backend);
    byBackend.set(backend, ceremonies);
  }
  return ceremonies;
}
