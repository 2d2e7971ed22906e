import type { Reason, RiskRule } from '../types';

/**
 * Velocity of failed attempts in `velocity.windowMs`, per account (password guessing) and per IP
 * (credential stuffing across accounts). At the limit the attempt is challenged, and the score
 * grows with the count so the excess shows in the ranking too.
 */
export const velocityRule: RiskRule = {
  id: 'velocity',
  evaluate({ failures, policy }) {
    const minutes = Math.round(policy.velocity.windowMs / 60_000);
    const reasons: Reason[] = [];
    let floor: 'challenge' | undefined;
    const check = (count: number, limit: number, feature: string, who: string) => {
      if (count <= 0) return;
      const over = count >= limit;
      if (over) floor = 'challenge';
      reasons.push({
        feature,
        ratio: over ? 1 + (4 * count) / limit : 1,
        detail: `${count} failed sign-in${count === 1 ? '' : 's'} ${who} in the last ${minutes} min (limit ${limit}).`,
      });
    };
    check(failures.user, policy.velocity.userFailures, 'velocity-user', 'for this account');
    check(failures.ip, policy.velocity.ipFailures, 'velocity-ip', 'from this IP address');
    return floor ? { reasons, floor } : { reasons };
  },
};
