/**
 * One call as the client sees it (`CallMediaHandle`): a session with one
 * direct link per peer (docs/media.md "Group calls"; a 1:1 call is the
 * case of one). The microphone and camera run once and feed every link
 * (source-tee.ts); every peer's audio goes into one mix with one player
 * (mixed-playback.ts). A link that ends drops that peer (`peerEnded`); in a
 * call that is not a group the handle then ends too — exactly once, with a
 * reason. The mic and camera choice is not kept here: `controls` reads it
 * from the client core's call state when a session starts. Notices found
 * while preparing (a missing tool) are held until `connected`, when the UI
 * is surely listening. Showing the video is the UI's: call-video.ts
 * subscribes to `remoteFrame`/`localFrame`.
 */
import { EventEmitter } from 'node:events';
import type {
  CallMediaEventMap,
  CallMediaFlow,
  CallMediaHandle,
  CallSecurity,
  MediaControls,
  PeerEndpoint,
} from '../client/core/call-media-port.js';
import { createCallSession, type CallSession } from './call-session.js';
import type { AudioFormat } from '../protocol/media-handshake.js';
import { decodedAudioFormat } from '../protocol/audio-negotiation.js';
import { createMixedPlayback, type MixedPlayback } from './audio/mixed-playback.js';
import type { AudioSinkResult, AudioSource, VideoSource } from './media-types.js';
import type { MediaAnnouncement, PeerLink } from './peer-link.js';
import { safetyCodeOf } from './safety-code.js';
import { createSourceTee, type SourceTee } from './source-tee.js';
import { safeLine } from '../terminal/safe-line.js';

export interface PreparedSources {
  audio: AudioSource | undefined;
  video: VideoSource | undefined;
  local: MediaAnnouncement;
  notices: string[];
}

/** Where the peers' audio goes. */
export interface CallOutputs {
  createAudioSink(
    format: AudioFormat,
    onNotice: (text: string) => void,
  ): Promise<AudioSinkResult | undefined>;
}

/** How the handle makes one more link (call-media.ts): this call's certificate is inside. */
export interface PeerLinker {
  listen(
    peer: { peerName: string; fingerprintCommitment?: string },
    local: MediaAnnouncement,
  ): Promise<{ endpoint: PeerEndpoint; link: Promise<PeerLink>; close(): void }>;
  connect(
    peer: PeerEndpoint & { peerName: string },
    local: MediaAnnouncement,
    signal: AbortSignal,
  ): Promise<PeerLink>;
  /** The commitment to this call's certificate; undefined for a call without TLS. */
  readonly commitment: string | undefined;
}

/** How often the level of each peer is reported (`levels`). */
const LEVELS_INTERVAL_MS = 200;

interface Peer {
  name: string;
  session: CallSession | undefined;
  security: CallSecurity | undefined;
  abort: () => void;
}

export class CallHandle extends EventEmitter<CallMediaEventMap> implements CallMediaHandle {
  readonly callId: string;
  readonly peerName: string;
  private readonly peers = new Map<string, Peer>();
  private endedWith: string | undefined;
  private group = false;
  private everConnected = false;
  private prepared: PreparedSources | undefined;
  private readonly preparedReady: Promise<PreparedSources>;
  private tees: { audio?: SourceTee<AudioSource>; video?: SourceTee<VideoSource> } | undefined;
  private mix: MixedPlayback | undefined;
  private mixFormat: AudioFormat | undefined;
  private levelsTimer: NodeJS.Timeout | undefined;
  /** Each peer's tile size here (`view_size`), kept until its link is up. */
  private readonly viewSizes = new Map<string, { width: number; height: number }>();

  constructor(
    call: { callId: string; peerName: string },
    private readonly outputs: CallOutputs,
    prepared: Promise<PreparedSources>,
    private readonly linker: PeerLinker,
    /** The user's mic and camera choice, read when a session starts. */
    private readonly controls: () => MediaControls = () => ({ micMuted: false, cameraOff: false }),
  ) {
    super();
    this.callId = call.callId;
    this.peerName = call.peerName;
    this.preparedReady = prepared.then((ready) => (this.prepared = ready));
    // A failure to prepare surfaces through the first link attempt.
    this.preparedReady.catch(() => {});
  }

