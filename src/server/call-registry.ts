/**
 * Call signaling as domain logic (docs/protocol-v1.md §1.3, §1.6 "Calls"; group
 * calls: docs/protocol.md "Group calls"): ringing, accept, reject, end,
 * invite, busy, no_answer, peer_left, and the relay of each pair's media
 * handshake. A call is a list of members, each ringing or joined; a 1:1
 * call (two members, never more) sends exactly the §1.3 events. Talks to
 * users only through the hub (find/sendTo/setStatus), so it runs unchanged
 * on any hub; media never passes through the server.
 */
import { isWildcardHost, normalizeIp } from '../protocol/address.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { GROUP_CALL_CAP, MAX_CALL_MEMBERS } from '../protocol/group-call.js';
import {
  CallEndReason,
  type CallAcceptRequest,
  type CallLinkAcceptRequest,
  type CallMember,
  type CallMemberEvent,
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
      /** Everyone the call still had when it ended (the cluster frees their busy marks). */
      members: string[];
    }
  | { kind: 'member'; callId: string; name: string; state: string; by?: string; reason?: string }
  | { kind: 'link'; callId: string; from: string; to: string };

export interface CallRegistryOptions {
  hub: Hub;
  ringTimeoutMs: number;
  newCallId: () => string;
  onSignal?: (signal: CallSignal) => void;
}

interface Member {
  name: string;
  state: 'ringing' | 'joined';
  /** Who rang this member (it connects to this member's listener on accept). */
  invitedBy: string;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface Call {
  id: string;
  /** Who sent the `call`. */
  caller: string;
  media: Media[];
  /** Joined members in join order, then ringing ones in the order they were rung. */
  members: Member[];
  /** Has had more than two members: members hear `call_member` events from then on. */
  group: boolean;
  /** Someone has accepted: ending is `hangup`, no longer `cancelled`. */
  answered: boolean;
  /** Members who left while the call went on (a late `call_end` is `bad_request`). */
  former: Set<string>;
}

/** Ended calls are remembered a while, to answer late requests precisely (§1.6). */
const MAX_ENDED_CALLS = 1024;
const OK: CallOutcome = { ok: true };

export class CallRegistry {
  private readonly calls = new Map<string, Call>();
  private readonly callOfUser = new Map<string, Call>();
  private readonly ended = new Map<string, string[]>();

  constructor(private readonly options: CallRegistryOptions) {}

  start(
    callerName: string,
    to: string,
    media: Media[],
    ref: Ref | undefined,
    fingerprintCommitment?: string,
    also: readonly string[] = [],
  ): CallOutcome {
    const hub = this.options.hub;
    const invitees: string[] = [];
    for (const wanted of [to, ...also]) {
      const found = hub.find(wanted);
      if (found === undefined) return fail(ErrorCode.noSuchUser, `nobody is called ${wanted}`);
      const name = found.user.name;
      if (key(name) === key(callerName))
        return fail(ErrorCode.badRequest, 'you cannot call yourself');
      if (invitees.some((other) => key(other) === key(name))) {
        return fail(ErrorCode.badRequest, `${name} is named twice`);
      }
      if (!found.user.caps.includes('call')) {
        return fail(ErrorCode.unsupported, `${name} cannot receive calls`);
      }
      invitees.push(name);
    }
    if (invitees.length + 1 > MAX_CALL_MEMBERS) {
      return fail(ErrorCode.callFull, `a call has at most ${MAX_CALL_MEMBERS} people`);
    }
    if (invitees.length > 1) {
      for (const name of [callerName, ...invitees]) {
        const refused = this.groupRefusal(name, callerName);
        if (refused) return refused;
      }
    }
    if (this.callOfUser.has(key(callerName)))
      return fail(ErrorCode.busy, 'you are already in a call');
    for (const name of invitees) {
      if (this.callOfUser.has(key(name))) return fail(ErrorCode.busy, `${name} is busy`);
    }

    const call: Call = {
      id: this.options.newCallId(),
      caller: callerName,
      media,
      members: [{ name: callerName, state: 'joined', invitedBy: callerName, timer: undefined }],
      group: invitees.length > 1,
      answered: false,
      former: new Set(),
    };
    this.calls.set(call.id, call);
    this.callOfUser.set(key(callerName), call);
    for (const name of invitees) this.addRinging(call, name, callerName);

    hub.sendTo(callerName, {
      type: 'call_ringing',
      callId: call.id,
      to: invitees[0]!,
      ...(invitees.length > 1 && { also: invitees.slice(1) }),
      ...(ref !== undefined && { ref }),
    });
    // §1.3: nothing before the accept carries the callee's address.
    for (const name of invitees) this.sendIncoming(call, name, callerName, fingerprintCommitment);
    hub.setStatus(callerName, 'ringing');
    for (const name of invitees) {
      hub.setStatus(name, 'ringing');
      this.signal({ kind: 'ringing', callId: call.id, from: callerName, to: name, media });
    }
    return OK;
  }

