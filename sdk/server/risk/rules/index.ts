import type { RiskRule } from '../types';
import { automationRule } from './automation';
import { browserRule } from './browser';
import { consentRule } from './consent';
import { deviceKindRule } from './device-kind';
import { deviceTraitsRule } from './device-traits';
import { impossibleTravelRule } from './impossible-travel';
import { localClockRule } from './local-clock';
import { localeRule } from './locale';
import { networkRule } from './network';
import { newDeviceRule } from './new-device';
import { reportBrowserRule } from './report-browser';
import { reportedLocationRule } from './reported-location';
import { signalCoverageRule } from './signal-coverage';
import { timeZoneLocationRule } from './time-zone-location';
import { userPriorRule } from './user-prior';
import { velocityRule } from './velocity';

/** The rules the engine composes, in the order their reasons are listed on ties. Adding a rule = one file + one line here. */
export const RISK_RULES: readonly RiskRule[] = [
  userPriorRule,
  networkRule,
  browserRule,
  reportBrowserRule,
  deviceKindRule,
  deviceTraitsRule,
  localeRule,
  timeZoneLocationRule,
  localClockRule,
  reportedLocationRule,
  newDeviceRule,
  signalCoverageRule,
  impossibleTravelRule,
  velocityRule,
  automationRule,
  consentRule,
];

export {
  automationRule,
  browserRule,
  consentRule,
  deviceKindRule,
  deviceTraitsRule,
  impossibleTravelRule,
  localClockRule,
  localeRule,
  networkRule,
  newDeviceRule,
  reportBrowserRule,
  reportedLocationRule,
  signalCoverageRule,
  timeZoneLocationRule,
  userPriorRule,
  velocityRule,
};
