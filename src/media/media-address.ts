/**
 * Where a callee listens and which `host` it puts in `call_accept`
 * (docs/protocol-v1.md §1.3 step 2: the address the caller should connect to; when
 * it is absent the server fills in the address it sees for the callee's chat
 * connection). Pure: the machine's interfaces are passed in.
 *
 * Over a loopback chat connection the server would fill in 127.0.0.1 (or
 * ::1), which a caller on another machine cannot use. The callee knows no
 * address of the caller either, so it names the first non-internal IPv4
 * address of this machine (else the first global IPv6 one) and listens on
 * every interface, where a caller on this machine reaches it too.
 */
import type { NetworkInterfaceInfo } from 'node:os';

export type NetworkInterfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

export interface MediaAddress {
  /** The interface to listen on; absent: the media layer's default, every interface. */
  listenHost?: string;
  /** The `host` of `call_accept`; absent: the server fills in what it sees. */
  advertiseHost?: string;
}

/** 127.0.0.0/8, ::1 and `localhost`, with or without brackets or the IPv4-mapped prefix. */
export function isLoopbackHost(host: string): boolean {
  const bare = unbracket(host).toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
  );
}

export function chooseMediaAddress(chatHost: string, interfaces: NetworkInterfaces): MediaAddress {
  if (!isLoopbackHost(chatHost)) return {};
  const external = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((info) => !info.internal);
  const ipv4 = external.find((info) => info.family === 'IPv4');
  if (ipv4) return { listenHost: '0.0.0.0', advertiseHost: ipv4.address };
  // Link-local IPv6 (fe80::/10) needs a zone id the caller cannot know.
  const ipv6 = external.find((info) => info.family === 'IPv6' && !/^fe[89ab]/i.test(info.address));
  if (ipv6) return { listenHost: '::', advertiseHost: ipv6.address };
  // No network at all: only a caller on this machine can reach us, over loopback.
  return { listenHost: unbracket(chatHost) === '::1' ? '::1' : '127.0.0.1' };
}

/**
 * The loopback address to dial instead of `host` when `host` is one of this
 * machine's own addresses: the callee is on this machine (a tchat callee then
 * listens on every interface), and the connection stays off the network.
 */
export function loopbackFor(host: string, interfaces: NetworkInterfaces): string | undefined {
  const bare = unbracket(host)
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.)/, '');
  for (const info of Object.values(interfaces).flatMap((list) => list ?? [])) {
    if (info.internal || info.address.toLowerCase() !== bare) continue;
    return info.family === 'IPv4' ? '127.0.0.1' : '::1';
  }
  return undefined;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