  get ended(): boolean {
    return this.endedWith !== undefined;
  }

  get commitment(): string | undefined {
    return this.linker.commitment;
  }

  setGroup(group: boolean): void {
    this.group = group;
  }

  /** Listens for `peerName` (1:1 callee; in a group, the earlier member of a pair). */
  async listenFor(peer: {
    peerName: string;
    fingerprintCommitment?: string;
  }): Promise<PeerEndpoint> {
    const prepared = await this.preparedReady;
    if (this.ended) throw new Error('the call has ended');
    const listening = await this.linker.listen(peer, prepared.local);
    this.track(peer.peerName, () => listening.close(), listening.link);
    return listening.endpoint;
  }

  /** Connects to `peerName` (1:1 caller; in a group, the later member of a pair). */
  connectTo(peer: PeerEndpoint & { peerName: string }): void {
    if (this.ended) return;
    const abort = new AbortController();
    const link = this.preparedReady.then((prepared) =>
      this.linker.connect(peer, prepared.local, abort.signal),
    );
    this.track(peer.peerName, () => abort.abort(), link);
  }

  /**
   * The link first made for `from` is with `to` (the server sent our
   * `call_accept` to another member because the one who rang us had left).
   */
  renamePeer(from: string, to: string): void {
    const peer = this.peers.get(from);
    if (!peer || from === to || this.peers.has(to)) return;
    this.peers.delete(from);
    peer.name = to;
    this.peers.set(to, peer);
  }

  /** Hangs up the link with one peer (it left the call); the others go on. */
  dropPeer(peerName: string, reason: string): void {
    const peer = this.peers.get(peerName);
    if (!peer) return;
    if (peer.session) peer.session.close(reason);
    else {
      peer.abort();
      this.onPeerEnded(peer, reason);
    }
  }

  setMicMuted(muted: boolean): void {
    for (const peer of this.peers.values()) peer.session?.setMicMuted(muted);
  }

  setCameraOff(off: boolean): void {
    for (const peer of this.peers.values()) peer.session?.setCameraOff(off);
  }

  setViewSize(size: { width: number; height: number }, peerName = this.peerName): void {
    this.viewSizes.set(peerName, size);
    this.peers.get(peerName)?.session?.setViewSize(size);
  }

  close(reason = 'hangup'): void {
    if (this.ended) return;
    this.closing = true;
    for (const peer of [...this.peers.values()]) {
      if (peer.session) peer.session.close(reason);
      else peer.abort();
    }
    this.finish(reason);
  }

  private closing = false;

  private track(peerName: string, abort: () => void, link: Promise<PeerLink>): void {
    const old = this.peers.get(peerName);
    if (old) this.dropPeer(peerName, 'replaced');
    const peer: Peer = { name: peerName, session: undefined, security: undefined, abort };
    this.peers.set(peerName, peer);
    link.then(
      (l) => this.onLink(peer, l),
      (error: unknown) =>
        this.onPeerEnded(peer, error instanceof Error ? error.message : String(error)),
    );
  }

  private onLink(peer: Peer, link: PeerLink): void {
    if (this.ended || this.peers.get(peer.name) !== peer) {
      link.close('cancelled');
      return;
    }
    const prepared = this.prepared;
    const tees = (this.tees ??= {
      ...(prepared?.audio && {
        audio: createSourceTee(prepared.audio, { stopWhenIdle: false }),
      }),
      ...(prepared?.video && { video: createSourceTee(prepared.video, { stopWhenIdle: true }) }),
    });
    const first = !this.everConnected;
    this.everConnected = true;
    peer.session = createCallSession({
      link,
      audioSource: tees.audio?.branch(),
      videoSource: tees.video?.branch(),
      initial: this.controls(),
      events: {
        stats: (stats) => {
          this.emit('peerStats', peer.name, stats);
          if (this.primary() === peer) this.emit('stats', stats);
        },
        notice: (text) => {
          if (text !== '') this.notice(text);
        },
        remoteFrame: (jpeg) => this.emit('remoteFrame', jpeg, peer.name),
        // Our camera is sent on every link: the preview needs it once.
        localFrame: (jpeg) => {
          if (this.primary() === peer) this.emit('localFrame', jpeg);
        },
        ended: (reason) => this.onPeerEnded(peer, reason),
      },
    });
    peer.security = link.security;
    const viewSize = this.viewSizes.get(peer.name);
    if (viewSize) peer.session.setViewSize(viewSize);
    if (first) for (const notice of prepared?.notices ?? []) this.notice(notice);
    const flow: CallMediaFlow = {
      sending: { audio: link.local.audio !== null, video: link.local.video !== null },
      receiving: { audio: link.peer.audio !== null, video: link.peer.video !== null },
    };
    if (first) this.emit('connected', flow, this.callSecurity());
    this.emit('peerConnected', peer.name, flow, link.security);
    if (!first) this.emit('security', this.callSecurity());
    this.startAudio(peer, link).catch((error: Error) =>
      this.notice(`media output failed: ${error.message}`),
    );
  }