  /** Group calls: a joined member rings one more person into its call. */
  invite(
    byName: string,
    callId: string,
    to: string,
    ref: Ref | undefined,
    fingerprintCommitment?: string,
  ): CallOutcome {
    const call = this.calls.get(callId);
    if (call === undefined) return this.unknownCall(byName, callId, 'the call has already ended');
    const inviter = memberOf(call, byName);
    if (inviter?.state !== 'joined') return notParticipant();
    const found = this.options.hub.find(to);
    if (found === undefined) return fail(ErrorCode.noSuchUser, `nobody is called ${to}`);
    const name = found.user.name;
    if (key(name) === key(byName)) return fail(ErrorCode.badRequest, 'you cannot call yourself');
    if (memberOf(call, name)) return fail(ErrorCode.busy, `${name} is already in this call`);
    if (!found.user.caps.includes('call')) {
      return fail(ErrorCode.unsupported, `${name} cannot receive calls`);
    }
    if (call.members.length >= MAX_CALL_MEMBERS) {
      return fail(ErrorCode.callFull, `the call already has ${MAX_CALL_MEMBERS} people`);
    }
    for (const member of [...call.members.map((m) => m.name), name]) {
      const refused = this.groupRefusal(member, byName);
      if (refused) return refused;
    }
    if (this.callOfUser.has(key(name))) return fail(ErrorCode.busy, `${name} is busy`);

    call.group = true;
    this.addRinging(call, name, inviter.name);
    this.sendIncoming(call, name, inviter.name, fingerprintCommitment);
    this.options.hub.setStatus(name, 'ringing');
    this.announce(call, { name, state: 'ringing', by: inviter.name }, { ref, to: inviter.name });
    this.signal({ kind: 'member', callId, name, state: 'ringing', by: inviter.name });
    return OK;
  }

  accept(byName: string, request: CallAcceptRequest): CallOutcome {
    const found = this.ringingMemberOf(byName, request.callId, 'accept');
    if (!found.ok) return found;
    const { call, member } = found;
    clearTimeout(member.timer);
    // The listener is for whoever rang; if they left, for the member who joined first.
    const via =
      memberOf(call, member.invitedBy)?.state === 'joined' ? member.invitedBy : firstJoined(call);
    member.state = 'joined';
    // Joined members stay in join order, ahead of the ringing ones.
    call.members = [...joinedOf(call).filter((m) => m !== member), member, ...ringingOf(call)];
    call.answered = true;
    const host = this.hostOf(member.name, request.host);
    const hub = this.options.hub;
    hub.sendTo(via, {
      type: 'call_accepted',
      callId: call.id,
      ...(call.group && { by: member.name }),
      host,
      port: request.port,
      token: request.token,
      ...(request.fingerprint !== undefined && { fingerprint: request.fingerprint }),
    });
    for (const joined of joinedOf(call)) hub.setStatus(joined.name, 'in_call');
    if (call.group)
      this.announce(call, { name: member.name, state: 'joined', via }, { self: true });
    this.signal({
      kind: 'accepted',
      callId: call.id,
      from: via,
      to: member.name,
      host,
      port: request.port,
    });
    return OK;
  }

  reject(byName: string, callId: string, reason: string | undefined): CallOutcome {
    const found = this.ringingMemberOf(byName, callId, 'reject');
    if (!found.ok) return found;
    const { call, member } = found;
    this.removeMember(call, member, member.name, reason ?? CallEndReason.rejected, true);
    return OK;
  }

  end(byName: string, callId: string, reason: string | undefined): CallOutcome {
    const call = this.calls.get(callId);
    if (call === undefined) return this.unknownCall(byName, callId, 'the call has already ended');
    const member = memberOf(call, byName);
    if (member === undefined) {
      if (call.former.has(key(byName)))
        return fail(ErrorCode.badRequest, 'you have left this call');
      return notParticipant();
    }
    const defaultReason =
      member.state === 'ringing'
        ? CallEndReason.rejected
        : call.answered
          ? CallEndReason.hangup
          : CallEndReason.cancelled;
    this.removeMember(call, member, member.name, reason ?? defaultReason);
    return OK;
  }

