/**
 * Why a call ended, in words, from our side (the log pane
 * and message pane say why and how long it lasted). Reasons come from three
 * places: §1.3 codes in `call_ended`/`call_rejected` (`hangup`, `no_answer`,
 * `peer_left`, …, with `by`), our own actions (`by` null), and the media
 * layer (docs/media.md "How a call ends", which says "the peer" for the other
 * side). Pure.
 */
import { sameName } from '../../protocol/names.js';

export interface CallEnd {
  reason: string;
  /** Who ended it per the server (a name or `server`); null when we ended it here. */
  by: string | null;
  peer: string;
  me: string | null;
}

/** What our client sends in `call_end` when the media connection died on its own. */
export const MEDIA_LOST = 'media_lost';

const BY_SERVER: Record<string, string> = {
  no_answer: 'no answer',
  shutdown: 'the server shut down',
};

function byUs(reason: string, peer: string): string {
  switch (reason) {
    case 'hangup':
      return 'you hung up';
    case 'cancelled':
      return 'you cancelled';
    case 'rejected':
      return 'you declined';
    case 'connection_lost':
      return 'the connection to the server was lost';
    case 'no_media':
      return 'this tchat was started without calls';
    case 'media_error':
      return 'the media connection could not be opened';
    default:
      // Media reasons (docs/media.md: "connection lost: ECONNRESET", "the peer hung up",
      // "no data from the peer for 3 s") name the peer.
      if (reason.startsWith('connection lost: '))
        return `the connection to ${peer} broke (${reason.slice('connection lost: '.length)})`;
      return reason.replaceAll('the peer', peer).replaceAll('_', ' ');
  }
}

function byPeer(reason: string, peer: string): string {
  switch (reason) {
    case 'hangup':
      return `${peer} hung up`;
    case 'cancelled':
      return `${peer} cancelled`;
    case 'rejected':
      return `${peer} declined`;
    case 'peer_left':
      return `${peer} left the chat`;
    case MEDIA_LOST:
      return `the media connection to ${peer} was lost`;
    default:
      return `${peer} ended it (${reason.replaceAll('_', ' ')})`;
  }
}

/** "bob hung up", "you cancelled", "no answer", "the media connection to bob was lost". */
export function describeCallEnd({ reason, by, peer, me }: CallEnd): string {
  if (by === null) return byUs(reason, peer);
  if (by === 'server') return BY_SERVER[reason] ?? reason.replaceAll('_', ' ');
  if (me !== null && sameName(by, me)) return byUs(reason, peer);
  return byPeer(reason, sameName(by, peer) ? peer : by);
}
