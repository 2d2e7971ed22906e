/** Popup entry: asks for the codes first (so the background works while the page renders), then renders. */
import { render } from 'preact';
import { send } from '../api';
import { Popup } from './Popup';

// Marks for the popup bench: where the page's own work starts (the browser's page load is before it).
performance.mark('twofold:script-start');
const firstListing = send({ type: 'accounts.list' });
// Handled by Popup; this only keeps an early rejection (locked vault) from being reported as unhandled.
firstListing.catch(() => undefined);
render(<Popup firstListing={firstListing} />, document.getElementById('app')!);
performance.mark('twofold:first-render');
