/**
 * The service icons the extension ships: a hand-picked subset of simple-icons (CC0-1.0, npm
 * `simple-icons`), chosen for services that commonly offer authenticator-app sign-in. Static property
 * reads of the namespace import let esbuild keep only these icons (simple-icons is side-effect free), about 60 kB of
 * path data instead of the package's several megabytes; nothing is fetched at run time, ever.
 * Only icons without a licence of their own (i.e. under the package's CC0) belong here: the
 * catalogue test checks each against the package's data file.
 *
 * `domains` are extra registrable domains for services whose domain name is not their slug
 * (twitter.com for x, battle.net for battledotnet); `names` extra issuer spellings.
 */
import * as si from 'simple-icons';

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
  si.siGithub,
  si.siGitlab,
  si.siBitbucket,
  si.siGoogle,
  si.siGmail,
  si.siFacebook,
  si.siInstagram,
  si.siX,
  si.siDiscord,
  si.siDropbox,
  si.siApple,
  si.siPaypal,
  si.siStripe,
  si.siCoinbase,
  si.siBinance,
  si.siSteam,
  si.siBattledotnet,
  si.siTwitch,
  si.siReddit,
  si.siPlaystation,
  si.siUbisoft,
  si.siEa,
  si.siCloudflare,
  si.siDigitalocean,
  si.siVercel,
  si.siNetlify,
  si.siNpm,
  si.siDocker,
  si.siAtlassian,
  si.siOkta,
  si.siAuth0,
  si.siBitwarden,
  si.si1password,
  si.siLastpass,
  si.siProtonmail,
  si.siProton,
  si.siShopify,
  si.siWordpress,
  si.siEbay,
  si.siEtsy,
  si.siTiktok,
  si.siSnapchat,
  si.siPinterest,
  si.siMastodon,
  si.siTelegram,
  si.siWhatsapp,
  si.siZoom,
  si.siNotion,
  si.siFigma,
  si.siNamecheap,
  si.siGodaddy,
  si.siOvh,
  si.siHetzner,
  si.siBackblaze,
  si.siWise,
  si.siRevolut,
  si.siRobinhood,
  si.siKucoin,
  si.siNextcloud,
  si.siTesla,
  si.siUber,
  si.siAirbnb,
  si.siSpotify,
  si.siPatreon,
  si.siSentry,
  si.siPypi,
  si.siJetbrains,
  si.siMega,
  si.siTailscale,
  si.siHackerone,
  si.siCodeberg,
  si.siMozilla,
  si.siRoblox,
  si.siEvernote,
  si.siTrello,
  si.siHubspot,
  si.siWix,
  si.siMedium,
  si.siGooglecloud,
  si.siIcloud,
  si.siGandi,
  si.siPorkbun,
  si.siSignal,
  si.siIntuit,
  si.siN26,
  si.siVultr,
  si.siScaleway,
  si.siRubygems,
  si.siHashicorp,
  si.siMongodb,
  si.siFirebase,
  si.siRiotgames,
  si.siTeamviewer,
  si.siAnydesk,
  si.siLichess,
  si.siChessdotcom,
].map(({ slug, title, hex, path }) => ({ slug, title, hex, path }));
