import type { RiskRule } from '../types';

/** Score factor when the SDK saw a script-driven browser. */
export const AUTOMATION_RATIO = 8;

/** Automation hints from the SDK (webdriver flag, headless markers): challenged or denied per policy. */
export const automationRule: RiskRule = {
  id: 'automation',
  signals: ['automation'],
  evaluate({ attempt, policy }) {
    if (attempt.automation !== true) return { reasons: [] };
    return {
      reasons: [
        {
          feature: 'automation',
          ratio: AUTOMATION_RATIO,
          detail: `The browser shows signs of automation (webdriver or headless); policy: ${policy.onAutomation}.`,
        },
      ],
      floor: policy.onAutomation,
    };
  },
};
