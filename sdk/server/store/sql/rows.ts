/** The SQL stores' rows as the Store interface returns them (logins, collections) and the objection key of a subject. */
import type { CollectionRecord, FeatureValue, LoginRecord, Subject } from '../types';
import type { CollectionsTable, LoginsTable } from './schema';

/** A logins row as the database returns it: the table's columns (schema.ts), one definition. */
export type LoginRow = LoginsTable;
/** A collections row as the database returns it. */
export type CollectionRow = CollectionsTable;

/** The objections key of a subject (account and device, account, or device). */
export function subjectKey(subject: Subject): string {
  if (subject.userId !== undefined && subject.deviceId !== undefined) return `ud:${subject.userId}\n${subject.deviceId}`;
  return subject.userId !== undefined ? `u:${subject.userId}` : `d:${subject.deviceId}`;
}

/** A login row as a LoginRecord (JSON features parsed, NULL columns left out). */
export function toLogin(row: LoginRow): LoginRecord {
  const login: LoginRecord = {
    id: row.id,
    userId: row.user_id,
    time: Number(row.time),
    ip: row.ip,
    outcome: row.outcome,
    features: JSON.parse(row.features) as FeatureValue[],
  };
  if (row.lat !== null) login.lat = Number(row.lat);
  if (row.lon !== null) login.lon = Number(row.lon);
  if (row.device_id !== null) login.deviceId = row.device_id;
  if (row.visitor_id !== null) login.visitorId = row.visitor_id;
  return login;
}

/** A collection row as a CollectionRecord. */
export function toCollection(c: CollectionRow): CollectionRecord {
  const out: CollectionRecord = {
    id: c.id,
    deviceId: c.device_id,
    time: Number(c.time),
    receiptId: c.receipt_id,
    signals: JSON.parse(c.signals) as string[],
    features: JSON.parse(c.features) as FeatureValue[],
  };
  if (c.user_id !== null) out.userId = c.user_id;
  return out;
}
