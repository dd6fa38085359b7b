/**
 * Loopback capture for the capture-proof tests: `tcpdump -i lo` into a
 * pcap file, and a reader that yields the TCP payloads in it (Ethernet or
 * Linux "cooked" framing, IPv4 and IPv6).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

export interface Capture {
  /** Stops tcpdump (flushing the file) and returns the TCP payloads it saw. */
  stop(): Promise<TcpSegment[]>;
}

/** Starts `tcpdump -i lo`; rejects with tcpdump's own words when it cannot capture here. */
export async function startLoopbackCapture(file: string, filter = 'tcp'): Promise<Capture> {
  const child: ChildProcess = spawn(
    'tcpdump',
    ['-i', 'lo', '-s', '0', '-U', '-n', '-w', file, filter],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`tcpdump exited (${code}): ${stderr.trim()}`)));
  });
  return {
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      return readPcap(await readFile(file));
    },
  };
}

export function readPcap(data: Buffer): TcpSegment[] {
  const magic = data.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (at: number) => (le ? data.readUInt32LE(at) : data.readUInt32BE(at));
  const linkType = u32(20);
  const segments: TcpSegment[] = [];
  for (let at = 24; at + 16 <= data.length;) {
    const captured = u32(at + 8);
    const packet = data.subarray(at + 16, at + 16 + captured);
    at += 16 + captured;
    // 1: Ethernet (14 bytes, EtherType at 12); 113: Linux cooked (16 bytes, protocol at 14).
    const [linkBytes, typeAt] = linkType === 113 ? [16, 14] : [14, 12];
    const etherType = packet.readUInt16BE(typeAt);
    let ip = linkBytes;
    let protocol: number;
    if (etherType === 0x0800) {
      protocol = packet[ip + 9]!;
      ip += (packet[ip]! & 0x0f) * 4;
    } else if (etherType === 0x86dd) {
      protocol = packet[ip + 6]!;
      ip += 40;
    } else continue;
    if (protocol !== 6) continue;
    const tcpBytes = (packet[ip + 12]! >> 4) * 4;
    const payload = packet.subarray(ip + tcpBytes);
    if (payload.length === 0) continue;
    segments.push({
      srcPort: packet.readUInt16BE(ip),
      dstPort: packet.readUInt16BE(ip + 2),
      payload,
    });
  }
  return segments;
}
