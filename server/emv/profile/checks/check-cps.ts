/**
 * The CPS mapping (EMV CPS v1.1 section 2): every DGI number is used once; a record's DGI is its
 * SFI ‖ record number and every record has one; each interface's SELECT and GPO response data is
 * mapped; keys, offline PIN and ICC private key DGIs are there when the template needs them and are
 * marked encrypted, as are DGIs that hold secret data elements.
 */
import { dataElement, recordDgi } from '../../dictionary';
import { computedAfl, computedAip, hasOwn, interfacesOf } from '../interfaces';
import {
  type ApplicationTemplate,
  type DgiContent,
  iccKeyComponentsOf,
  iccPrivateKeyFormOf,
} from '../schema/application';
import type { PlacedTlv } from '../schema/common';
import { familyOf } from '../values';
import type { IssueList } from './issue';

const SECRET_KINDS: Partial<Record<DgiContent['kind'], string>> = {
  'card-master-keys': 'card master keys',
  'offline-pin-block': 'the offline PIN block',
  'icc-private-key': 'a component of the ICC private key',
};

function secretTag(tlvs: readonly PlacedTlv[], app: ApplicationTemplate): string | undefined {
  for (const tlv of tlvs) {
    if (dataElement(tlv.tag, familyOf(app))?.secret) return tlv.tag;
    const inner = tlv.children ? secretTag(tlv.children, app) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The secret a DGI's content carries ("card master keys", "data element 9F46"), or undefined: such a
 * DGI must be marked encrypted (CPS sends secret data encrypted; the checks and the mapping builder agree).
 */
export function secretCarried(content: DgiContent, app: ApplicationTemplate): string | undefined {
  const kind = SECRET_KINDS[content.kind];
  if (kind) return kind;
  const tag = content.kind === 'data' ? secretTag(content.tlvs, app) : undefined;
  return tag ? `data element ${tag}` : undefined;
}

export function checkCps(app: ApplicationTemplate, appPath: string, issues: IssueList): void {
  const path = `${appPath}.cps.dgis`;
  const dgis = app.cps.dgis;
  const numbers = new Map<string, number>();
  const mappedRecords = new Set<string>();
  dgis.forEach((spec, i) => {
    const here = `${path}[${i}]`;
    const first = numbers.get(spec.dgi);
    if (first !== undefined)
      issues.error(
        'dgi-duplicate',
        `${here}.dgi`,
        `DGI ${spec.dgi} is mapped twice (also at dgis[${first}])`,
      );
    else numbers.set(spec.dgi, i);
    const content = spec.content;
    if (secretCarried(content, app) && !spec.encrypted) {
      issues.error(
        'dgi-not-encrypted',
        `${here}.encrypted`,
        `DGI ${spec.dgi} carries secret data (${content.kind}) and must be marked encrypted`,
      );
    }
    if (content.kind === 'record') {
      const expected = recordDgi(content.sfi, content.number);
      if (spec.dgi !== expected) {
        issues.error(
          'dgi-record-number',
          `${here}.dgi`,
          `record ${content.number} of SFI ${content.sfi} goes in DGI ${expected} (SFI ‖ record number), not ${spec.dgi}`,
        );
      }
      if (!app.records.some((record) => record.sfi === content.sfi && record.number === content.number)) {
        issues.error(
          'dgi-record-unknown',
          `${here}.content`,
          `DGI ${spec.dgi} maps record ${content.number} of SFI ${content.sfi}, which the template does not have`,
        );
      }
      mappedRecords.add(`${content.sfi}:${content.number}`);
    }
    if (
      (content.kind === 'select-response' || content.kind === 'gpo-response') &&
      !interfacesOf(app).includes(content.interface)
    ) {
      issues.error(
        'dgi-interface',
        `${here}.content.interface`,
        `DGI ${spec.dgi} holds ${content.interface} data, but the application does not have that interface`,
      );
    }
    if (content.kind === 'card-master-keys' || content.kind === 'key-check-values') {
      for (const usage of content.usages) {
        if (!app.keys.masterKeys.some((key) => key.usage === usage)) {
          issues.error(
            'dgi-key-unknown',
            `${here}.content.usages`,
            `DGI ${spec.dgi} holds a ${usage} key, which keys.masterKeys does not list`,
          );
        }
      }
    }
  });
  app.records.forEach((record, i) => {
    if (!mappedRecords.has(`${record.sfi}:${record.number}`)) {
      issues.error(
        'dgi-record-unmapped',
        `${appPath}.records[${i}]`,
        `record ${record.number} of SFI ${record.sfi} is in no DGI; map it to DGI ${recordDgi(record.sfi, record.number)}`,
      );
    }
  });

  const kinds = (kind: DgiContent['kind']) => dgis.filter((spec) => spec.content.kind === kind);
  const interfaces = interfacesOf(app);
  for (const name of interfaces) {
    const selects = kinds('select-response').some(
      (spec) => spec.content.kind === 'select-response' && spec.content.interface === name,
    );
    const gpos = kinds('gpo-response').some(
      (spec) => spec.content.kind === 'gpo-response' && spec.content.interface === name,
    );
    // The other interface's DGI serves this one when its data does not differ.
    const other = interfaces.find((n) => n !== name);
    const sameSelection = other !== undefined && !hasOwn(app, name, 'selection');
    const sameProcessing =
      other !== undefined &&
      !hasOwn(app, name, 'processing') &&
      computedAfl(app, name).equals(computedAfl(app, other)) &&
      (computedAip(app, name)?.equals(computedAip(app, other) ?? Buffer.alloc(0)) ?? false);
    if (!selects && !sameSelection)
      issues.error('dgi-missing', path, `no DGI holds the ${name} SELECT response data (CPS: 9102)`);
    if (!gpos && !sameProcessing)
      issues.error(
        'dgi-missing',
        path,
        `no DGI holds the ${name} GET PROCESSING OPTIONS response data (CPS: 9104)`,
      );
  }
  const usages = new Set(
    kinds('card-master-keys').flatMap((spec) =>
      spec.content.kind === 'card-master-keys' ? spec.content.usages : [],
    ),
  );
  if (app.keys.masterKeys.some((key) => key.usage === 'E0') && !usages.has('E0')) {
    issues.error(
      'dgi-missing',
      path,
      'no DGI holds the card master key for application cryptograms (CPS: 8000)',
    );
  }
  if (usages.size > 0 && kinds('key-check-values').length === 0) {
    issues.warning('dgi-missing', path, 'the card master keys have no key check value DGI (CPS: 9000)');
  }
  if (app.keys.pin.offline !== 'none') {
    if (kinds('offline-pin-block').length === 0)
      issues.error('dgi-missing', path, 'offline PIN is on but no DGI holds the PIN block (CPS: 8010)');
    if (kinds('pin-try-counter-and-limit').length === 0)
      issues.error(
        'dgi-missing',
        path,
        'offline PIN is on but no DGI holds the PIN Try Counter and Limit (CPS: 9010)',
      );
  } else if (kinds('offline-pin-block').length > 0) {
    issues.warning('dgi-unneeded', path, 'a DGI holds an offline PIN block but the PIN option is "none"');
  }
  if (app.keys.iccKey) {
    const components = new Set(
      kinds('icc-private-key').map((spec) =>
        spec.content.kind === 'icc-private-key' ? spec.content.component : '',
      ),
    );
    const form = iccPrivateKeyFormOf(app.keys.iccKey);
    const wanted = iccKeyComponentsOf(form);
    for (const component of wanted) {
      if (!components.has(component))
        issues.error(
          'dgi-missing',
          path,
          form === 'crt'
            ? `the ICC key is configured but no DGI holds its CRT constant ${component} (CPS: 8201–8205)`
            : `the ICC key is configured in modulus-exponent form but no DGI holds its ${component} (CPS: 8101, 8103)`,
        );
    }
    dgis.forEach((spec, i) => {
      if (spec.content.kind === 'icc-private-key' && !wanted.includes(spec.content.component)) {
        issues.error(
          'dgi-unneeded',
          `${path}[${i}].content.component`,
          `DGI ${spec.dgi} holds the ICC private key's ${spec.content.component}, which the ${form === 'crt' ? 'CRT' : 'modulus-exponent'} form (keys.iccKey.privateKeyForm) does not use: map the DGIs of that form in cps.dgis (CPS: 8201–8205 for CRT, 8101 and 8103 for modulus-exponent) or change the form`,
        );
      }
    });
  } else if (kinds('icc-private-key').length > 0) {
    issues.error('dgi-unneeded', path, 'DGIs hold an ICC private key but keys.iccKey is not configured');
  }
}
