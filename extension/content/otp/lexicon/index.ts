import { dutch } from './nl';
import { english } from './en';
import { french } from './fr';
import { german } from './de';
import { italian } from './it';
import { norwegian } from './nb';
import { portuguese } from './pt';
import { spanish } from './es';
import type { OtpLexicon } from './types';

export type { NegativeKind, OtpLexicon } from './types';
export { NEGATIVE_KINDS } from './types';

/** Every language the detector reads; adding one is one file plus one line here. */
export const LEXICONS: readonly OtpLexicon[] = [english, norwegian, german, french, spanish, italian, portuguese, dutch];
