/**
 * Where the callee listens for the caller's media connection, and the
 * `host` it names in `call_accept`, given the server host the user chats
 * through: see src/media/media-address.ts and docs/media.md "Who listens".
 * `--call-host` overrides the guess (a machine on several networks):
 * listen on every interface and name that address.
 */
import { networkInterfaces } from 'node:os';
import { chooseMediaAddress, type MediaAddress } from '../media/media-address.js';

export function mediaListenHost(
  serverHost: string,
  callHost?: string,
  interfaces = networkInterfaces(),
): MediaAddress {
  if (callHost !== undefined) return { advertiseHost: callHost };
  return chooseMediaAddress(serverHost, interfaces);
}
