/**
 * The `CallMediaPort` the chat client drives (src/client/core/call-media-port.ts),
 * built from the user's MediaOptions. For each call it probes the sources
 * (a missing tool means that medium is not announced and the user is told
 * what to install), runs the §2 handshake as callee (`listen`) or caller
 * (`connect`), and then hands the link to a CallSession. Sinks that take a
 * moment (the player is probed) are attached when ready. The video sinks
 * (terminal, MJPEG viewer) belong to the call pane: see call-video.ts.
 */
import { networkInterfaces } from 'node:os';
import type { CallMediaHandle, CallMediaPort } from '../client/core/call-media-port.js';
import type { Media } from '../protocol/messages.js';
import { DEFAULT_AUDIO_FORMAT, DEFAULT_VIDEO_FORMAT } from '../protocol/media-handshake.js';
import {
  CallHandle,
  type CallOutputs,
  type PeerLinker,
  type PreparedSources,
} from './call-handle.js';
import { createAudioSink } from './sinks/create-audio-sink.js';
import type { MediaOptions } from './media-options.js';
import type { AudioSource, VideoSource } from './media-types.js';
import { loopbackFor, type NetworkInterfaces } from './media-address.js';
import { connectWithRetry, HandshakeError } from './peer-connect.js';
import { listenForPeer } from './peer-listen.js';
import { CALL_TLS_CAP } from '../protocol/call-fingerprint.js';
import { GROUP_CALL_CAP } from '../protocol/group-call.js';
import { createCertificatePool, type CallCertificate } from './call-certificate.js';
import { detectPlayer } from './sinks/player-detect.js';
import { warmUpOpus } from './audio/opus-codec.js';
import { createAudioSource, createVideoSource } from './sources/create-sources.js';

export interface CallMediaPortOptions {
  media: MediaOptions;
  /** Our registered name, sent in `media_hello` (read when a call connects). */
  localName: () => string;
  /** Where the callee listens; `0.0.0.0` (default) so callers across the network can reach it. */
  listenHost?: string;
  /** The `host` the callee names in `call_accept`; absent: the server fills in what it sees. */
  advertiseHost?: string;
  /** This machine's addresses (default `os.networkInterfaces()`), to dial its own over loopback. */
  networkInterfaces?: () => NetworkInterfaces;
  acceptTimeoutMs?: number;
  connectTimeoutMs?: number;
  silenceTimeoutMs?: number;
  keepaliveMs?: number;
  /** Replace source construction (benchmarks, tests). */
  createAudioSource?: (media: MediaOptions) => AudioSource | undefined;
  createVideoSource?: (media: MediaOptions) => VideoSource | undefined;
  /**
   * Say on a plain link that we could have encrypted, and refuse a peer that says so too
   * (docs/media.md "Encrypted calls"). On by default; only the benchmark's plain baseline
   * turns it off, to measure a plain call between two tchat sides.
   */
  announceTls?: boolean;
  /**
   * Offer Opus audio (docs/media.md "Audio codec negotiation"). On by default; only the
   * benchmark's PCM baseline turns it off, to measure raw PCM between two tchat sides.
   */
  opus?: boolean;
  /** Replace the audio sink `--audio-out` names (benchmarks measure at the sink). */
  createAudioSink?: CallOutputs['createAudioSink'];
}