  /**
   * Group calls: relays one pair's media handshake between two joined members
   * (`call_link` → `call_link`, `call_link_accept` → `call_link_accepted`).
   */
  link(
    byName: string,
    request:
      | { type: 'call_link'; callId: string; to: string; fingerprintCommitment?: string }
      | CallLinkAcceptRequest,
  ): CallOutcome {
    const call = this.calls.get(request.callId);
    if (call === undefined) {
      return this.unknownCall(byName, request.callId, 'the call has already ended');
    }
    const from = memberOf(call, byName);
    const to = memberOf(call, request.to);
    if (from?.state !== 'joined') return notParticipant();
    if (to?.state !== 'joined' || to === from) {
      return fail(ErrorCode.badRequest, `${request.to} is not another member of this call`);
    }
    const hub = this.options.hub;
    if (request.type === 'call_link') {
      const commitment = request.fingerprintCommitment;
      hub.sendTo(to.name, {
        type: 'call_link',
        callId: call.id,
        from: from.name,
        ...(commitment !== undefined && { fingerprintCommitment: commitment }),
      });
    } else {
      hub.sendTo(to.name, {
        type: 'call_link_accepted',
        callId: call.id,
        from: from.name,
        host: this.hostOf(from.name, request.host),
        port: request.port,
        token: request.token,
        ...(request.fingerprint !== undefined && { fingerprint: request.fingerprint }),
      });
    }
    this.signal({ kind: 'link', callId: call.id, from: from.name, to: to.name });
    return OK;
  }

  /** Whether `name` is ringing or in a call (busy rules, renaming). */
  inCall(name: string): boolean {
    return this.callOfUser.has(key(name));
  }

  /** §1.3: a party that disconnects leaves its call with `peer_left`; call after the hub dropped it. */
  userLeft(name: string): void {
    const call = this.callOfUser.get(key(name));
    if (call === undefined) return;
    const member = memberOf(call, name);
    if (member) this.removeMember(call, member, member.name, CallEndReason.peerLeft);
  }

  /** Drops every call and timer (server stop); nobody is told. */
  close(): void {
    for (const call of this.calls.values()) for (const m of call.members) clearTimeout(m.timer);
    this.calls.clear();
    this.callOfUser.clear();
  }

  private addRinging(call: Call, name: string, invitedBy: string): void {
    const member: Member = { name, state: 'ringing', invitedBy, timer: undefined };
    member.timer = setTimeout(() => this.noAnswer(call, member), this.options.ringTimeoutMs);
    member.timer.unref();
    call.members.push(member);
    this.callOfUser.set(key(name), call);
  }

  private sendIncoming(call: Call, name: string, from: string, commitment?: string): void {
    const groupCapable = this.options.hub.find(name)?.user.caps.includes(GROUP_CALL_CAP) ?? false;
    this.options.hub.sendTo(name, {
      type: 'call_incoming',
      callId: call.id,
      from,
      media: call.media,
      ...(commitment !== undefined && { fingerprintCommitment: commitment }),
      ...(groupCapable && { members: listOf(call) }),
    });
  }

  /** Why `name` cannot be in a call of more than two (its client lacks `group-call`). */
  private groupRefusal(name: string, asking: string): CallOutcome | undefined {
    const caps = this.options.hub.find(name)?.user.caps ?? [];
    if (caps.includes(GROUP_CALL_CAP)) return undefined;
    const who = key(name) === key(asking) ? 'your client' : `${name}'s client`;
    return fail(ErrorCode.unsupported, `${who} can only be in a 1:1 call`);
  }

  private noAnswer(call: Call, member: Member): void {
    if (this.calls.get(call.id) !== call || member.state !== 'ringing') return;
    // §1.6: `no_answer` goes to the one rung (and, when the call ends, the others) with `by: "server"`.
    this.options.hub.sendTo(member.name, {
      type: 'call_ended',
      callId: call.id,
      by: 'server',
      reason: CallEndReason.noAnswer,
    });
    this.removeMember(call, member, 'server', CallEndReason.noAnswer);
  }

