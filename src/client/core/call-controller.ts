/**
 * Call signaling with the media layer (docs/protocol-v1.md §1.3, §2). The reducer
 * keeps the signaling state; this keeps the one live `CallMediaHandle` and
 * does the side effects: open a listener on accept, connect on
 * `call_accepted`, send `call_end` when the media dies, close the media when
 * the server ends the call. Without a `CallMediaPort`, `/accept` is refused
 * and an accepted outgoing call is ended with a clear reason.
 *
 * Mic and camera: the call state (`CallInProgress.micMuted`/`cameraOff`) is
 * the one source of truth. A key press flips the value found there,
 * dispatches it, and hands it to the media (which reads the state itself
 * through `controls` when its session starts). Nothing here or in the media
 * layer keeps a copy the views could read, so every view shows the same.
 */
import { CALL_TLS_CAP } from '../../protocol/call-fingerprint.js';
import type { Request, ServerEvent } from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import type { ClientAction } from './actions.js';
import { MEDIA_LOST } from './call-end-text.js';
import type { CallMediaHandle, CallMediaPort, MediaControls } from './call-media-port.js';
import { groupCallRefusal, isGroupCall, isInOurCall, participantsOf } from './call-participants.js';
import { ownName, type CallInProgress, type ClientState } from './state.js';

export interface CallControllerDeps {
  port: CallMediaPort | undefined;
  getState(): ClientState;
  dispatch(action: ClientAction): void;
  /** Sends a request; false when not connected. */
  send(request: Request): boolean;
  log(level: 'info' | 'warn' | 'error', text: string): void;
  now(): number;
  /**
   * How long to wait, after the media ended on its own, for the server to end
   * the call before we send `call_end` ourselves (default: caller 1 s, callee 3 s).
   */
  mediaLostGraceMs?: { caller: number; callee: number };
}

export type CallResult = { ok: true } | { ok: false; error: string };

export interface CallController {
  /** Reacts to call events after the reducer has seen them. */
  onServerEvent(event: ServerEvent): void;
  /** The commitment for an outgoing `call` (encrypted calls, docs/media.md); `{}` without one. */
  offer(): Promise<{ fingerprintCommitment?: string }>;
  accept(): CallResult;
  reject(reason?: string): CallResult;
  /** Rings one more person into our call (docs/protocol.md "Group calls"). */
  invite(name: string): CallResult;
  hangup(): CallResult;
  /** The chat connection dropped: the call cannot go on. */
  onDisconnected(): void;
  /** Mutes or unmutes the microphone of the running call; returns the new state. */
  toggleMic(): CallResult & { muted?: boolean };
  /** Turns the camera of the running call off or on; returns the new state. */
  toggleCamera(): CallResult & { off?: boolean };
  readonly handle: CallMediaHandle | null;
  onHandle(listener: (handle: CallMediaHandle | null) => void): () => void;
}

const NO_MEDIA = 'this tchat was started without a media layer, so it cannot take calls';
const NO_MICROPHONE =
  'no microphone in this call (--audio-source none, or no recorder found: see the log)';
const NO_CAMERA = 'no camera in this call (--video-source none, or no camera found: see the log)';
const DEFAULT_MEDIA_LOST_GRACE_MS = { caller: 1_000, callee: 3_000 };

