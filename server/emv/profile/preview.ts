/**
 * The card as it will be, for a made-up cardholder: per application every DGI in send order, the PSE
 * and PPSE, and the surface. Secrets appear only as the descriptors the caller passes.
 */
import type { CardData } from './card-data';
import { buildDgis, type BuiltDgi } from './dgis';
import { ppseDgis, pseDgis, PPSE_NAME, PSE_NAME } from './directories';
import type { ApplicationTemplate } from './schema/application';
import type { ProfileDocument } from './schema/document';
import { previewSurface, type SurfacePreview } from './surface';

export interface ApplicationPreview {
  /** Application template id, or "pse" / "ppse". */
  id: string;
  name: string;
  /** AID, or the directory's DF name in hex. */
  aid: string;
  dgis: BuiltDgi[];
}

export interface CardPreview {
  applications: ApplicationPreview[];
  surface: SurfacePreview;
}

/** The card template's applications, in its order; ids it names but the profile lacks are skipped. */
export function cardApplications(profile: ProfileDocument): ApplicationTemplate[] {
  return profile.card.applications
    .map((id) => profile.applications.find((app) => app.id === id))
    .filter((app): app is ApplicationTemplate => app !== undefined);
}

export function previewCard(profile: ProfileDocument, cardData: CardData): CardPreview {
  const apps = cardApplications(profile);
  const applications: ApplicationPreview[] = [];
  if (profile.card.directories.pse) {
    applications.push({
      id: 'pse',
      name: 'Payment System Environment',
      aid: Buffer.from(PSE_NAME).toString('hex').toUpperCase(),
      dgis: pseDgis(apps),
    });
  }
  if (profile.card.directories.ppse) {
    applications.push({
      id: 'ppse',
      name: 'Proximity Payment System Environment',
      aid: Buffer.from(PPSE_NAME).toString('hex').toUpperCase(),
      dgis: ppseDgis(apps),
    });
  }
  for (const app of apps) {
    applications.push({
      id: app.id,
      name: app.name,
      aid: app.identity.aid,
      dgis: buildDgis(app, cardData, { card: profile.card }),
    });
  }
  return { applications, surface: previewSurface(profile.card, cardData) };
}
