/** The strength line under a new password field (announced politely as the user types). */
import { t } from '../i18n';
import { passwordStrength } from './strength';

const words = { weak: 'strengthWeak', fair: 'strengthFair', strong: 'strengthStrong' } as const;

/** Nothing while the field is empty; otherwise the level in words, coloured by level. */
export function StrengthHint({ password, id }: { password: string; id: string }) {
  if (!password) return <span id={id} class="strength" aria-live="polite" />;
  const level = passwordStrength(password);
  return (
    <span id={id} class="strength" data-level={level} data-testid="strength" aria-live="polite">
      {t(words[level])}
    </span>
  );
}
