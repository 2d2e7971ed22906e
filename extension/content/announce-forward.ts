/**
 * The forwarding stage of the announcement bridge (loaded only once a page's SDK has announced):
 * validates the announcement with the shared schema, sends it to the background as
 * `ledger.announce`, and — when the user withdrew consent for this site in the ledger — tells the
 * page's SDK with one `twofold:withdraw`. The background keys the entry by the sender's origin;
 * nothing here (or in the payload) chooses it. The page learns nothing back except that withdrawal.
 */
import { WITHDRAW_EVENT, parseAnnouncement, type Announcement } from '../../sdk/protocol/announce';
import type { Reply } from '../messages';
import { runtimeSend, type SendMessage } from './runtime-send';

let withdrawSent = false;

/** Validates `detail` and forwards it; resolves to whether a withdrawal was passed to the page. */
export async function forwardAnnouncement(detail: string, target: EventTarget, send: SendMessage = runtimeSend()): Promise<boolean> {
  let announcement: Announcement;
  try {
    announcement = parseAnnouncement(detail);
  } catch {
    return false; // not a Twofold announcement: ignore it, tell nobody
  }
  const reply = (await send({ type: 'ledger.announce', announcement })) as Reply<'ledger.announce'> | undefined;
  if (!reply?.ok || !reply.result.withdraw || announcement.consent !== 'granted' || withdrawSent) return false;
  withdrawSent = true;
  target.dispatchEvent(new CustomEvent(WITHDRAW_EVENT));
  return true;
}
