/**
 * The card template and what spans applications: no two applications share an AID; the card's
 * applications exist; the directories list what the interfaces need (PPSE for contactless, EMV
 * Contactless Book B); BIN range, issuer identifier and service code (ISO/IEC 7813) make sense; the
 * input layout has the columns every source and rule names; tracks and embossing lines fit.
 */
import { encodeTlvTree, type TlvInput } from '../../tlv/ber-tlv';
import { buildPse } from '../directories';
import { interfacesOf } from '../interfaces';
import { cardApplications } from '../preview';
import type { ProfileDocument } from '../schema/document';
import { longestRendering, unknownPlaceholders } from '../surface';
import { profilePvki, trackLayoutProblems, tracksPlacePvv } from '../tracks';
import type { PreviewNode } from '../tree';
import { checkCountry, checkCurrency } from './check-codes';
import type { IssueList } from './issue';

/** ISO/IEC 7813: first digit of the service code (interchange and technology). */
const SERVICE_CODE_FIRST = new Set(['1', '2', '5', '6', '7', '9']);

const toInput = (node: PreviewNode): TlvInput =>
  node.children
    ? { tag: node.tag, children: node.children.map(toInput) }
    : { tag: node.tag, value: Buffer.from(node.value ?? '', 'hex') };

export function checkApplicationsTogether(profile: ProfileDocument, issues: IssueList): void {
  const byAid = new Map<string, number>();
  const byId = new Map<string, number>();
  profile.applications.forEach((app, i) => {
    const firstAid = byAid.get(app.identity.aid);
    if (firstAid !== undefined) {
      issues.error(
        'aid-duplicate',
        `$.applications[${i}].identity.aid`,
        `AID ${app.identity.aid} is also used by applications[${firstAid}] (${profile.applications[firstAid]!.name})`,
        '4F',
      );
    } else byAid.set(app.identity.aid, i);
    const firstId = byId.get(app.id);
    if (firstId !== undefined)
      issues.error(
        'id-duplicate',
        `$.applications[${i}].id`,
        `application id "${app.id}" is also used by applications[${firstId}]`,
      );
    else byId.set(app.id, i);
  });
}

