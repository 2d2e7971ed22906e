/**
 * An account's icon in the popup and options: the service's simple-icons logo (shipped inside the
 * bundle, drawn as inline SVG: no request of any kind), else its initial on a colour derived from
 * the name. Decorative: the name beside it is what assistive technology reads.
 */
import { iconForAccount, initialColour } from '../../icons/match';

/** What the icon needs to know about an account. */
export interface IconAccount {
  issuer: string;
  label: string;
  sites?: readonly string[];
  /** The letter the vault stored (the user may have chosen it). */
  icon: string;
}

/** The icon for `account`. */
export function ServiceIcon({ account }: { account: IconAccount }) {
  const brand = iconForAccount(account);
  if (brand) {
    return (
      <span class="icon icon-brand" aria-hidden="true" data-icon={brand.slug}>
        <svg viewBox="0 0 24 24" width="18" height="18" focusable="false" aria-hidden="true">
          <path d={brand.path} fill={`#${brand.hex}`} />
        </svg>
      </span>
    );
  }
  const name = account.issuer || account.label;
  return (
    // A string style is one cssText write per row; an object style is diffed property by property.
    <span class="icon" aria-hidden="true" data-icon="initial" style={`background:${initialColour(name)}`}>
      {account.icon}
    </span>
  );
}
