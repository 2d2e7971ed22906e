/** Ledger page entry (ledger.html, opened from the popup). */
import { render } from 'preact';
import { Ledger } from './Ledger';

render(<Ledger />, document.getElementById('app')!);
