/**
 * checks(profile): every check of the designer, as issues with a JSON path, the tag and its name, a
 * severity and a message. A profile with an error cannot be submitted (`canSubmit`).
 */
import type { ProfileDocument } from '../schema/document';
import { parseProfile } from '../schema/document';
import { familyOf } from '../values';
import { checkApplicationsTogether, checkCard, checkInterfacesAgree } from './check-card';
import { checkApplicationCodes } from './check-codes';
import { checkCps } from './check-cps';
import { checkAdditionalInputs, checkOverrides } from './check-inputs';
import { checkCvm } from './check-cvm';
import { checkDols } from './check-dols';
import { checkOda } from './check-oda';
import { checkRecords } from './check-records';
import { checkRiskPlaced } from './check-risk';
import { checkValues } from './check-values';
import { IssueList, type ProfileIssue } from './issue';

export type { ProfileIssue, Severity } from './issue';

export function checks(profile: ProfileDocument): ProfileIssue[] {
  const all: ProfileIssue[] = [];
  profile.applications.forEach((app, i) => {
    const issues = new IssueList(familyOf(app));
    const path = `$.applications[${i}]`;
    const card = profile.card.applications.includes(app.id) ? profile.card : undefined;
    checkValues(app, path, card, issues);
    checkRecords(app, path, issues);
    checkDols(app, path, issues);
    checkOda(app, path, issues);
    checkCvm(app, path, issues);
    checkApplicationCodes(app, path, profile.card, issues);
    checkRiskPlaced(app, path, issues);
    checkCps(app, path, issues);
    all.push(...issues.issues);
  });
  const shared = new IssueList();
  checkApplicationsTogether(profile, shared);
  checkInterfacesAgree(profile, shared);
  checkCard(profile, shared);
  checkAdditionalInputs(profile, shared);
  checkOverrides(profile, shared);
  return [...all, ...shared.issues];
}

/** Schema problems first (as errors with code "schema"), then, if the JSON is well formed, the checks. */
export function checkProfileJson(input: unknown): ProfileIssue[] {
  const parsed = parseProfile(input);
  if (!parsed.ok) {
    return parsed.problems.map((problem) => ({
      path: problem.path,
      severity: 'error',
      code: 'schema',
      message: problem.message,
    }));
  }
  return checks(parsed.profile);
}

export function canSubmit(issues: readonly ProfileIssue[]): boolean {
  return !issues.some((issue) => issue.severity === 'error');
}
