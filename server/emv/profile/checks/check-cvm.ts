/**
 * The CVM list (EMV 4.4 Book 3 Annex C3 and 10.5): well formed, placed in a record when it has rules,
 * consistent with the PIN options (offline plaintext or enciphered PIN needs the PIN DGIs and, for
 * enciphered PIN, an ICC key), and free of rules that can never be reached.
 */
import { usesOfflinePin } from '../cvm';
import type { ApplicationTemplate } from '../schema/application';
import type { IssueList } from './issue';

export function checkCvm(app: ApplicationTemplate, appPath: string, issues: IssueList): void {
  const { rules, amountX, amountY } = app.cvm;
  const path = `${appPath}.cvm`;
  const placed = app.records.some((record) => record.tlvs.some((tlv) => tlv.tag === '8E'));
  if (rules.length > 0 && !placed) {
    issues.error(
      'cvm-not-placed',
      `${path}.rules`,
      'the CVM list has rules but 8E is not placed in any record',
      '8E',
    );
  }
  if (rules.length === 0 && placed) {
    issues.error(
      'cvm-empty',
      `${path}.rules`,
      '8E CVM List is placed but has no rule; a CVM list needs at least one (Book 3 Annex C3)',
      '8E',
    );
  }
  const seen = new Set<string>();
  let unreachableFrom: number | undefined;
  rules.forEach((rule, i) => {
    const here = `${path}.rules[${i}]`;
    const key = `${rule.method}/${rule.condition}`;
    if (seen.has(key))
      issues.warning('cvm-duplicate', here, `rule ${i + 1} repeats ${rule.method} if ${rule.condition}`);
    seen.add(key);
    if (unreachableFrom !== undefined) {
      issues.warning(
        'cvm-unreachable',
        here,
        `rule ${i + 1} is never reached: rule ${unreachableFrom + 1} always applies and does not fall through`,
      );
    }
    if (rule.condition === 'always' && !rule.applyNextIfUnsuccessful && unreachableFrom === undefined)
      unreachableFrom = i;
    if (
      (rule.condition === 'application-currency-under-x' ||
        rule.condition === 'application-currency-over-x') &&
      amountX === 0
    ) {
      issues.warning('cvm-amount', here, `rule ${i + 1} compares with amount X, which is 0`);
    }
    if (
      (rule.condition === 'application-currency-under-y' ||
        rule.condition === 'application-currency-over-y') &&
      amountY === 0
    ) {
      issues.warning('cvm-amount', here, `rule ${i + 1} compares with amount Y, which is 0`);
    }
  });
  const last = rules.at(-1);
  if (last?.applyNextIfUnsuccessful) {
    issues.warning(
      'cvm-last-apply-next',
      `${path}.rules[${rules.length - 1}]`,
      'the last rule says "apply next if unsuccessful", but there is no next rule: cardholder verification fails',
    );
  }

  const offline = app.keys.pin.offline;
  const plaintextAllowed = offline === 'plaintext' || offline === 'plaintext-and-enciphered';
  const encipheredAllowed = offline === 'enciphered' || offline === 'plaintext-and-enciphered';
  if (usesOfflinePin(rules, 'plaintext') && !plaintextAllowed) {
    issues.error(
      'cvm-offline-pin',
      `${appPath}.keys.pin.offline`,
      `the CVM list uses plaintext offline PIN but the PIN option is "${offline}"`,
    );
  }
  if (usesOfflinePin(rules, 'enciphered') && !encipheredAllowed) {
    issues.error(
      'cvm-offline-pin',
      `${appPath}.keys.pin.offline`,
      `the CVM list uses enciphered offline PIN but the PIN option is "${offline}"`,
    );
  }
  if (usesOfflinePin(rules, 'enciphered') && !app.keys.iccKey) {
    issues.error(
      'cvm-enciphered-key',
      `${appPath}.keys.iccKey`,
      'enciphered offline PIN needs an ICC RSA key to encipher the PIN (Book 2 7.1)',
    );
  }
  if (offline !== 'none' && !usesOfflinePin(rules, 'plaintext') && !usesOfflinePin(rules, 'enciphered')) {
    issues.warning(
      'pin-unused',
      `${appPath}.keys.pin.offline`,
      `offline PIN is "${offline}" but no CVM rule verifies an offline PIN`,
    );
  }
}
