/**
 * The encrypted chat transport (docs/security.md): TLS 1.3 to the chat port,
 * presenting the client's identity certificate. The server's certificate is
 * self-signed, so the chain is not checked here (`rejectUnauthorized: false`):
 * its fingerprint goes to the core, which compares it with the pin in
 * known_servers before anything is written (server-trust.ts).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Transport } from '../core/transport.js';
import { wireSocket } from './net-transport.js';
import { describeSocketError } from './socket-errors.js';

/** OpenSSL's words for "the other end answered, but not with TLS". */
const NOT_TLS =
  /wrong[_ ]version[_ ]number|packet[_ ]length[_ ]too[_ ]long|unknown[_ ]protocol|record[_ ]layer[_ ]failure|http[_ ]request/i;

export function createTlsTransport(identity?: { cert: string; key: string }): Transport {
  return {
    connect({ host, port }, handlers) {
      let tcpUp = false;
      let secured = false;
      /** An error was reported already, or we closed it ourselves (timeout, refusal). */
      let explained = false;
      const socket = tls.connect({
        host,
        port,
        // SNI only takes names, not addresses.
        ...(net.isIP(host) === 0 ? { servername: host } : {}),
        minVersion: 'TLSv1.3',
        rejectUnauthorized: false,
        ...(identity ? { cert: identity.cert, key: identity.key } : {}),
      });
      socket.setNoDelay(true);
      socket.once('connect', () => {
        tcpUp = true;
      });
      socket.once('secureConnect', () => {
        secured = true;
        socket.setKeepAlive(true, 30_000);
        handlers.onOpen({
          encrypted: true,
          fingerprint: socket.getPeerCertificate().fingerprint256,
          protocol: socket.getProtocol() ?? 'TLS',
        });
      });
      // A server that closes during the handshake without a TLS alert (e.g. one that took
      // the ClientHello for a text line) is not a TLS server either.
      socket.once('close', () => {
        if (tcpUp && !secured && !explained) {
          handlers.onError(notTls(host, port, 'it closed the connection during the handshake'));
        }
      });
      const stream = wireSocket(socket, host, port, handlers, (error) => {
        explained = true;
        if (tcpUp && !secured && (NOT_TLS.test(error.message) || error.code === 'ECONNRESET')) {
          return notTls(host, port, error.message);
        }
        return { message: describeSocketError(error, host, port) };
      });
      return {
        write: (data) => stream.write(data),
        destroy(reason) {
          explained = true;
          stream.destroy(reason);
        },
      };
    },
  };
}

function notTls(host: string, port: number, detail: string) {
  return { message: `${host}:${port} does not speak TLS: ${detail}`, notTls: true };
}
