/**
 * The server's TLS identity (docs/security.md): `--tls-cert`/`--tls-key` when
 * given, else the ECDSA P-256 certificate generated on first start and kept in
 * `--data-dir` (0600), the same on every restart. Its fingerprint line is what
 * an admin publishes and users pass to `tchat --trust`.
 */
import { loadOrCreateIdentity, readIdentity, type TlsIdentity } from '../security/self-signed.js';
import { showFingerprint } from '../security/fingerprint.js';

export const SERVER_IDENTITY_STEM = 'server';

export async function loadServerIdentity(config: {
  dataDir: string;
  tlsFiles: { cert: string; key: string } | undefined;
}): Promise<{ ok: true; identity: TlsIdentity } | { ok: false; message: string }> {
  try {
    if (config.tlsFiles) {
      return { ok: true, identity: readIdentity(config.tlsFiles.cert, config.tlsFiles.key) };
    }
    const identity = await loadOrCreateIdentity(
      config.dataDir,
      SERVER_IDENTITY_STEM,
      'tchat server',
    );
    return { ok: true, identity };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `no TLS identity: ${text} (see --data-dir, --tls-cert)` };
  }
}

/** Exactly one line holds `fingerprint SHA256:` (what scripts and tests look for). */
export function serverFingerprintLine(fingerprint: string): string {
  return `tchat server fingerprint ${showFingerprint(fingerprint)}`;
}