  /** The first connected peer still here: its stats and our preview stand for the call. */
  private primary(): Peer | undefined {
    for (const peer of this.peers.values()) if (peer.session && !peer.session.ended) return peer;
    return undefined;
  }

  /** The whole call's protection: encrypted only if every link is; one code over every certificate. */
  private callSecurity(): CallSecurity {
    const certificates: string[] = [];
    for (const peer of this.peers.values()) {
      if (!peer.session || peer.session.ended) continue;
      if (!peer.security?.encrypted) return { encrypted: false };
      certificates.push(...(peer.security.certificates ?? []));
    }
    if (certificates.length === 0) {
      const any = [...this.peers.values()].find((p) => p.security)?.security;
      return any ?? { encrypted: false };
    }
    const sorted = [...new Set(certificates)].sort();
    return { encrypted: true, safetyCode: safetyCodeOf(sorted), certificates: sorted };
  }

  private async startAudio(peer: Peer, link: PeerLink): Promise<void> {
    if (!link.peer.audio) return;
    // Opus is decoded inside each session: the mix always gets PCM (docs/media.md "Audio codec").
    const format = decodedAudioFormat(link.peer.audio);
    if (!this.mix) {
      this.mixFormat = format;
      const mix = createMixedPlayback(format);
      this.mix = mix;
      this.levelsTimer = setInterval(() => this.reportLevels(), LEVELS_INTERVAL_MS);
      const result = await this.outputs.createAudioSink(format, (text) => this.notice(text));
      if (result?.notice) this.notice(result.notice);
      if (result?.sink) mix.attachSink(result.sink);
    }
    const mixFormat = this.mixFormat!;
    if (format.rate !== mixFormat.rate || format.channels !== mixFormat.channels) {
      this.notice(`${peer.name} sends audio as ${format.rate} Hz ×${format.channels}, not mixed`);
      return;
    }
    const mix = this.mix;
    peer.session?.attachAudioSink({
      label: `mix: ${peer.name}`,
      write: (pcm) => mix.push(peer.name, pcm),
      close: () => {
        mix.remove(peer.name);
        return Promise.resolve();
      },
    });
  }

  private reportLevels(): void {
    if (!this.mix) return;
    this.emit(
      'levels',
      this.mix.levels().map(({ id, level, talking }) => ({ name: id, level, talking })),
    );
  }

  private onPeerEnded(peer: Peer, reason: string): void {
    if (this.peers.get(peer.name) !== peer) return;
    this.peers.delete(peer.name);
    this.mix?.remove(peer.name);
    if (this.ended || this.closing) return;
    this.emit('peerEnded', peer.name, safeLine(reason));
    if (this.everConnected && this.peers.size > 0) this.emit('security', this.callSecurity());
    // A 1:1 call ends with its link (docs/media.md "When the link ends"); a group goes on.
    if (!this.group && this.peers.size === 0) this.finish(reason);
  }

  /** Every notice may carry text from a tool, a file name or the peer: sanitized here, once. */
  private notice(text: string): void {
    this.emit('notice', safeLine(text, 400));
  }

  private finish(reason: string): void {
    if (this.ended) return;
    this.endedWith = reason;
    clearInterval(this.levelsTimer);
    void this.mix?.close().catch(() => {});
    this.tees?.audio?.close();
    this.tees?.video?.close();
    this.emit('ended', safeLine(reason));
  }
}