export function createCallController(deps: CallControllerDeps): CallController {
  let handle: CallMediaHandle | null = null;
  const listeners = new Set<(handle: CallMediaHandle | null) => void>();
  const grace = deps.mediaLostGraceMs ?? DEFAULT_MEDIA_LOST_GRACE_MS;
  /** Calls whose media ended on its own, waiting for the server to end them (see `onMediaEnded`). */
  const pendingEnds = new Map<string, NodeJS.Timeout>();
  /** The commitment `call_incoming` carried, for the call we may accept. */
  let incoming: { callId: string; fingerprintCommitment?: string } | undefined;
  /** The commitment of our last `offer`: our certificate until the media connects. */
  let offeredCommitment: string | undefined;

  /** Whether `name` said in its `hello` that it makes encrypted calls (user list `caps`). */
  function canEncrypt(name: string): boolean {
    const user = deps.getState().users.find((u) => sameName(u.name, name));
    return user?.caps.includes(CALL_TLS_CAP) ?? false;
  }

  /** A peer that can encrypt, on a call that signaling left unencrypted: refuse, never downgrade. */
  function downgradeRefused(callId: string, peer: string, send: Request): void {
    deps.log(
      'error',
      `${peer}'s tchat makes encrypted calls, but this call came without its certificate fingerprint (an older or tampering chat server?): refused`,
    );
    deps.send(send);
    deps.dispatch({
      type: 'call_ended_locally',
      callId,
      reason: 'not_encrypted',
      atMs: deps.now(),
    });
  }

  function setHandle(next: CallMediaHandle | null): void {
    if (handle === next) return;
    handle = next;
    for (const listener of [...listeners]) listener(next);
  }

  /** The call in progress that `callId` names, if it is still the current one. */
  function callInProgress(callId: string): CallInProgress<'connecting' | 'active'> | null {
    const call = deps.getState().call;
    if (call.phase !== 'connecting' && call.phase !== 'active') return null;
    return call.callId === callId ? call : null;
  }

  /** What the media reads when its session starts: the state's choice, mic and camera on by default. */
  function controlsOf(callId: string): () => MediaControls {
    return () => {
      const call = callInProgress(callId);
      return { micMuted: call?.micMuted ?? false, cameraOff: call?.cameraOff ?? false };
    };
  }

  /**
   * The media ended on its own: the peer's `bye`, its socket closing, a link
   * rule. The call ends on screen at once. The server usually learns it from
   * the other side first — a tchat sends `call_end` before `bye`, and a peer
   * that died takes its chat connection with it (`peer_left`) — and a second
   * `call_end` would be refused (`bad_request`, the call has already ended:
   * docs/protocol-v1.md). So `call_end` goes out only if the server has not
   * ended the call within a grace period; the caller's is shorter, so when
   * both sides lose the media at once (a dead network) only one sends it.
   */
  function onMediaEnded(ended: CallMediaHandle, reason: string): void {
    const call = callInProgress(ended.callId);
    if (!call) return;
    const callId = call.callId;
    const timer = setTimeout(
      () => {
        pendingEnds.delete(callId);
        // The reason on the wire is a code: the local wording ("the peer …") is ours alone.
        deps.send({ type: 'call_end', callId, reason: MEDIA_LOST });
      },
      call.role === 'caller' ? grace.caller : grace.callee,
    );
    timer.unref?.();
    pendingEnds.set(callId, timer);
    deps.dispatch({ type: 'call_ended_locally', callId, reason, atMs: deps.now() });
  }

  function settlePendingEnd(callId: string): void {
    const timer = pendingEnds.get(callId);
    if (timer === undefined) return;
    clearTimeout(timer);
    pendingEnds.delete(callId);
  }

  function closeHandle(reason: string): void {
    const old = handle;
    setHandle(null);
    old?.close(reason);
  }

  function adopt(next: CallMediaHandle): void {
    setHandle(next);
    next.on('connected', (flow, security) => {
      deps.dispatch({
        type: 'call_media_connected',
        callId: next.callId,
        flow,
        atMs: deps.now(),
        security,
      });
    });
    next.on('notice', (text) => deps.log('info', text));
    next.on('peerConnected', (peer) => {
      deps.dispatch({
        type: 'call_peer_link',
        callId: next.callId,
        peer,
        link: 'connected',
        atMs: deps.now(),
      });
    });
    next.on('peerEnded', (peer, reason) => {
      deps.dispatch({
        type: 'call_peer_link',
        callId: next.callId,
        peer,
        link: 'lost',
        reason,
        atMs: deps.now(),
      });
    });
    next.on('levels', (levels) => {
      deps.dispatch({ type: 'call_levels', callId: next.callId, levels });
    });
    next.on('security', (security) => {
      deps.dispatch({ type: 'call_security', callId: next.callId, security });
    });
    next.setGroup?.(isGroupCall(deps.getState().call));
    next.on('ended', (reason) => {
      if (handle !== next) return; // we closed it: hang-up, or the server ended the call
      setHandle(null);
      onMediaEnded(next, reason);
    });
  }

  function onCallAccepted(event: Extract<ServerEvent, { type: 'call_accepted' }>): void {
    const call = deps.getState().call;
    if (call.phase !== 'connecting' && call.phase !== 'active') return;
    if (call.callId !== event.callId) return;
    // Group calls: someone we rang accepted while our media already runs: one more link.
    if (handle?.callId === event.callId && event.by !== undefined) {
      const { host, port, token, fingerprint } = event;
      handle.connectTo?.({
        peerName: event.by,
        host,
        port,
        token,
        ...(fingerprint !== undefined && { fingerprint }),
      });
      return;
    }
    if (call.phase !== 'connecting') return;
    if (!deps.port) {
      deps.log('warn', `${call.peer} accepted, but ${NO_MEDIA}`);
      deps.send({ type: 'call_end', callId: event.callId, reason: 'no_media' });
      deps.dispatch({
        type: 'call_ended_locally',
        callId: event.callId,
        reason: 'no_media',
        atMs: deps.now(),
      });
      return;
    }
    const { host, port, token, callId, fingerprint } = event;
    if (fingerprint === undefined && canEncrypt(call.peer)) {
      downgradeRefused(callId, call.peer, { type: 'call_end', callId, reason: 'not_encrypted' });
      return;
    }
    offeredCommitment = undefined;
    adopt(
      deps.port.connect({
        callId,
        peerName: call.peer,
        media: call.media,
        host,
        port,
        token,
        controls: controlsOf(callId),
        ...(fingerprint !== undefined && { fingerprint }),
      }),
    );
  }

  /** Our commitment for `call_invite` / `call_link`: the media's certificate, or the one offered. */
  function ownCommitment(): string | undefined {
    return handle?.commitment ?? offeredCommitment;
  }

  /**
   * Group calls (docs/protocol.md "Group calls"; docs/media.md "Group
   * calls"): the member who joined later connects. On our own `joined` we
   * ask every earlier member but `via` (who connects to our `call_accept`
   * listener) to listen for us; an earlier member answers `call_link` with a
   * fresh listener; `call_link_accepted` says where to connect.
   */
  function onGroupEvent(event: ServerEvent): void {
    const call = deps.getState().call;
    if (call.phase === 'idle' || !('callId' in call)) return;
    if (!('callId' in event) || event.callId !== call.callId) return;
    handle?.setGroup?.(isGroupCall(call));
    const me = ownName(deps.getState());
    if (event.type === 'call_member') {
      if (event.state === 'left' && !(me !== null && sameName(event.name, me))) {
        handle?.dropPeer?.(event.name, 'left the call');
      }
      if (event.state !== 'joined' || me === null || !sameName(event.name, me)) return;
      // The one who rang us left before we accepted: our listener is for `via` instead.
      if (event.via !== undefined && !sameName(event.via, call.peer)) {
        handle?.renamePeer?.(call.peer, event.via);
      }
      for (const member of event.members) {
        if (member.state !== 'joined' || sameName(member.name, me)) continue;
        if (event.via !== undefined && sameName(member.name, event.via)) continue;
        const commitment = ownCommitment();
        deps.send({
          type: 'call_link',
          callId: call.callId,
          to: member.name,
          ...(commitment !== undefined && { fingerprintCommitment: commitment }),
        });
      }
    } else if (event.type === 'call_link') {
      const from = event.from;
      if (!handle?.listenFor) return;
      const commitment = event.fingerprintCommitment;
      handle
        .listenFor({
          peerName: from,
          ...(commitment !== undefined && { fingerprintCommitment: commitment }),
        })
        .then(
          (endpoint) => {
            deps.send({ type: 'call_link_accept', callId: call.callId, to: from, ...endpoint });
          },
          (error: unknown) => {
            const text = error instanceof Error ? error.message : String(error);
            deps.log('error', `could not listen for ${from}: ${text}`);
          },
        );
    } else if (event.type === 'call_link_accepted') {
      const { from, host, port, token, fingerprint } = event;
      handle?.connectTo?.({
        peerName: from,
        host,
        port,
        token,
        ...(fingerprint !== undefined && { fingerprint }),
      });
    }
  }

  return {
    get handle() {
      return handle;
    },
    onHandle(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async offer() {
      const offer = await deps.port?.offer?.();
      offeredCommitment = offer?.fingerprintCommitment;
      return offer ?? {};
    },
    invite(name) {
      const state = deps.getState();
      const call = state.call;
      const joined =
        call.phase === 'ringing_out' || call.phase === 'connecting' || call.phase === 'active';
      if (!joined) return { ok: false, error: 'you are not in a call; /call NAME rings someone' };
      const me = ownName(state);
      if (me !== null && sameName(name, me))
        return { ok: false, error: 'you cannot call yourself' };
      if (isInOurCall(call, name)) return { ok: false, error: `${name} is already in this call` };
      const others = participantsOf(call).map((p) => p.name);
      const refused = groupCallRefusal(state.users, [...others, name]);
      if (refused) return { ok: false, error: refused };
      const commitment = ownCommitment();
      const sent = deps.send({
        type: 'call_invite',
        callId: call.callId,
        to: name,
        ...(commitment !== undefined && { fingerprintCommitment: commitment }),
      });
      return sent ? { ok: true } : { ok: false, error: 'not connected right now' };
    },
    onServerEvent(event) {
      if (event.type === 'call_incoming') {
        const { callId, fingerprintCommitment } = event;
        incoming = {
          callId,
          ...(fingerprintCommitment !== undefined && { fingerprintCommitment }),
        };
      } else if (event.type === 'call_accepted') {
        onCallAccepted(event);
        handle?.setGroup?.(isGroupCall(deps.getState().call));
      } else if (
        event.type === 'call_member' ||
        event.type === 'call_link' ||
        event.type === 'call_link_accepted'
      ) {
        onGroupEvent(event);
      } else if (event.type === 'call_ended' || event.type === 'call_rejected') {
        settlePendingEnd(event.callId);
        if (handle?.callId === event.callId) closeHandle(event.reason);
      } else if (event.type === 'call_ringing') {
        // /hangup while the `call` request was on its way: cancel as soon as it has an id.
        if (deps.getState().call.phase === 'idle') {
          deps.send({ type: 'call_end', callId: event.callId, reason: 'cancelled' });
        }
      }
    },
    accept() {
      const call = deps.getState().call;
      if (call.phase !== 'ringing_in') return { ok: false, error: 'no incoming call to accept' };
      if (!deps.port) return { ok: false, error: `${NO_MEDIA}; /reject to decline` };
      const { callId, peer, media } = call;
      const commitment = incoming?.callId === callId ? incoming.fingerprintCommitment : undefined;
      if (commitment === undefined && canEncrypt(peer)) {
        downgradeRefused(callId, peer, { type: 'call_reject', callId, reason: 'not_encrypted' });
        return { ok: true };
      }
      deps.dispatch({ type: 'call_accepting', atMs: deps.now() });
      const listen = { callId, peerName: peer, media, controls: controlsOf(callId) };
      deps.port
        .listen(
          commitment === undefined ? listen : { ...listen, fingerprintCommitment: commitment },
        )
        .then(
          ({ port, token, host, fingerprint, handle: next }) => {
            const now = deps.getState().call;
            if (now.phase !== 'accepting' || now.callId !== callId) {
              next.close('cancelled');
              return;
            }
            // §1.3: `host` when the media layer knows better than the server (a loopback chat).
            const accept = {
              type: 'call_accept' as const,
              callId,
              port,
              token,
              ...(fingerprint !== undefined && { fingerprint }),
            };
            if (!deps.send(host === undefined ? accept : { ...accept, host })) {
              next.close('connection lost');
              return;
            }
            adopt(next);
            deps.dispatch({ type: 'call_accept_sent', callId, atMs: deps.now() });
          },
          (error: unknown) => {
            const text = error instanceof Error ? error.message : String(error);
            deps.log('error', `could not open the media listener: ${text}`);
            deps.send({ type: 'call_reject', callId, reason: 'media_error' });
            deps.dispatch({
              type: 'call_ended_locally',
              callId,
              reason: 'media_error',
              atMs: deps.now(),
            });
          },
        );
      return { ok: true };
    },
    reject(reason) {
      const call = deps.getState().call;
      if (call.phase !== 'ringing_in' && call.phase !== 'accepting') {
        return { ok: false, error: 'no incoming call to reject' };
      }
      deps.send(
        reason
          ? { type: 'call_reject', callId: call.callId, reason }
          : { type: 'call_reject', callId: call.callId },
      );
      closeHandle('rejected');
      deps.dispatch({
        type: 'call_ended_locally',
        callId: call.callId,
        reason: 'rejected',
        atMs: deps.now(),
      });
      return { ok: true };
    },
    hangup() {
      const call = deps.getState().call;
      switch (call.phase) {
        case 'idle':
          return { ok: false, error: 'no call to hang up' };
        case 'requesting':
          deps.dispatch({
            type: 'call_ended_locally',
            callId: null,
            reason: 'cancelled',
            atMs: deps.now(),
          });
          return { ok: true };
        case 'ringing_in':
        case 'accepting':
          return this.reject();
        case 'ringing_out':
        case 'connecting':
        case 'active': {
          const reason = call.phase === 'ringing_out' ? 'cancelled' : 'hangup';
          deps.send({ type: 'call_end', callId: call.callId, reason });
          closeHandle(reason);
          deps.dispatch({
            type: 'call_ended_locally',
            callId: call.callId,
            reason,
            atMs: deps.now(),
          });
          return { ok: true };
        }
      }
    },
    toggleMic() {
      const call = handle ? callInProgress(handle.callId) : null;
      if (!handle || !call) return { ok: false, error: 'no call with media running' };
      if (call.flow && !call.flow.sending.audio) return { ok: false, error: NO_MICROPHONE };
      const micMuted = !call.micMuted;
      deps.dispatch({
        type: 'call_media_toggled',
        callId: call.callId,
        micMuted,
        cameraOff: call.cameraOff,
      });
      handle.setMicMuted(micMuted);
      deps.log('info', micMuted ? 'microphone muted' : 'microphone on');
      return { ok: true, muted: micMuted };
    },
    toggleCamera() {
      const call = handle ? callInProgress(handle.callId) : null;
      if (!handle || !call) return { ok: false, error: 'no call with media running' };
      if (call.flow && !call.flow.sending.video) return { ok: false, error: NO_CAMERA };
      const cameraOff = !call.cameraOff;
      deps.dispatch({
        type: 'call_media_toggled',
        callId: call.callId,
        micMuted: call.micMuted,
        cameraOff,
      });
      handle.setCameraOff(cameraOff);
      deps.log('info', cameraOff ? 'camera off' : 'camera on');
      return { ok: true, off: cameraOff };
    },
    onDisconnected() {
      // The server ends the calls of a user who leaves: nothing left to tell it.
      for (const timer of pendingEnds.values()) clearTimeout(timer);
      pendingEnds.clear();
      closeHandle('connection lost');
      if (deps.getState().call.phase !== 'idle') {
        deps.dispatch({
          type: 'call_ended_locally',
          callId: null,
          reason: 'connection_lost',
          atMs: deps.now(),
        });
      }
    },
  };
}
