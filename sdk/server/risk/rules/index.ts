import type { RiskRule } from '../types';
import { automationRule } from './automation';
import { browserRule } from './browser';
import { consentRule } from './consent';
import { impossibleTravelRule } from './impossible-travel';
import { localeRule } from './locale';
import { networkRule } from './network';
import { newDeviceRule } from './new-device';
import { signalCoverageRule } from './signal-coverage';
import { timeZoneLocationRule } from './time-zone-location';
import { userPriorRule } from './user-prior';
import { velocityRule } from './velocity';

/** The rules the engine composes, in the order their reasons are listed on ties. Adding a rule = one file + one line here. */
export const RISK_RULES: readonly RiskRule[] = [
  userPriorRule,
  networkRule,
  browserRule,
  localeRule,
  timeZoneLocationRule,
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
  impossibleTravelRule,
  localeRule,
  networkRule,
  newDeviceRule,
  signalCoverageRule,
  timeZoneLocationRule,
  userPriorRule,
  velocityRule,
};
