/**
 * The order both files keep, checked the same way by both parsers: one header first, then the cards
 * numbered 1, 2, 3..., then one trailer whose count is the number of cards, then nothing. Each method
 * returns the problem with the item just read, or null.
 */
import { cardProblem, headerProblem, sequenceProblem } from './content-rules';
import type { BureauCard, BureauFileHeader, BureauFileTrailer } from './types';

export class FileOrder {
  private state: 'start' | 'cards' | 'done' = 'start';
  private records = 0;

  header(header: BureauFileHeader): string | null {
    if (this.state !== 'start') return 'a second header: a file has one header, at its start';
    this.state = 'cards';
    return headerProblem(header);
  }

  card(card: BureauCard): string | null {
    if (this.state === 'start') return 'a card comes before the header: the file must start with its header';
    if (this.state === 'done') return 'a card follows the trailer: nothing may follow the trailer';
    this.records++;
    return sequenceProblem(card, this.records) ?? cardProblem(card);
  }

  trailer(trailer: BureauFileTrailer): string | null {
    if (this.state === 'start')
      return 'the trailer comes before the header: the file must start with its header';
    if (this.state === 'done') return 'a second trailer: a file has one trailer, at its end';
    this.state = 'done';
    if (trailer.records !== this.records) {
      return `the trailer counts ${trailer.records} cards, but the file holds ${this.records} (cards were lost or added)`;
    }
    return null;
  }

  /** At the end of the input: a file without its trailer was cut short. */
  end(): string | null {
    if (this.state === 'start') return 'the file holds no header (it is empty or was cut short)';
    if (this.state === 'cards') {
      return `the file ends after ${this.records} cards without a trailer (it was cut short)`;
    }
    return null;
  }

  get finished(): boolean {
    return this.state === 'done';
  }
}
