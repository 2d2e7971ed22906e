/** Devtools page entry (devtools.html): registers the "Twofold" panel. */
type Panels = { panels: { create(title: string, icon: string, page: string, callback?: () => void): unknown } };
const g = globalThis as unknown as { browser?: { devtools?: Panels }; chrome?: { devtools?: Panels } };
const devtools = g.browser?.devtools ?? g.chrome?.devtools;
// Firefox returns a promise, Chrome takes a callback; neither result is needed.
void devtools?.panels.create('Twofold', '', 'panel.html', () => undefined);