  /**
   * `member` is out (hung up, rejected, not answered, disconnected). The call
   * goes on while a joined member and someone else remain; otherwise it ends
   * for everyone left. The one leaving is told nothing: its own request is
   * its acknowledgement (§1.3).
   */
  private removeMember(
    call: Call,
    member: Member,
    by: string,
    reason: string,
    rejected = false,
  ): void {
    clearTimeout(member.timer);
    const before = call.members;
    call.members = call.members.filter((m) => m !== member);
    this.callOfUser.delete(key(member.name));
    const goesOn = joinedOf(call).length >= 1 && call.members.length >= 2;
    if (goesOn) {
      call.former.add(key(member.name));
      this.options.hub.setStatus(member.name, 'online');
      this.announce(call, { name: member.name, state: 'left', by, reason }, {});
      this.signal({
        kind: 'member',
        callId: call.id,
        name: member.name,
        state: 'left',
        by,
        reason,
      });
      return;
    }
    this.finish(call, [member.name]);
    const hub = this.options.hub;
    // §1.3: the caller of a 1:1 call hears `call_rejected` when the callee declines.
    const asRejection = rejected && !call.group;
    for (const left of call.members) {
      hub.sendTo(left.name, {
        type: asRejection ? 'call_rejected' : 'call_ended',
        callId: call.id,
        by,
        reason,
      });
    }
    // Everyone back to `online`, in the call's order (the caller first, as in §1.6).
    for (const m of before) hub.setStatus(m.name, 'online');
    const other = call.members[0]?.name ?? '';
    const [from, to] =
      key(member.name) === key(call.caller) ? [member.name, other] : [call.caller, member.name];
    this.signal({
      kind: asRejection ? 'rejected' : 'ended',
      callId: call.id,
      from,
      to,
      by,
      reason,
      members: before.map((m) => m.name),
    });
  }

  /** `call_member` to every member with the capability (the subject only when `self`). */
  private announce(
    call: Call,
    change: Omit<CallMemberEvent, 'type' | 'callId' | 'members'>,
    options: { self?: boolean; ref?: Ref | undefined; to?: string },
  ): void {
    const hub = this.options.hub;
    const members = listOf(call);
    for (const member of call.members) {
      if (!options.self && key(member.name) === key(change.name)) continue;
      if (!(hub.find(member.name)?.user.caps.includes(GROUP_CALL_CAP) ?? false)) continue;
      const withRef =
        options.ref !== undefined &&
        options.to !== undefined &&
        key(options.to) === key(member.name);
      hub.sendTo(member.name, {
        type: 'call_member',
        callId: call.id,
        ...change,
        members,
        ...(withRef && { ref: options.ref }),
      });
    }
  }

  private finish(call: Call, gone: string[]): void {
    for (const member of call.members) clearTimeout(member.timer);
    this.calls.delete(call.id);
    for (const member of call.members) this.callOfUser.delete(key(member.name));
    const everyone = [...gone, ...call.members.map((m) => m.name)];
    const earlier = this.ended.get(call.id) ?? [];
    this.ended.set(call.id, [...earlier, ...everyone]);
    if (this.ended.size > MAX_ENDED_CALLS) {
      const oldest = this.ended.keys().next();
      if (oldest.done !== true) this.ended.delete(oldest.value);
    }
  }

  /** §1.3, §1.6: the listener's address when `host` is absent or a wildcard. */
  private hostOf(name: string, given: string | undefined): string {
    if (given === undefined || isWildcardHost(given)) {
      return this.options.hub.find(name)?.host ?? '';
    }
    return normalizeIp(given);
  }

  private ringingMemberOf(
    byName: string,
    callId: string,
    verb: 'accept' | 'reject',
  ): { ok: true; call: Call; member: Member } | { ok: false; code: ErrorCode; message: string } {
    const call = this.calls.get(callId);
    if (call === undefined) {
      return this.unknownCall(byName, callId, 'the call is no longer ringing');
    }
    const member = memberOf(call, byName);
    // §1.3: only someone rung may accept or reject (never the caller).
    if (member === undefined || key(member.name) === key(call.caller)) return notParticipant();
    if (member.state !== 'ringing') {
      return fail(ErrorCode.badRequest, `cannot ${verb}: the call is no longer ringing`);
    }
    return { ok: true, call, member };
  }

  private unknownCall(
    byName: string,
    callId: string,
    endedMessage: string,
  ): { ok: false; code: ErrorCode; message: string } {
    const ended = this.ended.get(callId);
    if (ended === undefined) return fail(ErrorCode.noSuchCall, 'no such call');
    if (!ended.some((name) => key(name) === key(byName))) return notParticipant();
    return fail(ErrorCode.badRequest, endedMessage);
  }

  private signal(signal: CallSignal): void {
    this.options.onSignal?.(signal);
  }
}

function memberOf(call: Call, name: string): Member | undefined {
  const k = key(name);
  return call.members.find((m) => key(m.name) === k);
}

function joinedOf(call: Call): Member[] {
  return call.members.filter((m) => m.state === 'joined');
}

function ringingOf(call: Call): Member[] {
  return call.members.filter((m) => m.state === 'ringing');
}

function firstJoined(call: Call): string {
  return joinedOf(call)[0]?.name ?? call.caller;
}

function listOf(call: Call): CallMember[] {
  return call.members.map((m) => ({ name: m.name, state: m.state }));
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
