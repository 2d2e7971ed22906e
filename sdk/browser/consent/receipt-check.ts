import type { ConsentReceipt, Controller } from '../../protocol/receipt';
import { CONSENT_METHODS, PERSONAL_DATA_CLASSES, SIGNAL_CATEGORIES } from '../../protocol/vocabulary';
import { checkArray, checkOneOf, checkRecord, checkString, checkTimestamp, expectThat, type Issues } from '../check';

/** Checks a controller `{ name, contact, policyUrl }` (as ControllerSchema); returns just those fields, or undefined. */
export function checkController(issues: Issues, path: string, value: unknown): Controller | undefined {
  if (!checkRecord(issues, path, value)) return undefined;
  const before = issues.length;
  checkString(issues, `${path}.name`, value.name, 200, 1);
  checkString(issues, `${path}.contact`, value.contact, 320);
  checkString(issues, `${path}.policyUrl`, value.policyUrl, 2048);
  return issues.length === before ? { name: value.name as string, contact: value.contact as string, policyUrl: value.policyUrl as string } : undefined;
}

function each(issues: Issues, path: string, value: unknown, item: (entry: Record<string, unknown>, at: string) => void): void {
  if (!checkArray(issues, path, value)) return;
  value.forEach((entry, i) => {
    if (checkRecord(issues, `${path}.${i}`, entry)) item(entry, `${path}.${i}`);
  });
}

/**
 * The issues of a consent receipt read back from page storage (which other scripts and older SDK
 * versions can write), checked field by field as ConsentReceiptSchema does; [] means valid.
 */
export function receiptIssues(value: unknown): Issues {
  const issues: Issues = [];
  if (!checkRecord(issues, 'receipt', value)) return issues;
  const r = value;
  checkOneOf(issues, 'version', r.version, ['twofold-receipt/1']);
  checkString(issues, 'receiptId', r.receiptId, 64, 8);
  checkTimestamp(issues, 'timestamp', r.timestamp);
  checkString(issues, 'jurisdiction', r.jurisdiction, 32);
  checkOneOf(issues, 'collectionMethod', r.collectionMethod, CONSENT_METHODS);
  checkString(issues, 'site', r.site, 253);
  checkString(issues, 'origin', r.origin, 2048);
  if (r.controller !== undefined) checkController(issues, 'controller', r.controller);
  if (r.policyUrl !== undefined) checkString(issues, 'policyUrl', r.policyUrl, 2048);
  each(issues, 'purposes', r.purposes, (p, at) => {
    checkString(issues, `${at}.id`, p.id, 64);
    checkString(issues, `${at}.description`, p.description, 500);
    checkOneOf(issues, `${at}.legalBasis`, p.legalBasis, ['consent']);
  });
  each(issues, 'signals', r.signals, (s, at) => {
    checkString(issues, `${at}.id`, s.id, 64);
    checkOneOf(issues, `${at}.category`, s.category, SIGNAL_CATEGORIES);
    checkOneOf(issues, `${at}.personalData`, s.personalData, PERSONAL_DATA_CLASSES);
  });
  expectThat(issues, 'gpc', r.gpc === null || typeof r.gpc === 'boolean', 'true, false or null', r.gpc);
  if (r.tcString !== undefined) checkString(issues, 'tcString', r.tcString, 8192);
  each(issues, 'events', r.events, (e, at) => {
    checkOneOf(issues, `${at}.state`, e.state, ['given', 'withdrawn']);
    checkTimestamp(issues, `${at}.at`, e.at);
  });
  return issues;
}

/** The value as a ConsentReceipt when it passes every check, else null. */
export function asReceipt(value: unknown): ConsentReceipt | null {
  return receiptIssues(value).length === 0 ? (value as ConsentReceipt) : null;
}
