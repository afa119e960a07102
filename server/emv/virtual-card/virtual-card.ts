/**
 * A software EMV card: an issuer security domain and application instances installed before
 * personalization (GP Card Spec 2.3 section 5: life cycle SELECTABLE, then PERSONALIZED after the last
 * STORE DATA). Everything an application does afterwards comes from the DGIs it received (EMV CPS v1.1),
 * never from a template. `transmit` is the whole interface: command APDU in, response data || SW out.
 * Pure: no I/O; randomness (card challenges, ICC dynamic numbers) comes from the `random` option.
 */
import { randomBytes } from 'node:crypto';
import { concat, fromHex, toHex } from '../bytes';
import { type CommandApdu, parseCommandApdu } from '../crypto/command-apdu';
import { encodeTlv } from '../tlv/ber-tlv';
import {
  type CardInterface,
  type DirectoryData,
  type PaymentApplicationData,
  compileDirectory,
  compilePaymentApplication,
} from './application-data';
import { type ApplicationFamily, cryptogramScheme } from './cryptogram-scheme';
import { externalAuthenticateIssuer, generateAc, internalAuthenticate } from './cryptogram-commands';
import {
  getData,
  getProcessingOptions,
  paymentSelectResponse,
  readRecord,
  verifyPin,
} from './payment-commands';
import {
  type PaymentContext,
  type PersistentCounters,
  newTransaction,
  refusal,
  reply,
  type CardReply,
} from './payment-state';
import { type PersonalizationState, newPersonalization, storeData } from './personalization';
import {
  type CardSecureChannelConfig,
  type ChannelState,
  CLOSED,
  dataEncryptionKey,
  externalAuthenticate,
  hasCommandMac,
  initializeUpdate,
  unwrapCommand,
  wrapResponse,
} from './secure-channel';
import { SW, encodeResponse } from './status-words';

export const PSE_AID = Buffer.from('1PAY.SYS.DDF01', 'ascii');
export const PPSE_AID = Buffer.from('2PAY.SYS.DDF01', 'ascii');
/** The GlobalPlatform default ISD AID (GP Card Spec 2.3, A0 00 00 01 51 00 00 00). */
export const DEFAULT_ISD_AID = 'A000000151000000';

/** An application as installed (GP INSTALL [for install]): its AID and what the applet implements. */
export type AppletInstall =
  | {
      kind: 'payment';
      aid: string;
      /** The applet's product family and cryptogram version: its code, not personalization data. */
      family: ApplicationFamily;
      cvn: string;
    }
  | { kind: 'directory'; aid: string };

export interface VirtualCardOptions {
  secureChannel: CardSecureChannelConfig;
  applications: readonly AppletInstall[];
  isdAid?: string;
  random?: (length: number) => Buffer;
  /** The ISD's own commands beyond this core (content management, GP STORE DATA); default 6D00. */
  isdCommand?: (command: CommandApdu) => { data: Buffer; sw: number };
}

interface Instance {
  aid: Buffer;
  install: AppletInstall | { kind: 'isd' };
  lifeCycle: 'selectable' | 'personalized';
  perso: PersonalizationState;
  payment?: { data: PaymentApplicationData; counters: PersistentCounters };
  directory?: DirectoryData;
}

export class VirtualCard {
  private readonly random: (length: number) => Buffer;
  private readonly instances: Instance[];
  private readonly isd: Instance;
  private channelConfig: CardSecureChannelConfig;
  private channel: ChannelState = CLOSED;
  private cardInterface: CardInterface = 'contact';
  private selected: Instance;
  private payment?: PaymentContext;
  private lastRefusal?: string;

  constructor(private readonly options: VirtualCardOptions) {
    this.random = options.random ?? ((length) => randomBytes(length));
    this.channelConfig = { ...options.secureChannel };
    this.isd = this.newInstance(fromHex(options.isdAid ?? DEFAULT_ISD_AID, 'ISD AID'), { kind: 'isd' });
    this.instances = [
      this.isd,
      ...options.applications.map((install) =>
        this.newInstance(fromHex(install.aid, 'application AID'), install),
      ),
    ];
    this.selected = this.isd;
  }

