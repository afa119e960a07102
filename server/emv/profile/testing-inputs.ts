/** Pure, so the end-to-end specs can build the same profile from the demo JSON file. */
import type { ProfileDocument } from './schema/document';

/**
 * The demo credit profile with a second input: an account file from core banking (customer_id,
 * iban) joined on the cardholder file's customer column, whose IBAN fills 5F53 in a record of its own (SFI 2 number 3, DGI 0203); and
 * two per-card overrides: the service code (column svc) and 9F14 Lower Consecutive Offline Limit
 * (column lcol).
 */
export function withAccountFile(demoCredit: ProfileDocument, name: string): ProfileDocument {
  const profile = structuredClone(demoCredit);
  profile.name = name;
  if (profile.card.input.kind !== 'csv') throw new Error('the demo credit card reads CSV');
  profile.card.input.columns.push(
    { name: 'customer', role: 'other' },
    { name: 'svc', role: 'other' },
    { name: 'lcol', role: 'other' },
  );
  profile.card.additionalInputs = [
    {
      name: 'accounts',
      label: 'Account file (core banking)',
      layout: {
        kind: 'csv',
        delimiter: ',',
        header: true,
        columns: [
          { name: 'customer_id', role: 'other' },
          { name: 'iban', role: 'other' },
        ],
      },
      joinColumn: 'customer_id',
      joinsTo: 'customer',
    },
  ];
  profile.card.overrides = [
    { column: 'svc', target: { kind: 'card', field: 'service-code' } },
    { column: 'lcol', target: { kind: 'element', application: 'credit-dda', tag: '9F14' } },
  ];
  const app = profile.applications[0]!;
  app.records.push({
    sfi: 2,
    number: 3,
    oda: false,
    tlvs: [{ tag: '5F53', source: { from: 'cardholder', input: 'accounts', column: 'iban' } }],
  });
  const after = app.cps.dgis.findIndex((d) => d.dgi === '0202');
  app.cps.dgis.splice(after + 1, 0, {
    dgi: '0203',
    encrypted: false,
    content: { kind: 'record', sfi: 2, number: 3 },
  });
  return profile;
}