export function createCallMediaPort(options: CallMediaPortOptions): CallMediaPort {
  const { media } = options;
  const outputs: CallOutputs = {
    createAudioSink:
      options.createAudioSink ??
      ((format, onNotice) => createAudioSink(media.audioOut, format, onNotice)),
  };
  // Encrypted calls (docs/media.md): a fresh certificate per call, the next one always ready.
  const certificates = createCertificatePool();
  let offered: CallCertificate | undefined;
  const linkOptions = {
    announceTls: options.announceTls ?? true,
    opus: options.opus ?? true,
    ...(options.silenceTimeoutMs !== undefined && { silenceTimeoutMs: options.silenceTimeoutMs }),
    ...(options.keepaliveMs !== undefined && { keepaliveMs: options.keepaliveMs }),
  };

  async function prepare(wanted: Media[]): Promise<PreparedSources> {
    // Warm the player detection while the handshake runs (it spawns candidates).
    if (media.audioOut.kind === 'speaker') void detectPlayer(DEFAULT_AUDIO_FORMAT);
    // And compile the Opus codec, so the first frames of audio do not pay for it.
    if (linkOptions.opus && wanted.includes('audio')) warmUpOpus();
    const notices: string[] = [];
    const probe = async <S extends AudioSource | VideoSource>(source: S | undefined) => {
      if (!source) return undefined;
      const result = await source.probe();
      if (result.ok) return source;
      notices.push(result.notice);
      return undefined;
    };
    const [audio, video] = await Promise.all([
      wanted.includes('audio')
        ? probe((options.createAudioSource ?? ((m) => createAudioSource(m.audioSource)))(media))
        : undefined,
      wanted.includes('video')
        ? probe((options.createVideoSource ?? ((m) => createVideoSource(m.videoSource)))(media))
        : undefined,
    ]);
    const local = {
      audio: audio ? { ...audio.format } : null,
      video: video ? { ...DEFAULT_VIDEO_FORMAT } : null,
    };
    return { audio, video, local, notices };
  }

  /** Makes the links of one call, all with this call's certificate (`own`; none: plain). */
  function linkerFor(callId: string, own: CallCertificate | undefined): PeerLinker {
    return {
      commitment: own?.commitment,
      async listen(peer, local) {
        const commitment = peer.fingerprintCommitment;
        const listener = await listenForPeer({
          ...linkOptions,
          ...(own && commitment !== undefined && { tls: { own, peer: { commitment } } }),
          callId,
          host: options.listenHost ?? '0.0.0.0',
          local,
          ...(options.acceptTimeoutMs !== undefined && {
            acceptTimeoutMs: options.acceptTimeoutMs,
          }),
        });
        return {
          endpoint: {
            port: listener.port,
            token: listener.token,
            ...(own && commitment !== undefined && { fingerprint: own.fingerprint }),
            ...(options.advertiseHost !== undefined && { host: options.advertiseHost }),
          },
          link: listener.link,
          close: () => listener.close('hangup'),
        };
      },
      connect(peer, local, signal) {
        const peerFingerprint = peer.fingerprint;
        if (peerFingerprint !== undefined && !own) {
          return Promise.reject(
            new Error('the call is encrypted, but this side offered no certificate'),
          );
        }
        const host = peer.host ?? '127.0.0.1';
        const attempt = (to: string) =>
          connectWithRetry({
            ...linkOptions,
            host: to,
            port: peer.port,
            callId,
            token: peer.token,
            name: options.localName(),
            local,
            signal,
            ...(own && peerFingerprint !== undefined && { tls: { own, peerFingerprint } }),
            ...(options.connectTimeoutMs !== undefined && { timeoutMs: options.connectTimeoutMs }),
          });
        // The peer is on this machine: loopback first, its address if nothing listens there.
        const loopback = loopbackFor(host, (options.networkInterfaces ?? networkInterfaces)());
        if (loopback === undefined) return attempt(host);
        return attempt(loopback).catch((error: unknown) => {
          if (error instanceof HandshakeError && error.networkCode === 'ECONNREFUSED') {
            return attempt(host);
          }
          throw error;
        });
      },
    };
  }

  return {
    caps: [CALL_TLS_CAP, GROUP_CALL_CAP],
    async offer() {
      offered = await certificates.take();
      return { fingerprintCommitment: offered.commitment };
    },
    async listen(call) {
      const commitment = call.fingerprintCommitment;
      const prepared = prepare(call.media);
      const own = commitment !== undefined ? await certificates.take() : undefined;
      const handle = new CallHandle(
        call,
        outputs,
        prepared,
        linkerFor(call.callId, own),
        call.controls,
      );
      try {
        const endpoint = await handle.listenFor({
          peerName: call.peerName,
          ...(commitment !== undefined && { fingerprintCommitment: commitment }),
        });
        return { ...endpoint, handle };
      } catch (error) {
        handle.close('media_error');
        throw error;
      }
    },

    connect(call): CallMediaHandle {
      const own = offered;
      offered = undefined;
      const handle = new CallHandle(
        call,
        outputs,
        prepare(call.media),
        linkerFor(call.callId, own),
        call.controls,
      );
      handle.connectTo({
        peerName: call.peerName,
        host: call.host,
        port: call.port,
        token: call.token,
        ...(call.fingerprint !== undefined && { fingerprint: call.fingerprint }),
      });
      return handle;
    },
  };
}