  private newInstance(aid: Buffer, install: Instance['install']): Instance {
    return { aid, install, lifeCycle: 'selectable', perso: newPersonalization() };
  }

  /** Cold reset on an interface: the ISD is selected, sessions and transactions end (counters stay). */
  powerOn(cardInterface: CardInterface = 'contact'): void {
    this.cardInterface = cardInterface;
    this.channel = CLOSED;
    this.selected = this.isd;
    this.payment = undefined;
  }

  /** Why the last refused command was refused, in words (a diagnosis a real card does not give). */
  explain(): string | undefined {
    return this.lastRefusal;
  }

  /** The GP life cycle state of an application instance, for tests and reports. */
  lifeCycleOf(aid: string): Instance['lifeCycle'] | undefined {
    return this.instances.find((instance) => toHex(instance.aid) === aid.toUpperCase())?.lifeCycle;
  }

  transmit(apdu: Uint8Array): Buffer {
    this.lastRefusal = undefined;
    let command: CommandApdu;
    try {
      command = parseCommandApdu(apdu);
    } catch (error) {
      return this.answer(refusal(SW.wrongLength, (error as Error).message), false);
    }
    const wrapped = (command.cla & 0x04) !== 0;
    if (command.ins === 0x82 && wrapped && this.channel.phase === 'initialized') {
      const step = externalAuthenticate(this.channel, Buffer.from(apdu));
      this.channel = step.state;
      if (step.sw === SW.ok && step.state.phase === 'open' && step.state.protocol === 'SCP02') {
        this.channelConfig.sequenceCounter += 1;
      }
      return this.answer({ data: step.data, sw: step.sw, reason: step.reason }, false);
    }
    if (wrapped) {
      const unwrapped = unwrapCommand(this.channel, Buffer.from(apdu));
      this.channel = unwrapped.state;
      if (!unwrapped.ok) return this.answer(refusal(unwrapped.sw, unwrapped.reason), false);
      command = parseCommandApdu(unwrapped.command);
    }
    return this.answer(this.dispatch(command, wrapped), wrapped);
  }

  private answer(result: CardReply, wrapped: boolean): Buffer {
    if (result.reason) this.lastRefusal = result.reason;
    if (!wrapped) return encodeResponse(result.data, result.sw);
    const protectedResponse = wrapResponse(this.channel, result.data, result.sw);
    this.channel = protectedResponse.state;
    return protectedResponse.response;
  }

  private dispatch(command: CommandApdu, wrapped: boolean): CardReply {
    if (command.ins === 0xa4) return this.select(command);
    if (command.ins === 0x50 && command.cla === 0x80) return this.initializeUpdate(command);
    if (command.ins === 0xe2 && (command.cla & 0xf0) === 0x80) return this.storeData(command, wrapped);
    const instance = this.selected;
    if (instance.install.kind === 'isd') {
      return (
        this.options.isdCommand?.(command) ??
        refusal(SW.insNotSupported, 'the ISD does not support this command')
      );
    }
    if (instance.lifeCycle !== 'personalized') {
      return refusal(
        SW.conditionsOfUseNotSatisfied,
        `application ${toHex(instance.aid)} is not personalized`,
      );
    }
    if (instance.directory) {
      return command.ins === 0xb2
        ? readRecord(instance.directory.records, command)
        : refusal(SW.insNotSupported, 'a directory answers SELECT and READ RECORD only');
    }
    const ctx = this.payment!;
    switch (command.ins) {
      case 0xa8:
        return getProcessingOptions(ctx, command);
      case 0xb2:
        return readRecord(ctx.app.records, command);
      case 0xca:
        return getData(ctx, command);
      case 0x20:
        return verifyPin(ctx, command);
      case 0x88:
        return internalAuthenticate(ctx, command);
      case 0xae:
        return generateAc(ctx, command);
      case 0x82:
        return externalAuthenticateIssuer(ctx, command);
      default:
        return refusal(
          SW.insNotSupported,
          `instruction ${command.ins.toString(16).toUpperCase()} is not supported`,
        );
    }
  }

