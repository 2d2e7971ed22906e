/**
 * The background's error codes in the UI's languages. The background words its errors in English
 * (they also go to logs and tests); the UI shows them by code, so a Norwegian user reads Norwegian.
 * English keeps the background's own message (it often names the value that was wrong); a code
 * this table does not know falls back to that message too, so a new error is never hidden.
 */
import type { Language } from './i18n';

/** Norwegian bokmål for every error code the background sends to the UI. */
const nb: Readonly<Record<string, string>> = {
  no_answer: 'Bakgrunnen til utvidelsen svarte ikke; last inn utvidelsen på nytt.',
  internal_error: 'Utvidelsen fikk en uventet feil; prøv igjen, og last inn utvidelsen på nytt hvis det vedvarer.',
  invalid_message: 'Forespørselen er ugyldig; last inn siden på nytt og prøv igjen.',
  not_a_page: 'Dette gjelder bare en nettside i en fane.',
  rate_limited: 'Siden har spurt Twofold for ofte; vent et sekund og gå til kodefeltet igjen.',
  vault_missing: 'Det finnes ikke noe hvelv ennå: opprett et med en passordfrase først.',
  vault_locked: 'Hvelvet er låst: lås det opp med passordfrasen din først.',
  vault_exists: 'Et hvelv finnes allerede; lås det opp i stedet.',
  wrong_passphrase: 'Passordfrasen låser ikke opp hvelvet. Sjekk den (store og små bokstaver teller) og prøv igjen.',
  weak_kdf: 'Nøkkelutledningen er for svak; velg flere iterasjoner.',
  account_not_found: 'Kontoen finnes ikke lenger i hvelvet.',
  account_corrupted: 'Kontoen er skadet og kan ikke leses.',
  invalid_account: 'Kontoen er ikke gyldig: sjekk utsteder, hemmelig nøkkel, sifre og periode.',
  invalid_secret: 'Den hemmelige nøkkelen er ikke gyldig base32 (bokstavene A–Z og sifrene 2–7).',
  invalid_site: 'Et av nettstedene er ikke et gyldig domenenavn.',
  invalid_otpauth_uri: 'Dette er ikke en gyldig otpauth://-URI. Den skal begynne med «otpauth://totp/» eller «otpauth://hotp/» og ha secret=.',
  not_hotp: 'Dette er en tidsbasert (TOTP) konto; koden vises i listen.',
  qr_unavailable: 'Denne nettleseren kan ikke lese skjermbildet som trengs for å skanne en QR-kode.',
  qr_not_found: 'Fant ingen QR-kode i fanen. Sørg for at hele koden er synlig (ikke avkuttet), og prøv igjen.',
  qr_tainted: 'QR-koden er et bilde fra et annet nettsted, og nettleseren lar ikke utvidelsen lese pikslene. Åpne bildet i en egen fane og skann igjen.',
  no_site: 'Denne siden har ikke noe nettstedsnavn Twofold kan knytte en konto til.',
  tab_gone: 'Fanen er lukket eller viser ikke lenger en nettside; åpne Twofold igjen fra siden.',
  site_not_bound: 'Kontoen er ikke knyttet til dette nettstedet, så Twofold fyller ikke inn koden her.',
  site_changed: 'Fanen viser nå et annet nettsted; ingenting ble knyttet. Åpne Twofold igjen fra siden.',
  too_many_sites: 'Kontoen er allerede knyttet til så mange nettsteder som mulig; fjern noen først.',
  invalid_input: 'Filinnholdet kom ikke fram som tekst eller bytes.',
  invalid_file: 'Filen kunne ikke leses (feil tegnkoding).',
  invalid_backup: 'Dette er ikke en lesbar Twofold-sikkerhetskopi: filen er skadet eller har feil format.',
  wrong_password: 'Passordet åpner ikke filen. Sjekk passordet og prøv igjen; ingenting ble importert.',
  password_required: 'Filen er kryptert: skriv inn passordet den ble eksportert med.',
  unsupported_format: 'Twofold kan ikke importere filer fra denne appen.',
  unrecognised_format:
    'Twofold kjente ikke igjen filen. Forventet en eksport fra Google Authenticator, Aegis, 2FAS, andOTP, Bitwarden, FreeOTP+, Proton Authenticator, Stratum, en Twofold-sikkerhetskopi eller en liste med otpauth://-URI-er.',
  corrupt_file: 'Filen er skadet eller ufullstendig. Ingenting ble importert.',
  malformed_entry: 'Oppføringen har feil format.',
  file_too_large: 'Filen er for stor; eksporter fra autentiseringsapper er langt mindre.',
  unsupported_entry: 'Denne oppføringen kan ikke importeres.',
  frame_site_differs: 'Kodefeltet ligger i en ramme fra et annet nettsted; knytt kontoen fra Twofold-knappen i verktøylinjen i stedet.',
  backup_off: 'Automatisk sikkerhetskopi er av: velg en plan og et passord for sikkerhetskopien først.',
  backup_password_needed: 'Velg et passord for sikkerhetskopien først: automatiske sikkerhetskopier krypteres med det, og gjenoppretting spør etter det.',
  backup_failed: 'Sikkerhetskopien kunne ikke lagres; prøv igjen.',
  sync_passphrase_needed:
    'Denne nettleserkontoen synkroniserer allerede et Twofold-hvelv. Skriv inn passordfrasen til det hvelvet for å bli med: kontoene her slås sammen med det.',
  sync_other_vault: 'Et annet hvelv synkroniseres nå i denne nettleserkontoen; synkronisering er slått av. Slå den på igjen for å bli med i det hvelvet.',
  sync_quota: 'Synkroniseringslageret er fullt; kontoene blir på denne enheten. Slett noen for å synkronisere igjen.',
  sync_item_too_big: 'Noen kontoer ble ikke synkronisert (over 8 KB kryptert, for eksempel for mange knyttede nettsteder).',
  unknown_site: 'Loggen har ingen Twofold-oppføring for dette nettstedet.',
  no_rights_token: 'Twofold har ingen rettighetsnøkkel for dette nettstedet; besøk det og godta samtykket først.',
  no_rights_endpoint: 'Nettstedet publiserer ikke hvor forespørsler om rettigheter skal sendes.',
  unverified_endpoint: 'Nettstedet er ikke bekreftet, så Twofold sender ikke forespørselen dit.',
  rights_token_refused: 'Nettstedet godtok ikke rettighetsnøkkelen.',
};

/** The text to show for a background error `code` whose English message is `message`, in `language`. */
export function localizedError(code: string, message: string, language: Language): string {
  if (language === 'en') return message;
  return nb[code] ?? message;
}

/** The error codes with a Norwegian text (for the test that every code the UI can meet is covered). */
export const TRANSLATED_ERROR_CODES: readonly string[] = Object.keys(nb);
