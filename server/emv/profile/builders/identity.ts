/**
 * The identity form's changes that reach beyond one field: the interfaces an application works on
 * (its selection and processing data, the records' interface lists, the response DGIs and the card's
 * directories follow) and the family (the cryptogram version must be one the family knows).
 */
import { cvnProfile, CVN_TABLE } from '../cvn';
import type { ApplicationTemplate } from '../schema/application';
import type { ApplicationsOfCard } from './applications';
import { syncCpsMapping } from './records';

export function setInterfaces(
  profile: ApplicationsOfCard,
  index: number,
  interfaces: ApplicationTemplate['interfaces'],
): void {
  const app = profile.applications[index];
  if (!app) return;
  app.interfaces = interfaces;
  if (interfaces !== 'both') {
    const gone = interfaces === 'contact' ? 'contactless' : 'contact';
    // The data the remaining interface used from the other one becomes its own.
    app[interfaces] = {
      ...(app[interfaces] ?? {}),
      ...(app[interfaces]?.selection || !app[gone]?.selection ? {} : { selection: app[gone]!.selection }),
      ...(app[interfaces]?.processing || !app[gone]?.processing ? {} : { processing: app[gone]!.processing }),
    };
    delete app[gone];
    for (const record of app.records) {
      if (!record.interfaces) continue;
      const kept = record.interfaces.filter((name) => name === interfaces);
      if (kept.length) record.interfaces = kept;
      else delete record.interfaces;
    }
  }
  syncCpsMapping(app);
  if (interfaces !== 'contactless') profile.card.directories.pse = true;
  if (interfaces !== 'contact') profile.card.directories.ppse = true;
}

export function setFamily(app: ApplicationTemplate, family: ApplicationTemplate['family']): void {
  app.family = family;
  if (!cvnProfile(family, app.cryptogram.cvn))
    app.cryptogram.cvn = CVN_TABLE.find((entry) => entry.family === family)!.cvn;
}

/** The cryptogram versions the workbench knows for a family, for the identity form's choice. */
export function cvnChoices(family: ApplicationTemplate['family']) {
  return CVN_TABLE.filter((entry) => entry.family === family);
}
