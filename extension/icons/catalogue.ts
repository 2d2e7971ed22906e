/**
 * The service icons the extension ships: a hand-picked subset of simple-icons (CC0-1.0, npm
 * `simple-icons`), chosen for services that commonly offer authenticator-app sign-in. Named ESM
 * imports let esbuild keep only these icons (simple-icons is side-effect free), about 60 kB of
 * path data instead of the package's several megabytes; nothing is fetched at run time, ever.
 * Only icons without a licence of their own (i.e. under the package's CC0) belong here: the
 * catalogue test checks each against the package's data file.
 *
 * `domains` are extra registrable domains for services whose domain name is not their slug
 * (twitter.com for x, battle.net for battledotnet); `names` extra issuer spellings.
 */
import {
  siGithub, siGitlab, siBitbucket, siGoogle, siGmail, siFacebook, siInstagram, siX, siDiscord, siDropbox, siApple, siPaypal, siStripe, siCoinbase, siBinance, siSteam, siBattledotnet, siTwitch, siReddit, siPlaystation, siUbisoft, siEa, siCloudflare, siDigitalocean, siVercel, siNetlify, siNpm, siDocker, siAtlassian, siOkta, siAuth0, siBitwarden, si1password, siLastpass, siProtonmail, siProton, siShopify, siWordpress, siEbay, siEtsy, siTiktok, siSnapchat, siPinterest, siMastodon, siTelegram, siWhatsapp, siZoom, siNotion, siFigma, siNamecheap, siGodaddy, siOvh, siHetzner, siBackblaze, siWise, siRevolut, siRobinhood, siKucoin, siNextcloud, siTesla, siUber, siAirbnb, siSpotify, siPatreon, siSentry, siPypi, siJetbrains, siMega, siTailscale, siHackerone, siCodeberg, siMozilla, siRoblox, siEvernote, siTrello, siHubspot, siWix, siMedium, siGooglecloud, siIcloud, siGandi, siPorkbun, siSignal, siIntuit, siN26, siVultr, siScaleway, siRubygems, siHashicorp, siMongodb, siFirebase, siRiotgames, siTeamviewer, siAnydesk, siLichess, siChessdotcom,
} from 'simple-icons';

/** One icon: simple-icons' slug, title, brand colour (hex, no #) and 24×24 SVG path. */
export interface ServiceIcon {
  slug: string;
  title: string;
  hex: string;
  path: string;
}

/** Extra ways issuers and bound domains name a service, by slug. */
export const EXTRA_NAMES: Readonly<Record<string, { names?: readonly string[]; domains?: readonly string[] }>> = {
  google: { names: ['google account', 'gmail', 'youtube'], domains: ['google.com', 'gmail.com', 'youtube.com'] },
  x: { names: ['twitter'], domains: ['x.com', 'twitter.com'] },
  battledotnet: { names: ['blizzard', 'battle net'], domains: ['battle.net', 'blizzard.com'] },
  playstation: { names: ['sony', 'playstation network', 'psn'], domains: ['playstation.com', 'sonyentertainmentnetwork.com'] },
  ea: { names: ['electronic arts', 'ea app'], domains: ['ea.com'] },
  apple: { names: ['apple id'], domains: ['apple.com'] },
  facebook: { names: ['meta'], domains: ['facebook.com', 'meta.com'] },
  steam: { names: ['steam guard', 'valve'], domains: ['steampowered.com', 'steamcommunity.com'] },
  npm: { domains: ['npmjs.com'] },
  docker: { names: ['docker hub'], domains: ['docker.com', 'docker.io'] },
  atlassian: { names: ['jira', 'confluence'], domains: ['atlassian.com', 'atlassian.net'] },
  wise: { names: ['transferwise'], domains: ['wise.com', 'transferwise.com'] },
  protonmail: { names: ['proton mail'], domains: ['protonmail.com'] },
  proton: { domains: ['proton.me'] },
  riotgames: { names: ['riot', 'league of legends'], domains: ['riotgames.com'] },
  ubisoft: { names: ['ubisoft connect', 'uplay'], domains: ['ubisoft.com', 'ubi.com'] },
  digitalocean: { domains: ['digitalocean.com'] },
  chessdotcom: { names: ['chess.com'], domains: ['chess.com'] },
  wordpress: { names: ['wordpress.com'], domains: ['wordpress.com', 'wordpress.org'] },
  pypi: { domains: ['pypi.org'] },
};

/** Every shipped icon, in the order above. */
export const SERVICE_ICONS: readonly ServiceIcon[] = [
  siGithub, siGitlab, siBitbucket, siGoogle, siGmail, siFacebook, siInstagram, siX, siDiscord, siDropbox, siApple, siPaypal, siStripe, siCoinbase, siBinance, siSteam, siBattledotnet, siTwitch, siReddit, siPlaystation, siUbisoft, siEa, siCloudflare, siDigitalocean, siVercel, siNetlify, siNpm, siDocker, siAtlassian, siOkta, siAuth0, siBitwarden, si1password, siLastpass, siProtonmail, siProton, siShopify, siWordpress, siEbay, siEtsy, siTiktok, siSnapchat, siPinterest, siMastodon, siTelegram, siWhatsapp, siZoom, siNotion, siFigma, siNamecheap, siGodaddy, siOvh, siHetzner, siBackblaze, siWise, siRevolut, siRobinhood, siKucoin, siNextcloud, siTesla, siUber, siAirbnb, siSpotify, siPatreon, siSentry, siPypi, siJetbrains, siMega, siTailscale, siHackerone, siCodeberg, siMozilla, siRoblox, siEvernote, siTrello, siHubspot, siWix, siMedium, siGooglecloud, siIcloud, siGandi, siPorkbun, siSignal, siIntuit, siN26, siVultr, siScaleway, siRubygems, siHashicorp, siMongodb, siFirebase, siRiotgames, siTeamviewer, siAnydesk, siLichess, siChessdotcom,
].map(({ slug, title, hex, path }) => ({ slug, title, hex, path }));
