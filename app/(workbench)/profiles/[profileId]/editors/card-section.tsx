'use client';

import type { ReactNode } from 'react';
import { ErrorNotice } from '../../../../_components/ui/states';
import { cardTemplate, type CardTemplate } from '../../../../../server/emv/profile/schema/card';
import { jsonPath } from '../../../../../server/emv/profile/schema/document';
import type { SectionProps } from './section-props';

/** What an editor of the card template gets: the card as the format reads it, and a way to change it. */
export interface CardSectionProps extends SectionProps {
  card: CardTemplate;
  editCard: (change: (card: CardTemplate) => void) => void;
}

/**
 * Reads the card template with the format's schema before a card editor shows it: a card the format
 * refuses is named at its JSON path, for the JSON editor to fix, instead of being edited half-read.
 */
export function CardSection({
  props,
  children,
}: {
  props: SectionProps;
  children: (card: CardSectionProps) => ReactNode;
}) {
  const read = cardTemplate.safeParse(props.profile.card);
  if (!read.success) {
    const issue = read.error.issues[0]!;
    return (
      <ErrorNotice
        message={`The card editors cannot read the card template: ${jsonPath(['card', ...issue.path])}: ${issue.message}. Fix it in the “Checks and JSON” tab.`}
      />
    );
  }
  return children({
    ...props,
    // The parsed input, not zod's copy, so the edit changes the document itself.
    card: props.profile.card as unknown as CardTemplate,
    editCard: (change) => props.edit((_, profile) => change(profile.card as unknown as CardTemplate)),
  });
}
