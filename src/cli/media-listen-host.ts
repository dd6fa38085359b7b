/**
 * Where the callee listens for the caller's media connection. The server
 * tells the caller the address it sees for us; talking to the server over
 * loopback, that is a loopback address, so listening there is enough (and
 * keeps the port off the network). Otherwise the media layer's default
 * (every interface).
 */
export function mediaListenHost(serverHost: string): { listenHost?: string } {
  if (/^127\.\d+\.\d+\.\d+$/.test(serverHost)) return { listenHost: '127.0.0.1' };
  if (serverHost === '::1' || serverHost === '[::1]') return { listenHost: '::1' };
  return {};
}
