/**
 * One call as the client sees it (`CallMediaHandle`): waiting for the link,
 * then a CallSession, then ended — exactly once, with a reason. The mic and
 * camera choice is not kept here: `controls` reads it from the client
 * core's call state when the session starts, `setMicMuted`/`setCameraOff`
 * pass later changes to the session. Notices
 * found while preparing (a missing tool) are held until `connected`, when
 * the UI is surely listening. Showing the video (terminal or MJPEG viewer)
 * is the UI's: call-video.ts subscribes to `remoteFrame`/`localFrame`.
 */
import { EventEmitter } from 'node:events';
import type {
  CallMediaEventMap,
  CallMediaHandle,
  MediaControls,
} from '../client/core/call-media-port.js';
import { createCallSession, type CallSession } from './call-session.js';
import type { AudioFormat } from '../protocol/media-handshake.js';
import type { AudioSinkResult, AudioSource, VideoSource } from './media-types.js';
import type { MediaAnnouncement, PeerLink } from './peer-link.js';
import { safeLine } from '../terminal/safe-line.js';

export interface PreparedSources {
  audio: AudioSource | undefined;
  video: VideoSource | undefined;
  local: MediaAnnouncement;
  notices: string[];
}

/** Where the peer's audio goes. */
export interface CallOutputs {
  createAudioSink(
    format: AudioFormat,
    onNotice: (text: string) => void,
  ): Promise<AudioSinkResult | undefined>;
}

export class CallHandle extends EventEmitter<CallMediaEventMap> implements CallMediaHandle {
  readonly callId: string;
  readonly peerName: string;
  private session: CallSession | undefined;
  private endedWith: string | undefined;
  private viewSize: { width: number; height: number } | undefined;

  constructor(
    call: { callId: string; peerName: string },
    private readonly outputs: CallOutputs,
    private prepared: PreparedSources | undefined,
    /** Stops a handshake still in progress (listener or connect attempt). */
    private readonly abortPending: () => void,
    /** The user's mic and camera choice, read when the session starts. */
    private readonly controls: () => MediaControls = () => ({ micMuted: false, cameraOff: false }),
  ) {
    super();
    this.callId = call.callId;
    this.peerName = call.peerName;
  }

  get ended(): boolean {
    return this.endedWith !== undefined;
  }

  setPrepared(prepared: PreparedSources): void {
    this.prepared = prepared;
  }

  run(link: Promise<PeerLink>): void {
    link.then(
      (l) => this.onLink(l),
      (error: unknown) => this.finish(error instanceof Error ? error.message : String(error)),
    );
  }

  setMicMuted(muted: boolean): void {
    this.session?.setMicMuted(muted);
  }

  setCameraOff(off: boolean): void {
    this.session?.setCameraOff(off);
  }

  setViewSize(size: { width: number; height: number }): void {
    this.viewSize = size;
    this.session?.setViewSize(size);
  }

  close(reason = 'hangup'): void {
    if (this.ended) return;
    if (this.session) {
      this.session.close(reason); // → session ended → finish
      return;
    }
    this.abortPending();
    this.finish(reason);
  }

  private onLink(link: PeerLink): void {
    if (this.ended) {
      link.close('cancelled');
      return;
    }
    const prepared = this.prepared;
    this.session = createCallSession({
      link,
      audioSource: prepared?.audio,
      videoSource: prepared?.video,
      initial: this.controls(),
      events: {
        stats: (stats) => this.emit('stats', stats),
        notice: (text) => this.notice(text),
        remoteFrame: (jpeg) => this.emit('remoteFrame', jpeg),
        localFrame: (jpeg) => this.emit('localFrame', jpeg),
        ended: (reason) => this.finish(reason),
      },
    });
    if (this.viewSize) this.session.setViewSize(this.viewSize);
    for (const notice of prepared?.notices ?? []) this.notice(notice);
    this.emit(
      'connected',
      {
        sending: { audio: link.local.audio !== null, video: link.local.video !== null },
        receiving: { audio: link.peer.audio !== null, video: link.peer.video !== null },
      },
      link.security,
    );
    this.startSinks(link).catch((error: Error) =>
      this.notice(`media output failed: ${error.message}`),
    );
  }

  private async startSinks(link: PeerLink): Promise<void> {
    if (link.peer.audio) {
      const result = await this.outputs.createAudioSink(link.peer.audio, (text) =>
        this.notice(text),
      );
      if (result?.notice) this.notice(result.notice);
      if (result?.sink) this.session?.attachAudioSink(result.sink);
    }
  }

  /** Every notice may carry text from a tool, a file name or the peer: sanitized here, once. */
  private notice(text: string): void {
    this.emit('notice', safeLine(text, 400));
  }

  private finish(reason: string): void {
    if (this.ended) return;
    this.endedWith = reason;
    this.emit('ended', safeLine(reason));
  }
}
