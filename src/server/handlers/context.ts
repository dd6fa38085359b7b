/**
 * What a request handler sees (one handler per request type, aedes-style):
 * the domain (hub, calls, history), the server's options and log, and the
 * requesting connection as a `SessionPort`, never a socket.
 */
import type { ErrorCode } from '../../protocol/error-codes.js';
import type { Ref, Request, ServerEvent } from '../../protocol/messages.js';
import type { CallRegistry } from '../call-registry.js';
import type { History } from '../history.js';
import type { PublicMessages } from '../public-messages.js';
import type { NameReservations } from '../name-reservations.js';
import type { Dialect, Hub, HubMember } from '../hub.js';
import type { ServerLog } from '../server-log.js';
import type { ServerOptions } from '../server-options.js';

export interface SessionPort {
  readonly id: number;
  /** `json` until the first line says otherwise. */
  readonly dialect: Dialect;
  /** The registered name, once `hello` succeeded. */
  readonly name: string | undefined;
  /** The peer's IP (IPv4-mapped written as IPv4) and `ip:port`, as the server sees them. */
  readonly remoteIp: string;
  readonly remoteAddress: string | undefined;
  /** SHA-256 of the TLS client certificate (`AB:CD:…`); undefined for plain connections or none sent. */
  readonly peerFingerprint: string | undefined;
  /** This connection as a hub member, to join the hub with. */
  readonly member: HubMember;
  /** Sends one event to this connection only, in its dialect. */
  send(event: ServerEvent): void;
  /**
   * Sends an event whose JSON form was prepared as pieces (e.g. around the
   * shared user list); `event` builds the object form for text mode. The
   * reply may exceed the output limit by its own size (§1.4).
   */
  sendPrepared(jsonParts: () => readonly Uint8Array[], event: () => ServerEvent): void;
  /** False once the connection is closing (a late answer from a cluster store finds it gone). */
  readonly isOpen: boolean;
  /** Marks the session registered under `name` (after the hub accepted it). */
  registered(name: string, caps: string[]): void;
  /** §1.1 `quit`: the name is freed, `bye` is sent, the connection closes. */
  quit(reason: string | undefined, ref: Ref | undefined): void;
}

export interface ServerContext {
  readonly options: ServerOptions;
  readonly hub: Hub;
  readonly calls: CallRegistry;
  readonly history: History;
  /** Where `say` hands a public message (public-messages.ts): history, log, fan-out. */
  readonly publicMessages: PublicMessages;
  readonly log: ServerLog;
  /** Which key owns which name (docs/security.md). */
  readonly reservations: NameReservations;
  now(): number;
  nextMessageId(): number;
  /** A cluster node's routing of call requests to the node where the call lives. */
  readonly callRouter?: {
    handles(request: Request): boolean;
    route(session: SessionPort, request: Request): HandlerOutcome | Promise<HandlerOutcome>;
  };
  /** Stops the server: `shutdown` to every client (§1.1). */
  shutdown(by: string, reason: string, requester?: { session: SessionPort; ref?: Ref }): void;
}

/** `undefined` = the request succeeded (§1.6: resets the errors-in-a-row count). */
export type HandlerOutcome = undefined | { code: ErrorCode; message: string };

export type Handler<R extends Request> = (
  context: ServerContext,
  session: SessionPort,
  request: R,
) => HandlerOutcome | Promise<HandlerOutcome>;

export function refOf(request: Request): { ref?: Ref } {
  return request.ref === undefined ? {} : { ref: request.ref };
}
