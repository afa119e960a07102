/**
 * The applications of a card, in order. The order of `card.applications` is the directory order of
 * the PSE and PPSE (highest priority first), so the designer keeps the profile's list and the card's
 * in the same order and numbers the Application Priority Indicator (87, Book 1 12.2.3 and Book 3
 * Annex C Table 48) after it: the first application gets priority 1.
 */
import { moveItem } from '../editors';
import type { ApplicationTemplate } from '../schema/application';
import { blankApplication, type BlankApplicationInput } from './blank';

/** The part of a profile the applications list changes. */
export interface ApplicationsOfCard {
  applications: ApplicationTemplate[];
  card: {
    applications: string[];
    constants: { currency: string; country: string };
    directories: { pse: boolean; ppse: boolean };
  };
}

/** Puts the card's list in the profile's order and numbers the priorities 1, 2, … after it. */
export function applyCardOrder(profile: ApplicationsOfCard): void {
  const onCard = new Set(profile.card.applications);
  profile.card.applications = profile.applications.map((app) => app.id).filter((id) => onCard.has(id));
  profile.card.applications.forEach((id, i) => {
    const app = profile.applications.find((candidate) => candidate.id === id)!;
    app.identity.priority = {
      value: Math.min(i + 1, 15),
      cardholderConfirmation: app.identity.priority?.cardholderConfirmation ?? false,
    };
  });
}

/** Adds a blank application at the end of the card; the directories follow its interfaces. */
export function addApplication(
  profile: ApplicationsOfCard,
  input: BlankApplicationInput,
): ApplicationTemplate {
  const app = blankApplication(
    input,
    profile.card.constants,
    profile.applications.map((other) => other.id),
  );
  profile.applications.push(app);
  profile.card.applications.push(app.id);
  if (input.interfaces !== 'contactless') profile.card.directories.pse = true;
  if (input.interfaces !== 'contact') profile.card.directories.ppse = true;
  applyCardOrder(profile);
  return app;
}

/** Removes the application at `index`; the last one stays (a profile has at least one). */
export function removeApplication(profile: ApplicationsOfCard, index: number): void {
  if (profile.applications.length <= 1 || !profile.applications[index]) return;
  const [removed] = profile.applications.splice(index, 1);
  profile.card.applications = profile.card.applications.filter((id) => id !== removed!.id);
  applyCardOrder(profile);
}

export function moveApplication(profile: ApplicationsOfCard, from: number, to: number): void {
  profile.applications = moveItem(profile.applications, from, to);
  applyCardOrder(profile);
}
