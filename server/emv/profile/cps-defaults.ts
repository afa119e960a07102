/**
 * The CPS mapping a new application template starts with (EMV CPS v1.1 section 2): records as DGI
 * SFI ‖ record, 9102 SELECT and 9104 GPO response data, 8000/9000 card master keys and KCVs, 8010/9010
 * offline PIN and PIN try data, 8201–8205 ICC private key CRT constants (or, for the modulus-exponent
 * form, 8103 modulus and 8101 private exponent), all secrets encrypted.
 * Contactless responses that differ from contact go in 9103 and 9207 (VSDC-style convention).
 * Send order: CPS leaves it to the application; this default sends records first, then responses,
 * then keys and PIN; the analyst may reorder.
 */
import { recordDgi } from '../dictionary';
import { computedAfl, computedAip, hasOwn, interfacesOf } from './interfaces';
import {
  type ApplicationTemplate,
  type DgiSpec,
  type MasterKeyUsage,
  ICC_PRIVATE_KEY_DGIS,
  iccPrivateKeyFormOf,
} from './schema/application';

/** Card master keys in DGI 8000, in the order AC, SMI, SMC. */
const CARD_KEY_ORDER: readonly MasterKeyUsage[] = ['E0', 'E2', 'E1'];

export function defaultCpsMapping(app: ApplicationTemplate): DgiSpec[] {
  const dgis: DgiSpec[] = [];
  const records = [...app.records].sort((a, b) => a.sfi - b.sfi || a.number - b.number);
  for (const record of records) {
    dgis.push({
      dgi: recordDgi(record.sfi, record.number),
      encrypted: false,
      content: { kind: 'record', sfi: record.sfi, number: record.number },
    });
  }
  const interfaces = interfacesOf(app);
  const primary = interfaces[0]!;
  dgis.push({ dgi: '9102', encrypted: false, content: { kind: 'select-response', interface: primary } });
  const both = interfaces.length === 2;
  if (both && hasOwn(app, 'contactless', 'selection')) {
    dgis.push({
      dgi: '9103',
      encrypted: false,
      content: { kind: 'select-response', interface: 'contactless' },
    });
  }
  dgis.push({ dgi: '9104', encrypted: false, content: { kind: 'gpo-response', interface: primary } });
  const contactlessDiffers =
    both &&
    (hasOwn(app, 'contactless', 'processing') ||
      !computedAfl(app, 'contact').equals(computedAfl(app, 'contactless')) ||
      !computedAip(app, 'contact')?.equals(computedAip(app, 'contactless') ?? Buffer.alloc(0)));
  if (contactlessDiffers) {
    dgis.push({ dgi: '9207', encrypted: false, content: { kind: 'gpo-response', interface: 'contactless' } });
  }
  const usages = CARD_KEY_ORDER.filter((usage) => app.keys.masterKeys.some((key) => key.usage === usage));
  if (usages.length) {
    dgis.push({ dgi: '8000', encrypted: true, content: { kind: 'card-master-keys', usages } });
    dgis.push({ dgi: '9000', encrypted: false, content: { kind: 'key-check-values', usages } });
  }
  if (app.keys.pin.offline !== 'none') {
    dgis.push({ dgi: '8010', encrypted: true, content: { kind: 'offline-pin-block' } });
    dgis.push({ dgi: '9010', encrypted: false, content: { kind: 'pin-try-counter-and-limit' } });
  }
  if (app.keys.iccKey) {
    for (const [dgi, component] of ICC_PRIVATE_KEY_DGIS[iccPrivateKeyFormOf(app.keys.iccKey)])
      dgis.push({ dgi, encrypted: true, content: { kind: 'icc-private-key', component } });
  }
  return dgis;
}
