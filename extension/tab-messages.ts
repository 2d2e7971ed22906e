/**
 * Background → content script (tabs.sendMessage), validated by the content script on receipt:
 * `otp.fillShortcut` is sent when the user presses the fill shortcut (commands API), which is the
 * keyboard user gesture that allows a fill; `otp.bound` after the user bound an account to the tab's
 * site in the bind window, so the in-page box offers it (it fills only on a later gesture).
 * Its own module: the content script (loaded in every frame of every page) imports this schema,
 * and importing it from messages.ts pulled all of that module's request schemas into content.js
 * (esbuild keeps top-level valibot calls, it cannot know they are pure).
 */
import * as v from 'valibot';

export const TabMessageSchema = v.variant('type', [v.object({ type: v.literal('otp.fillShortcut') }), v.object({ type: v.literal('otp.bound') })]);

/** A message the background sends to a tab's content script. */
export type TabMessage = v.InferOutput<typeof TabMessageSchema>;
