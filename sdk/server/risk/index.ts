/** sdk/server/risk: the risk engine (Freeman et al. likelihood ratio + rules) and its parts. */
export { createRiskEngine, scoreAttempt, featuresOf, type RiskEngine } from './engine';
export { attemptFromReport, type AttemptContext } from './report';
export { normalizeAttempt, normalizeAsn } from './attempt';
export { DEFAULT_POLICY, resolvePolicy } from './policy';
export { RISK_RULES } from './rules/index';
export { UNSEEN_RATIO, featureRatio, userPriorRatio, globalProbability, userProbability, type FeatureLevel, type FeatureScore } from './freeman';
export { parseUserAgent } from './user-agent';
export { checkDeviceProof, applyDeviceProof, type DeviceProofResult } from './device-proof';
export type { RiskEvent, AssessedEvent, RecordedEvent, RiskEventHooks } from './events';
export type {
  Assessment,
  Decision,
  LoginAttempt,
  NormalizedAttempt,
  ParsedUserAgent,
  Reason,
  RiskEngineOptions,
  RiskPolicy,
  RiskRule,
  RuleInput,
  RuleOutcome,
} from './types';
