/**
 * Content-script entry `announce.js` (every http(s) page and frame, at document_start): the ledger's
 * announcement listener, started before any page script runs so that no announcement of the page's
 * SDK is missed without ever having to ask for one. Kept apart from content.js, which runs at
 * document_idle, so the OTP stage keeps its timing.
 */
import { startAnnounceBridge } from './announce-bridge';

startAnnounceBridge();
