/**
 * Loopback captures for tests: `tcpdump -i lo` into a pcap file, and the TCP
 * payloads read back from it (pcap: 24-byte file header, 16-byte record
 * headers; Linux `lo` frames carry a 14-byte Ethernet header; IPv4 only,
 * which is all 127.0.0.1 traffic is).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { makeTempDir } from './server-harness.js';

const PCAP_HEADER_BYTES = 24;

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

export interface Capture {
  /** Stops tcpdump (it flushes on SIGINT) and returns every TCP segment with a payload. */
  stop(): Promise<TcpSegment[]>;
}

/**
 * Starts capturing TCP on `lo` for `ports` (all TCP when none are given); resolves once packets are really
 * recorded. tcpdump says "listening on" before its filter is in place
 * (packets in between are counted but dropped), so a probe connection to a
 * listener of our own, inside the filter, is repeated until it shows in the file.
 * `--immediate-mode`: without it libpcap holds packets in its ring until a
 * block fills or times out, and the last second of traffic is lost at SIGINT.
 */
export async function startCapture(ports: number[] = []): Promise<Capture> {
  const file = path.join(makeTempDir('tchat-pcap-'), 'lo.pcap');
  const probe = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const probePort = (probe.address() as net.AddressInfo).port;
  // No ports: every TCP connection on lo (a call's media port is only known once it rings).
  const filter =
    ports.length === 0
      ? 'tcp'
      : [...ports, probePort].map((port) => `tcp port ${port}`).join(' or ');
  const child: ChildProcess = spawn(
    'tcpdump',
    ['-i', 'lo', '--immediate-mode', '-U', '-s', '0', '-Z', 'root', '-w', file, filter],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${stderr}`)), 10_000);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`tcpdump exited: ${stderr}`));
    });
  });
  const deadline = Date.now() + 10_000;
  while (statSync(file).size <= PCAP_HEADER_BYTES) {
    if (Date.now() > deadline) {
      child.kill('SIGINT');
      probe.close();
      throw new Error(`tcpdump recorded nothing: ${stderr}`);
    }
    await new Promise<void>((resolve) => {
      const socket = net.connect(probePort, '127.0.0.1');
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  probe.close();
  return {
    async stop() {
      child.kill('SIGINT');
      await exited;
      const bytes = readFileSync(file);
      return readTcpSegments(bytes);
    },
  };
}

export function readTcpSegments(pcap: Buffer): TcpSegment[] {
  const little = pcap.readUInt32LE(0) === 0xa1b2c3d4;
  const u32 = (offset: number): number =>
    little ? pcap.readUInt32LE(offset) : pcap.readUInt32BE(offset);
  const linkType = u32(20);
  const linkHeader = linkType === 1 ? 14 : linkType === 113 ? 16 : 0; // Ethernet, Linux SLL
  const segments: TcpSegment[] = [];
  for (let offset = 24; offset + 16 <= pcap.length;) {
    const captured = u32(offset + 8);
    const frame = pcap.subarray(offset + 16, offset + 16 + captured);
    offset += 16 + captured;
    const ip = frame.subarray(linkHeader);
    if (ip.length < 20 || ip[0]! >> 4 !== 4 || ip[9] !== 6) continue;
    const ipHeader = (ip[0]! & 0x0f) * 4;
    const total = ip.readUInt16BE(2);
    const tcp = ip.subarray(ipHeader, total);
    if (tcp.length < 20) continue;
    const tcpHeader = (tcp[12]! >> 4) * 4;
    const payload = tcp.subarray(tcpHeader);
    if (payload.length === 0) continue;
    segments.push({ srcPort: tcp.readUInt16BE(0), dstPort: tcp.readUInt16BE(2), payload });
  }
  return segments;
}
