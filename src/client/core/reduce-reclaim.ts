/**
 * After a network drop we register the same name again. The
 * server may still hold our cut-off session (it notices only at its idle
 * timeout, docs/protocol-v1.md §1.4), so `name_taken` for the name we held is, for a
 * while (`reclaimNameMs`), temporary: we stay `registering`, and the client
 * asks again after a backoff (chat-client.ts). Pure.
 */
import type { ServerEvent } from '../../protocol/messages.js';
import { formatAddress } from '../../protocol/address.js';
import { sameName } from '../../protocol/names.js';
import type { ClientState } from './state.js';
import { addLog, addNotice } from './state-updates.js';

/** The reducer's answer to an `error` while we reclaim our name; null when this is not that case. */
export function reduceReclaim(
  state: ClientState,
  event: Extract<ServerEvent, { type: 'error' }>,
  atMs: number,
): ClientState | null {
  const registration = state.registration;
  if (registration.kind !== 'registering') return null;
  // While we wait, the server closes a connection unregistered for 30 s (§1.1): expected; the
  // reconnect asks again.
  if (event.code === 'hello_timeout' && registration.reclaim) {
    const text = `still waiting for ${registration.name}; the server closes unregistered connections after 30 s, reconnecting to ask again`;
    return addLog(state, 'info', text, atMs);
  }
  if (event.code !== 'name_taken') return null;
  if (state.heldName === null || !sameName(state.heldName, registration.name)) return null;
  const untilMs = registration.reclaim?.untilMs ?? atMs + state.reclaimNameMs;
  // Past the window: the reducer sends the user to the name prompt.
  if (atMs >= untilMs) return null;
  const attempts = (registration.reclaim?.attempts ?? 0) + 1;
  const next: ClientState = {
    ...state,
    registration: { kind: 'registering', name: registration.name, reclaim: { untilMs, attempts } },
  };
  if (attempts > 1) {
    return addLog(next, 'debug', `${registration.name} is still taken (try ${attempts})`, atMs);
  }
  const seconds = Math.round((untilMs - atMs) / 1000);
  const here = formatAddress(state.host, state.port);
  // docs/protocol.md "Fail-over": on another node of a cluster, the node we were on holds the
  // name until it sees the drop, or its lease runs out if it died (15 s by default).
  const holder =
    state.heldOn !== null && state.heldOn !== here
      ? `${state.heldOn}, the server we were on, still holds it (a cluster node that died frees it when its lease runs out, 15 s by default)`
      : 'the server still holds the session that was cut off';
  const text = `Waiting for ${registration.name} to be released: ${holder}; retrying for up to ${seconds} s`;
  return addLog(addNotice(next, 'info', text, atMs), 'warn', text, atMs);
}
