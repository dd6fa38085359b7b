/**
 * The client's long-lived identity (docs/security.md "Names bound to keys"):
 * an ECDSA P-256 key and self-signed certificate made on first run and kept
 * 0600 in the config dir. It is presented as the TLS client certificate on
 * every chat connection; the server binds registered names to its fingerprint.
 */
import { loadOrCreateIdentity, type TlsIdentity } from '../../security/self-signed.js';

export const CLIENT_IDENTITY_STEM = 'identity';

export async function loadClientIdentity(configDir: string): Promise<TlsIdentity> {
  return loadOrCreateIdentity(configDir, CLIENT_IDENTITY_STEM, 'tchat client');
}
