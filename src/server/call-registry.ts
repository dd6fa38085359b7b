/**
 * Call signaling as domain logic (docs/protocol-v1.md §1.3, §1.6 "Calls"): ringing,
 * accept, reject, end, busy, no_answer, peer_left. Talks to users only
 * through the hub; media never passes through the server.
 */
import { isWildcardHost, normalizeIp } from '../protocol/address.js';
import { ErrorCode } from '../protocol/error-codes.js';
import {
  CallEndReason,
  type CallAcceptRequest,
  type Media,
  type Ref,
} from '../protocol/messages.js';
import { nameKey, normalizeName } from '../protocol/names.js';
import type { Hub } from './hub.js';

export type CallOutcome = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** What the registry reports for the log; never carries the call token. */
export type CallSignal =
  | { kind: 'ringing'; callId: string; from: string; to: string; media: Media[] }
  | { kind: 'accepted'; callId: string; from: string; to: string; host: string; port: number }
  | {
      kind: 'rejected' | 'ended';
      callId: string;
      from: string;
      to: string;
      by: string;
      reason: string;
    };

export interface CallRegistryOptions {
  hub: Hub;
  ringTimeoutMs: number;
  newCallId: () => string;
  onSignal?: (signal: CallSignal) => void;
}

interface Call {
  id: string;
  caller: string;
  callee: string;
  media: Media[];
  state: 'ringing' | 'in_call';
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Ended calls are remembered a while, to answer late requests precisely (§1.6). */
const MAX_ENDED_CALLS = 1024;
const OK: CallOutcome = { ok: true };

export class CallRegistry {
  private readonly calls = new Map<string, Call>();
  private readonly callOfUser = new Map<string, Call>();
  private readonly ended = new Map<string, { caller: string; callee: string }>();

  constructor(private readonly options: CallRegistryOptions) {}

  start(
    callerName: string,
    to: string,
    media: Media[],
    ref: Ref | undefined,
    fingerprintCommitment?: string,
  ): CallOutcome {
    const callee = this.options.hub.find(to);
    if (callee === undefined) return fail(ErrorCode.noSuchUser, `nobody is called ${to}`);
    const calleeName = callee.user.name;
    if (key(calleeName) === key(callerName)) {
      return fail(ErrorCode.badRequest, 'you cannot call yourself');
    }
    if (!callee.user.caps.includes('call')) {
      return fail(ErrorCode.unsupported, `${calleeName} cannot receive calls`);
    }
    if (this.callOfUser.has(key(callerName)))
      return fail(ErrorCode.busy, 'you are already in a call');
    if (this.callOfUser.has(key(calleeName))) return fail(ErrorCode.busy, `${calleeName} is busy`);

    const call: Call = {
      id: this.options.newCallId(),
      caller: callerName,
      callee: calleeName,
      media,
      state: 'ringing',
      timer: undefined,
    };
    call.timer = setTimeout(() => this.noAnswer(call), this.options.ringTimeoutMs);
    call.timer.unref();
    this.calls.set(call.id, call);
    this.callOfUser.set(key(callerName), call);
    this.callOfUser.set(key(calleeName), call);

    const hub = this.options.hub;
    hub.sendTo(callerName, {
      type: 'call_ringing',
      callId: call.id,
      to: calleeName,
      ...(ref !== undefined && { ref }),
    });
    // §1.3: nothing before the accept carries the callee's address.
    hub.sendTo(calleeName, {
      type: 'call_incoming',
      callId: call.id,
      from: callerName,
      media,
      ...(fingerprintCommitment !== undefined && { fingerprintCommitment }),
    });
    hub.setStatus(callerName, 'ringing');
    hub.setStatus(calleeName, 'ringing');
    this.signal({ kind: 'ringing', callId: call.id, from: callerName, to: calleeName, media });
    return OK;
  }

  accept(byName: string, request: CallAcceptRequest): CallOutcome {
    const found = this.ringingCallOf(byName, request.callId, 'accept');
    if (!found.ok) return found;
    const call = found.call;
    const callee = this.options.hub.find(call.callee);
    // §1.3, §1.6: fill in the callee's address when `host` is absent or a wildcard.
    const given = request.host;
    const host =
      given === undefined || isWildcardHost(given) ? (callee?.host ?? '') : normalizeIp(given);
    clearTimeout(call.timer);
    call.state = 'in_call';
    const hub = this.options.hub;
    hub.sendTo(call.caller, {
      type: 'call_accepted',
      callId: call.id,
      host,
      port: request.port,
      token: request.token,
      ...(request.fingerprint !== undefined && { fingerprint: request.fingerprint }),
    });
    hub.setStatus(call.caller, 'in_call');
    hub.setStatus(call.callee, 'in_call');
    this.signal({
      kind: 'accepted',
      callId: call.id,
      from: call.caller,
      to: call.callee,
      host,
      port: request.port,
    });
    return OK;
  }

