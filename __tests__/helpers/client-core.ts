/**
 * Helpers for driving the real client core against a real server in tests.
 */
import net from 'node:net';
import {
  createChatClient,
  type ChatClient,
  type ChatClientOptions,
} from '../../src/client/core/chat-client.js';
import { createNetTransport } from '../../src/client/transport/net-transport.js';
import { listToArray } from '../../src/client/core/chunked-list.js';
import type { ClientState } from '../../src/client/core/state.js';
import { closeLogger, createFileLogger } from '../../src/logging/create-logger.js';
import { createChatServer, type ChatServer } from '../../src/server/chat-server.js';
import { makeTempDir } from './server-harness.js';

/** Short backoff so reconnect tests are quick. */
export const FAST_BACKOFF = { initialDelayMs: 50, maxDelayMs: 300, factor: 2, jitter: 0 };

export function startClient(port: number, options: Partial<ChatClientOptions> = {}): ChatClient {
  const client = createChatClient({
    host: '127.0.0.1',
    port,
    transport: createNetTransport(),
    connection: { backoff: FAST_BACKOFF },
    ...options,
  });
  client.start();
  return client;
}

/** Resolves with the state once `predicate` holds; rejects after `timeoutMs` with the last state. */
export function waitForState(
  client: ChatClient,
  predicate: (state: ClientState) => boolean,
  timeoutMs = 5_000,
  what = 'state',
): Promise<ClientState> {
  return new Promise((resolve, reject) => {
    if (predicate(client.getState())) {
      resolve(client.getState());
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      const s = client.getState();
      reject(
        new Error(
          `timed out waiting for ${what}; connection=${JSON.stringify(s.connection)} log=${JSON.stringify(s.log.slice(-5).map((l) => l.text))}`,
        ),
      );
    }, timeoutMs);
    const unsubscribe = client.subscribe(() => {
      if (predicate(client.getState())) {
        clearTimeout(timer);
        unsubscribe();
        resolve(client.getState());
      }
    });
  });
}

export const registered = (client: ChatClient) =>
  waitForState(client, (s) => s.connection.kind === 'registered', 5_000, 'registered');

export function messageTexts(state: ClientState): string[] {
  return listToArray(state.timeline).flatMap((e) => (e.kind === 'message' ? [e.text] : []));
}

/**
 * An in-process server whose listener we own, so a test can make it vanish
 * without a goodbye (as a crash or a network cut would) and bring up a new
 * one on the same port.
 */
export interface CrashableServer {
  port: number;
  chat: ChatServer;
  /** Destroys every connection and stops listening; nobody gets `shutdown`. */
  crash(): Promise<void>;
}

export async function startCrashableServer(
  port = 0,
  adminToken = 'test-admin-token',
): Promise<CrashableServer> {
  const logger = createFileLogger({ dir: makeTempDir(), fileName: 'server.log' });
  const chat = createChatServer({ adminToken }, { logger });
  const sockets = new Set<net.Socket>();
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    chat.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(port, '127.0.0.1', () => resolve());
  });
  const address = listener.address() as net.AddressInfo;
  return {
    port: address.port,
    chat,
    async crash() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      // Nobody is connected any more, so this graceful stop sends nothing; it lets the log settle.
      await chat.close();
      await closeLogger(logger);
    },
  };
}

/** Every state the client goes through from now on, for "this never happened in the window" checks. */
export function recordStates(client: ChatClient): { states: ClientState[]; stop: () => void } {
  const states: ClientState[] = [];
  const stop = client.subscribe(() => states.push(client.getState()));
  return { states, stop };
}

/**
 * A TCP relay between clients and a server that can cut the clients off the
 * way a dead network does: the client's socket is destroyed, but the
 * server's side stays open and silent (no FIN, no pong), so the server keeps
 * the old session until its idle timeout — the case name reclaim is about.
 */
export interface CutProxy {
  port: number;
  /** Connections the relay accepted so far. */
  readonly accepted: number;
  /** Drops every client connection now; their server sides linger, mute. */
  cutClients(): void;
  close(): Promise<void>;
}

export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; cut: boolean }>();
  let accepted = 0;
  const relay = net.createServer((client) => {
    accepted += 1;
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    const pair = { client, upstream, cut: false };
    pairs.add(pair);
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.on('data', (chunk) => {
      if (!pair.cut) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!pair.cut) client.write(chunk);
    });
    client.on('close', () => {
      if (!pair.cut) upstream.destroy();
    });
    upstream.on('close', () => {
      pairs.delete(pair);
      client.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (relay.address() as net.AddressInfo).port,
    get accepted() {
      return accepted;
    },
    cutClients() {
      for (const pair of pairs) {
        pair.cut = true;
        pair.client.destroy();
      }
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}
