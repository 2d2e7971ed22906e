import { userPriorRatio } from '../freeman';
import type { RiskRule } from '../types';

/** Freeman's prior p(u|A)/p(u|L): accounts with little legitimate history are likelier targets than their traffic share suggests. */
export const userPriorRule: RiskRule = {
  id: 'user-prior',
  evaluate({ profile }) {
    const ratio = userPriorRatio(profile);
    const detail =
      profile.userLogins === 0
        ? 'No earlier successful sign-in for this account, so there is no history to vouch for it.'
        : `This account has ${profile.userLogins} earlier successful sign-in${profile.userLogins === 1 ? '' : 's'} out of ${profile.totalLogins} across ${profile.userCount} account${profile.userCount === 1 ? '' : 's'}.`;
    return { reasons: [{ feature: 'user', ratio, detail }] };
  },
};
