/**
 * DOLs (EMV 4.4 Book 3 5.4): every tag a DOL asks for is known and asked with a sensible length;
 * CDOL1 holds what the chosen cryptogram version computes the AC over (see ../cvn.ts for the table and
 * its sources); a DDOL holds the Unpredictable Number (Book 2 6.5.1).
 */
import { dataElement, lengthRange, tagLabel } from '../../dictionary';
import { cvnProfile } from '../cvn';
import type { ApplicationTemplate } from '../schema/application';
import type { DolEntry } from '../schema/common';
import { familyOf } from '../values';
import { interfacesOf, processingFor, selectionFor } from '../interfaces';
import type { IssueList } from './issue';

const DOL_NAMES: Record<string, string> = {
  cdol1: '8C CDOL1',
  cdol2: '8D CDOL2',
  ddol: '9F49 DDOL',
  tdol: '97 TDOL',
  pdol: '9F38 PDOL',
};

function checkDol(
  app: ApplicationTemplate,
  which: string,
  entries: readonly DolEntry[],
  path: string,
  issues: IssueList,
): void {
  const family = familyOf(app);
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const here = `${path}[${i}]`;
    const element = dataElement(entry.tag, family);
    if (seen.has(entry.tag))
      issues.error(
        'dol-duplicate',
        here,
        `${DOL_NAMES[which]} asks for ${tagLabel(entry.tag, family)} twice`,
        entry.tag,
      );
    seen.add(entry.tag);
    if (!element) {
      issues.error(
        'dol-unknown-tag',
        `${here}.tag`,
        `${DOL_NAMES[which]} asks for ${entry.tag}, which is not in the data dictionary`,
        entry.tag,
      );
      return;
    }
    if (element.constructed) {
      issues.warning(
        'dol-constructed',
        `${here}.tag`,
        `${DOL_NAMES[which]} asks for ${tagLabel(entry.tag, family)}, a constructed object, for which the terminal sends zeroes (Book 3 5.4)`,
        entry.tag,
      );
    }
    const [min, max] = lengthRange(element);
    if (entry.length < min || entry.length > max) {
      issues.warning(
        'dol-length',
        `${here}.length`,
        `${DOL_NAMES[which]} asks for ${tagLabel(entry.tag, family)} with length ${entry.length}; the element is ${min === max ? min : `${min} to ${max}`} bytes, so the terminal pads or truncates it`,
        entry.tag,
      );
    }
  });
}

export function checkDols(app: ApplicationTemplate, appPath: string, issues: IssueList): void {
  const family = familyOf(app);
  for (const which of ['cdol1', 'cdol2', 'ddol', 'tdol'] as const) {
    const entries = app.dols[which];
    if (entries) checkDol(app, which, entries, `${appPath}.dols.${which}`, issues);
  }
  for (const name of ['contact', 'contactless'] as const) {
    const pdol = app[name]?.selection?.pdol;
    if (pdol) checkDol(app, 'pdol', pdol, `${appPath}.${name}.selection.pdol`, issues);
  }

  const cvn = cvnProfile(app.family, app.cryptogram.cvn);
  if (!cvn) {
    issues.error(
      'cvn-unknown',
      `${appPath}.cryptogram.cvn`,
      `cryptogram version ${app.cryptogram.cvn} is not one the workbench knows for ${app.family} applications`,
    );
  }
  const interfaces = interfacesOf(app);
  if (interfaces.includes('contact')) {
    if (!app.dols.cdol1)
      issues.error(
        'cdol-missing',
        `${appPath}.dols`,
        'the contact interface needs 8C CDOL1 for the first GENERATE AC',
        '8C',
      );
    if (!app.dols.cdol2)
      issues.error(
        'cdol-missing',
        `${appPath}.dols`,
        'the contact interface needs 8D CDOL2 for the second GENERATE AC',
        '8D',
      );
  }
  if (cvn && app.dols.cdol1) {
    const asked = new Set(app.dols.cdol1.map((entry) => entry.tag));
    for (const tag of cvn.cdol1) {
      if (!asked.has(tag)) {
        issues.error(
          'cdol1-cvn',
          `${appPath}.dols.cdol1`,
          `8C CDOL1 lacks ${tagLabel(tag, family)}, which CVN ${cvn.cvn} (${cvn.description}) computes the cryptogram over`,
          tag,
        );
      }
    }
  }
  const dda = interfaces.some((name) => processingFor(app, name)?.oda.includes('dda'));
  if (app.dols.ddol && !app.dols.ddol.some((entry) => entry.tag === '9F37')) {
    issues.error(
      'ddol-un',
      `${appPath}.dols.ddol`,
      '9F49 DDOL must ask for 9F37 Unpredictable Number (Book 2 6.5.1)',
      '9F37',
    );
  }
  if (dda && !app.dols.ddol) {
    issues.warning(
      'ddol-missing',
      `${appPath}.dols`,
      'DDA is chosen but there is no 9F49 DDOL, so terminals use their default DDOL',
      '9F49',
    );
  }
  if (app.family === 'vsdc-style' && interfaces.includes('contactless')) {
    const pdol = selectionFor(app, 'contactless')?.pdol ?? [];
    if (!pdol.some((entry) => entry.tag === '9F66')) {
      issues.warning(
        'contactless-pdol',
        `${appPath}.contactless.selection.pdol`,
        'a VSDC-style contactless application reads 9F66 Terminal Transaction Qualifiers (TTQ) through its PDOL',
        '9F66',
      );
    }
  }
}
