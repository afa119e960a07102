import { randomBytes } from 'node:crypto';
import { toHex } from '../../../../server/emv/bytes';
import type { Scp02Session } from '../../../../server/emv/crypto/scp02';
import type { Scp03Session } from '../../../../server/emv/crypto/scp03';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';

export type OpenChannel =
  { protocol: 'SCP02'; session: Scp02Session } | { protocol: 'SCP03'; session: Scp03Session };

/** How many channels one bridge holds open at once, and how long one may sit unused. */
export const secureChannelLimits = { maxOpen: 32, idleMilliseconds: 5 * 60 * 1000 } as const;

interface Entry {
  channel: OpenChannel;
  lastUsed: number;
}

function zeroKeys(channel: OpenChannel): void {
  for (const key of Object.values(channel.session.keys)) key.fill(0);
}

/**
 * The bridge's open secure channels: session keys live here, in memory only, and are zeroed when a
 * channel is closed, refused or left idle past the limit. One store per backend (per HSM).
 */
class SecureChannelStore {
  private readonly entries = new Map<string, Entry>();

  private sweep(now: number): void {
    for (const [handle, entry] of this.entries) {
      if (now - entry.lastUsed > secureChannelLimits.idleMilliseconds) this.forget(handle);
    }
  }

  open(channel: OpenChannel): string {
    const now = Date.now();
    this.sweep(now);
    if (this.entries.size >= secureChannelLimits.maxOpen) {
      zeroKeys(channel);
      throw new BridgeError(
        'BAD_REQUEST',
        `${secureChannelLimits.maxOpen} secure channels are already open: close one (closeSecureChannel) before opening another`,
      );
    }
    const handle = toHex(randomBytes(16));
    this.entries.set(handle, { channel, lastUsed: now });
    return handle;
  }

  /** The channel of a handle, marked as used; an unknown or idle handle is refused. */
  use(handle: string): OpenChannel {
    const now = Date.now();
    this.sweep(now);
    const entry = this.entries.get(handle);
    if (!entry) {
      throw new BridgeError(
        'BAD_REQUEST',
        `secure channel ${handle} is not open (closed, refused, or idle for more than ${secureChannelLimits.idleMilliseconds / 60000} minutes): open a new one`,
      );
    }
    entry.lastUsed = now;
    return entry.channel;
  }

  /** Replaces the channel's state after a wrap or unwrap (the MAC chaining value moves). */
  update(handle: string, channel: OpenChannel): void {
    const entry = this.entries.get(handle);
    if (entry) entry.channel = channel;
  }

  forget(handle: string): boolean {
    const entry = this.entries.get(handle);
    if (!entry) return false;
    zeroKeys(entry.channel);
    this.entries.delete(handle);
    return true;
  }
}

const stores = new WeakMap<HsmBackend, SecureChannelStore>();

export function secureChannels(backend: HsmBackend): SecureChannelStore {
  let store = stores.get(backend);
  if (!store) {
    store = new SecureChannelStore();
    stores.set(backend, store);
  }
  return store;
}
