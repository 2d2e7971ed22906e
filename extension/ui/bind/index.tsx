/** Bind window entry: `bind.html?tab=<id>` (see Bind.tsx). */
import { render } from 'preact';
import { Bind } from './Bind';

const raw = new URLSearchParams(location.search).get('tab');
const tabId = raw !== null && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
render(<Bind tabId={tabId} />, document.getElementById('app')!);