  /** SELECT by DF name (Book 1 11.3; ISO 7816-4): exact AID, or the first AID it is a prefix of. */
  private select(command: CommandApdu): CardReply {
    if (command.p1 !== 0x04 || (command.p2 & 0xfd) !== 0x00) {
      return refusal(SW.incorrectP1P2, 'this card selects by DF name only (P1 04, P2 00 or 02)');
    }
    this.channel = CLOSED;
    this.payment = undefined;
    const name = command.data;
    const candidates = this.instances.filter(
      (instance) => this.visible(instance) && instance.aid.subarray(0, name.length).equals(name),
    );
    const instance =
      command.p2 === 0x02 ? undefined : (candidates.find((i) => i.aid.equals(name)) ?? candidates[0]);
    if (!instance || name.length === 0)
      return refusal(SW.fileNotFound, `no application ${toHex(name)} on this interface`);
    this.selected = instance;
    if (instance.payment) {
      const install = instance.install as Extract<AppletInstall, { kind: 'payment' }>;
      this.payment = {
        app: instance.payment.data,
        counters: instance.payment.counters,
        scheme: cryptogramScheme(install.family, install.cvn),
        tx: newTransaction(this.cardInterface),
        random: this.random,
      };
      return reply(paymentSelectResponse(this.payment, instance.aid), SW.ok);
    }
    const fci = instance.directory?.fci ?? Buffer.alloc(0);
    return reply(encodeTlv('6F', concat(encodeTlv('84', instance.aid), fci)), SW.ok);
  }

  /**
   * Once personalized, the PSE answers on the contact interface and the PPSE on the contactless one
   * (Book 1 12.3; Contactless Book B 3.3); before, the personalization device reaches both.
   */
  private visible(instance: Instance): boolean {
    if (instance.lifeCycle !== 'personalized') return true;
    if (instance.aid.equals(PSE_AID)) return this.cardInterface === 'contact';
    if (instance.aid.equals(PPSE_AID)) return this.cardInterface === 'contactless';
    return true;
  }

  private initializeUpdate(command: CommandApdu): CardReply {
    const step = initializeUpdate(
      this.channelConfig,
      command,
      toHex(this.selected.aid),
      this.isd.aid,
      this.random,
    );
    this.channel = step.state;
    if (step.sequenceCounter !== undefined) this.channelConfig.sequenceCounter = step.sequenceCounter;
    return { data: step.data, sw: step.sw, reason: step.reason };
  }

  private storeData(command: CommandApdu, wrapped: boolean): CardReply {
    const instance = this.selected;
    if (instance.install.kind === 'isd') {
      return this.options.isdCommand?.(command) ?? refusal(SW.insNotSupported, 'the ISD takes no DGIs');
    }
    if (instance.lifeCycle === 'personalized') {
      return refusal(
        SW.conditionsOfUseNotSatisfied,
        `application ${toHex(instance.aid)} is already personalized`,
      );
    }
    const dek = dataEncryptionKey(this.channel);
    if (!wrapped || !hasCommandMac(this.channel) || !dek || this.channel.phase !== 'open') {
      return refusal(SW.securityStatusNotSatisfied, 'STORE DATA needs a secure channel with C-MAC (CPS 4.3)');
    }
    const { reply: result, finished } = storeData(instance.perso, command, this.channel.protocol, dek);
    if (!finished) return result;
    const compiled =
      instance.install.kind === 'payment'
        ? compilePaymentApplication(instance.perso.dgis)
        : compileDirectory(instance.perso.dgis);
    if (!compiled.ok) return refusal(SW.conditionsOfUseNotSatisfied, compiled.reason);
    if ('masterKeys' in compiled.app) {
      const atc = compiled.app.data.get('9F36');
      instance.payment = {
        data: compiled.app,
        counters: {
          atc: atc ? atc.readUInt16BE(0) : 0,
          lastOnlineAtc: 0,
          ...(compiled.app.pin ? { pinTryCounter: compiled.app.pin.tryCounter } : {}),
        },
      };
    } else {
      instance.directory = compiled.app;
    }
    instance.lifeCycle = 'personalized';
    return result;
  }
}
