/** The two browsers the extension is built for. */
export type BuildTarget = 'chrome' | 'firefox';
/** Returns the manifest for `target`, derived from the root manifest without mutating it. */
export declare function manifestFor(source: Record<string, unknown>, target: BuildTarget): Record<string, unknown>;
/** Permissions only Chrome knows; dropped from the Firefox manifest. */
export declare const CHROME_ONLY_PERMISSIONS: string[];
