/** Devtools panel entry (bundled to panel.js for panel.html): renders the Panel for the inspected window. */
import { render } from 'preact';
import { devtoolsInspectedWindow } from './inspected-window';
import { Panel } from './Panel';

render(<Panel win={devtoolsInspectedWindow()} />, document.getElementById('app')!);