export function checkCard(profile: ProfileDocument, issues: IssueList): void {
  const card = profile.card;
  const path = '$.card';
  const ids = new Set(profile.applications.map((app) => app.id));
  const listed = new Set<string>();
  card.applications.forEach((id, i) => {
    if (!ids.has(id))
      issues.error(
        'card-application-unknown',
        `${path}.applications[${i}]`,
        `the card lists application "${id}", which the profile does not define`,
      );
    if (listed.has(id))
      issues.error(
        'card-application-duplicate',
        `${path}.applications[${i}]`,
        `the card lists application "${id}" twice`,
      );
    listed.add(id);
  });
  const apps = cardApplications(profile);
  const contactless = apps.filter((app) => interfacesOf(app).includes('contactless'));
  if (contactless.length > 0 && !card.directories.ppse) {
    issues.error(
      'ppse-missing',
      `${path}.directories.ppse`,
      `${contactless.map((app) => app.name).join(', ')} ${contactless.length > 1 ? 'work' : 'works'} contactless, which needs the PPSE (2PAY.SYS.DDF01) to be selected`,
    );
  }
  if (apps.length > 1) {
    const priorities = apps.map((app) => app.identity.priority?.value);
    if (priorities.some((p) => p === undefined)) {
      issues.warning(
        'priority-missing',
        `${path}.applications`,
        'the card has several applications; give each an Application Priority Indicator (87) so terminals order them as intended',
        '87',
      );
    } else if (new Set(priorities).size !== priorities.length) {
      issues.warning(
        'priority-duplicate',
        `${path}.applications`,
        'two applications of the card have the same priority',
        '87',
      );
    }
  }
  if (card.directories.pse) {
    const record = buildPse(apps).record[0]!;
    const length = encodeTlvTree(record.children!.map(toInput)).length;
    if (length > 252)
      issues.error(
        'pse-too-long',
        `${path}.directories.pse`,
        `the PSE directory record would hold ${length} bytes; a record holds at most 252`,
      );
  }

  const c = card.constants;
  checkCountry(c.country, `${path}.constants.country`, issues, '5F28');
  checkCurrency(c.currency, `${path}.constants.currency`, issues, '9F42');
  if (c.binRange.low.length !== c.binRange.high.length || c.binRange.low > c.binRange.high) {
    issues.error(
      'bin-range',
      `${path}.constants.binRange`,
      `BIN range ${c.binRange.low}–${c.binRange.high} must have bounds of the same length, low not above high`,
    );
  }
  if (!c.binRange.low.startsWith(c.issuerIdentificationNumber.slice(0, Math.min(6, c.binRange.low.length)))) {
    issues.warning(
      'iin-bin',
      `${path}.constants.issuerIdentificationNumber`,
      `issuer identification number ${c.issuerIdentificationNumber} is not the start of the BIN range ${c.binRange.low}–${c.binRange.high}`,
      '42',
    );
  }
  if (!SERVICE_CODE_FIRST.has(c.serviceCode[0]!)) {
    issues.error(
      'service-code',
      `${path}.constants.serviceCode`,
      `service code ${c.serviceCode} starts with ${c.serviceCode[0]}, which ISO/IEC 7813 does not define (1, 2, 5, 6, 7 or 9)`,
      '5F30',
    );
  } else if (c.serviceCode[0] !== '2' && c.serviceCode[0] !== '6') {
    issues.warning(
      'service-code',
      `${path}.constants.serviceCode`,
      `service code ${c.serviceCode} does not say the card has a chip (first digit 2 or 6), so terminals will not fall back correctly`,
      '5F30',
    );
  }

  const input = card.input;
  const columns = new Map<string, number>();
  input.columns.forEach((column, i) => {
    if (columns.has(column.name))
      issues.error(
        'column-duplicate',
        `${path}.input.columns[${i}].name`,
        `column "${column.name}" is defined twice`,
      );
    columns.set(column.name, i);
  });
  if (!input.columns.some((column) => column.role === 'pan')) {
    issues.error('pan-column', `${path}.input.columns`, 'the input layout has no column with role "pan"');
  }
  if (input.kind === 'fixed-width') {
    const sorted = input.columns.map((column, i) => ({ ...column, i })).sort((a, b) => a.start - b.start);
    sorted.forEach((column, k) => {
      const end = column.start + column.length - 1;
      if (end > input.recordLength)
        issues.error(
          'layout-overlap',
          `${path}.input.columns[${column.i}]`,
          `column "${column.name}" ends at position ${end}, after the record length ${input.recordLength}`,
        );
      const next = sorted[k + 1];
      if (next && next.start <= end)
        issues.error(
          'layout-overlap',
          `${path}.input.columns[${next.i}]`,
          `column "${next.name}" starts at ${next.start}, inside column "${column.name}" (${column.start}–${end})`,
        );
    });
  }
  const referenced: Array<[string, string]> = [];
  if (c.effectiveDate.rule === 'from-file')
    referenced.push([c.effectiveDate.column, `${path}.constants.effectiveDate.column`]);
  if (c.expiryDate.rule === 'from-file')
    referenced.push([c.expiryDate.column, `${path}.constants.expiryDate.column`]);
  for (const track of ['track1', 'track2', 'chipTrack2'] as const) {
    card.surface[track].discretionary.forEach((field, i) => {
      if (field.column)
        referenced.push([field.column, `${path}.surface.${track}.discretionary[${i}].column`]);
    });
  }
  card.surface.embossing.forEach((line, i) => {
    for (const match of line.template.matchAll(/\{column:([^}]+)\}/g))
      referenced.push([match[1]!, `${path}.surface.embossing[${i}].template`]);
  });
  for (const [column, where] of referenced) {
    if (!columns.has(column))
      issues.error('column-unknown', where, `column "${column}" is not in the input layout`);
  }
  // The Visa PVV is computed from the cardholder's PIN (crypto/pvv.ts): without PIN blocks it would be made up.
  if (tracksPlacePvv(card) && !input.columns.some((column) => column.role === 'pin-block')) {
    issues.error(
      'pvv-pin-block',
      `${path}.surface`,
      'a track places a PVV, which is computed from the cardholder\u2019s PIN, but the input layout has no column of role "pin-block"; add one, or put a constant where the PVV is',
    );
  }
  // Visa numbers PVKs 1 to 6 (PVKI); a PVV computed with index 0 is what a verifier rarely expects.
  if (
    tracksPlacePvv(card) &&
    profilePvki(card) === undefined &&
    !input.columns.some((column) => column.role === 'pvki')
  ) {
    issues.warning(
      'pvki-missing',
      `${path}.surface`,
      'a track places a PVV but neither a "pvki" field value nor a file column of role "pvki" gives the PVK index, so 0 is used; give the pvki field the index of the PVK (usually 1 to 6)',
    );
  }
  for (const problem of trackLayoutProblems(card)) {
    issues.error(
      'track-length',
      `${path}.surface.${problem.track}`,
      problem.message,
      problem.track === 'chipTrack2' ? '57' : undefined,
    );
  }
  card.surface.embossing.forEach((line, i) => {
    for (const placeholder of unknownPlaceholders(line.template)) {
      issues.error(
        'embossing-placeholder',
        `${path}.surface.embossing[${i}].template`,
        `unknown placeholder ${placeholder}; use {pan}, {pan4}, {expiry}, {effective}, {name} or {column:NAME}`,
      );
    }
    const longest = longestRendering(line.template, c.panLength);
    if (longest > line.maxLength) {
      issues.error(
        'embossing-length',
        `${path}.surface.embossing[${i}]`,
        `line "${line.name}" can be ${longest} characters long, more than its ${line.maxLength}`,
      );
    }
  });
}

