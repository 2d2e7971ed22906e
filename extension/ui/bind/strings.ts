/**
 * The bind window's texts (English and Norwegian bokmål, following the browser like ../i18n.ts).
 * Kept with the window: the only extension UI where an account is bound to a new site.
 */
import type { LookalikeKind } from '../../messages';

const en = {
  title: 'Use an account on this site',
  siteIntro: 'The page in your tab is on',
  fullAddress: 'Full address: {host}',
  idnAddress: 'This address contains non-Latin letters. It is written {unicode}.',
  warningTitle: 'Careful: this may be a lookalike site',
  warnings: {
    'brand-in-subdomain': '{host} only contains the name {resembles}; it belongs to {site}, not to {resembles}.',
    homoglyph: '{site} uses letters that look like {resembles}, the site of {account}, but it is another site.',
    'edit-distance': '{site} is spelled almost like {resembles}, the site of {account}, but it is another site.',
  } satisfies Record<LookalikeKind, string>,
  choose: 'Choose the account to use on {site}',
  none: 'Every account is already bound to this site, or there are none yet.',
  acknowledge: 'I checked the address: this page really belongs to the account I chose.',
  confirm: 'Use on {site}',
  bound: '{account} is now bound to {site}. Go back to the page and choose "Fill code".',
  locked: 'Unlock Twofold to choose an account.',
  noTab: "This window was not opened for a tab. Open it from the page's code field or the toolbar popup.",
  alreadyBound:
    'Already bound here: {names}. If Twofold did not fill, the page may have hidden or covered its suggestion: click the code field again, or copy the code from the toolbar popup.',
};

type BindStrings = typeof en;

const nb: BindStrings = {
  title: 'Bruk en konto på dette nettstedet',
  siteIntro: 'Siden i fanen din ligger på',
  fullAddress: 'Full adresse: {host}',
  idnAddress: 'Adressen inneholder ikke-latinske bokstaver. Den skrives {unicode}.',
  warningTitle: 'Pass på: dette kan være en etterligning',
  warnings: {
    'brand-in-subdomain': '{host} inneholder bare navnet {resembles}; den tilhører {site}, ikke {resembles}.',
    homoglyph: '{site} bruker bokstaver som ligner {resembles}, nettstedet til {account}, men er et annet nettsted.',
    'edit-distance': '{site} staves nesten som {resembles}, nettstedet til {account}, men er et annet nettsted.',
  },
  choose: 'Velg kontoen som skal brukes på {site}',
  none: 'Alle kontoene er allerede knyttet til dette nettstedet, eller det finnes ingen ennå.',
  acknowledge: 'Jeg har sjekket adressen: siden tilhører virkelig kontoen jeg valgte.',
  confirm: 'Bruk på {site}',
  bound: '{account} er nå knyttet til {site}. Gå tilbake til siden og velg «Fyll inn kode».',
  locked: 'Lås opp Twofold for å velge en konto.',
  noTab: 'Dette vinduet ble ikke åpnet for en fane. Åpne det fra kodefeltet på siden eller fra verktøylinjen.',
  alreadyBound:
    'Allerede knyttet hit: {names}. Hvis Twofold ikke fylte inn, kan siden ha skjult eller dekket forslaget: klikk i kodefeltet igjen, eller kopier koden fra verktøylinjen.',
};

const lang = (navigator.languages ?? [navigator.language])
  .map((l) => l.toLowerCase().split(/[-_]/)[0])
  .find((l) => l === 'en' || l === 'nb' || l === 'no' || l === 'nn');
/** The bind window's strings for the browser's language. */
export const s: BindStrings = lang && lang !== 'en' ? nb : en;

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