  reject(byName: string, callId: string, reason: string | undefined): CallOutcome {
    const found = this.ringingCallOf(byName, callId, 'reject');
    if (!found.ok) return found;
    const call = found.call;
    const why = reason ?? CallEndReason.rejected;
    this.finish(call);
    this.options.hub.sendTo(call.caller, {
      type: 'call_rejected',
      callId,
      by: call.callee,
      reason: why,
    });
    this.restoreStatus(call.caller, call.callee);
    this.signal({
      kind: 'rejected',
      callId,
      from: call.caller,
      to: call.callee,
      by: call.callee,
      reason: why,
    });
    return OK;
  }

  end(byName: string, callId: string, reason: string | undefined): CallOutcome {
    const call = this.calls.get(callId);
    if (call === undefined) return this.unknownCall(byName, callId, 'the call has already ended');
    if (!isParty(call, byName)) return notParticipant();
    const byCaller = key(byName) === key(call.caller);
    const defaultReason =
      call.state === 'in_call'
        ? CallEndReason.hangup
        : byCaller
          ? CallEndReason.cancelled
          : CallEndReason.rejected;
    this.endCall(call, byName, reason ?? defaultReason, byCaller ? [call.callee] : [call.caller]);
    return OK;
  }

  /** §1.3: a party that disconnects ends its call with `peer_left`; call after the hub dropped it. */
  userLeft(name: string): void {
    const call = this.callOfUser.get(key(name));
    if (call === undefined) return;
    const other = key(name) === key(call.caller) ? call.callee : call.caller;
    this.endCall(call, name, CallEndReason.peerLeft, [other]);
  }

  /** Drops every call and timer (server stop); nobody is told. */
  close(): void {
    for (const call of this.calls.values()) clearTimeout(call.timer);
    this.calls.clear();
    this.callOfUser.clear();
  }

  private noAnswer(call: Call): void {
    if (this.calls.get(call.id) !== call || call.state !== 'ringing') return;
    // §1.6: `no_answer` goes to both parties with `by: "server"`.
    this.endCall(call, 'server', CallEndReason.noAnswer, [call.caller, call.callee]);
  }

  private endCall(call: Call, by: string, reason: string, notify: string[]): void {
    this.finish(call);
    for (const name of notify) {
      this.options.hub.sendTo(name, { type: 'call_ended', callId: call.id, by, reason });
    }
    this.restoreStatus(call.caller, call.callee);
    this.signal({ kind: 'ended', callId: call.id, from: call.caller, to: call.callee, by, reason });
  }

  private finish(call: Call): void {
    clearTimeout(call.timer);
    this.calls.delete(call.id);
    this.callOfUser.delete(key(call.caller));
    this.callOfUser.delete(key(call.callee));
    this.ended.set(call.id, { caller: call.caller, callee: call.callee });
    if (this.ended.size > MAX_ENDED_CALLS) {
      const oldest = this.ended.keys().next();
      if (oldest.done !== true) this.ended.delete(oldest.value);
    }
  }

  /** Both back to `online`; a party who already left is not in the hub and is skipped. */
  private restoreStatus(...names: string[]): void {
    for (const name of names) this.options.hub.setStatus(name, 'online');
  }

  private ringingCallOf(
    byName: string,
    callId: string,
    verb: 'accept' | 'reject',
  ): { ok: true; call: Call } | { ok: false; code: ErrorCode; message: string } {
    const call = this.calls.get(callId);
    if (call === undefined)
      return this.unknownCall(byName, callId, 'the call is no longer ringing');
    // §1.3: only the callee may accept or reject.
    if (key(byName) !== key(call.callee)) return notParticipant();
    if (call.state !== 'ringing') {
      return fail(ErrorCode.badRequest, `cannot ${verb}: the call is no longer ringing`);
    }
    return { ok: true, call };
  }

  private unknownCall(
    byName: string,
    callId: string,
    endedMessage: string,
  ): { ok: false; code: ErrorCode; message: string } {
    const ended = this.ended.get(callId);
    if (ended === undefined) return fail(ErrorCode.noSuchCall, 'no such call');
    if (!isParty(ended, byName)) return notParticipant();
    return fail(ErrorCode.badRequest, endedMessage);
  }

  private signal(signal: CallSignal): void {
    this.options.onSignal?.(signal);
  }
}

function isParty(call: { caller: string; callee: string }, name: string): boolean {
  const k = key(name);
  return k === key(call.caller) || k === key(call.callee);
}

function notParticipant(): { ok: false; code: ErrorCode; message: string } {
  return fail(ErrorCode.notParticipant, 'you are not a party to that call');
}

function fail(code: ErrorCode, message: string): { ok: false; code: ErrorCode; message: string } {
  return { ok: false, code, message };
}

function key(name: string): string {
  return nameKey(normalizeName(name));
}