/** Data that must read the same on both interfaces of one application. */
const MUST_AGREE = ['5A', '5F24', '5F25', '5F34', '5F28', '9F42', '57', '5F20'];

export function checkInterfacesAgree(profile: ProfileDocument, issues: IssueList): void {
  profile.applications.forEach((app, i) => {
    const appPath = `$.applications[${i}]`;
    for (const name of ['contact', 'contactless'] as const) {
      if (app[name] && !interfacesOf(app).includes(name)) {
        issues.warning(
          'interface-unused',
          `${appPath}.${name}`,
          `the application works ${app.interfaces} only, so its ${name} data is never used`,
        );
      }
    }
    for (const name of interfacesOf(app)) {
      const own = app[name];
      const fallback = app[name === 'contact' ? 'contactless' : 'contact'];
      if (!(own?.selection ?? fallback?.selection))
        issues.error(
          'interface-data-missing',
          `${appPath}.${name}`,
          `the ${name} interface has no selection data (FCI)`,
        );
      if (!(own?.processing ?? fallback?.processing))
        issues.error(
          'interface-data-missing',
          `${appPath}.${name}`,
          `the ${name} interface has no processing data (AIP options)`,
        );
    }
    if (app.interfaces !== 'both') return;
    const seen = new Map<string, { interfaces: string[]; source: string; path: string }>();
    app.records.forEach((record, r) => {
      record.tlvs.forEach((tlv, t) => {
        if (!MUST_AGREE.includes(tlv.tag) || !tlv.source) return;
        const source = JSON.stringify(tlv.source);
        const path = `${appPath}.records[${r}].tlvs[${t}]`;
        const previous = seen.get(tlv.tag);
        if (previous && previous.source !== source) {
          issues.error(
            'interfaces-disagree',
            path,
            `${tlv.tag} has a different value here than at ${previous.path}; contact and contactless must agree on it`,
            tlv.tag,
          );
        }
        seen.set(tlv.tag, { interfaces: record.interfaces ?? ['contact', 'contactless'], source, path });
      });
    });
  });
}
