// Which TCP addresses a process group listens on, read from Linux's /proc (no tools needed): the sockets among
// the group's open files, matched with the LISTEN entries of /proc/net/tcp and tcp6. Lets a test prove that
// the embedded runtime and everything it starts (DynamoDB Local's JVM included) listen on loopback only.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ListeningSocket {
  address: string;
  port: number;
}

/** The processes whose process group is `groupId` (the runtime runs detached, as its group's leader). */
function processesOfGroup(groupId: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Fields after the command name, which is in parentheses and may hold spaces: state ppid pgrp ...
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === groupId) pids.push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** `0100007F` → 127.0.0.1; a tcp6 address of 32 hex digits → its IPv6 text (IPv4-mapped kept mapped). */
function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
  }
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const word = hex.slice(i, i + 8);
    // Each 32-bit word is stored in host (little-endian) order.
    const bytes = [6, 4, 2, 0].map((j) => word.slice(j, j + 2)).join('');
    words.push(bytes.slice(0, 4), bytes.slice(4, 8));
  }
  const text = words.map((w) => parseInt(w, 16).toString(16)).join(':');
  if (/^0:0:0:0:0:ffff:/.test(text)) {
    const [hi, lo] = text
      .split(':')
      .slice(6)
      .map((w) => parseInt(w, 16));
    return `::ffff:${hi! >> 8}.${hi! & 255}.${lo! >> 8}.${lo! & 255}`;
  }
  return text === '0:0:0:0:0:0:0:1' ? '::1' : text === '0:0:0:0:0:0:0:0' ? '::' : text;
}

/** Every TCP socket in LISTEN state held by a process of the group. */
export function listeningSocketsOfGroup(groupId: number): ListeningSocket[] {
  const inodes = new Set<string>();
  for (const pid of processesOfGroup(groupId)) for (const inode of socketInodes(pid)) inodes.add(inode);
  const sockets: ListeningSocket[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const [local, , state] = [fields[1]!, fields[2]!, fields[3]!];
      if (state !== '0A' || !inodes.has(fields[9]!)) continue;
      const [address, port] = local.split(':');
      sockets.push({ address: decodeAddress(address!), port: parseInt(port!, 16) });
    }
  }
  return sockets;
}

export const isLoopback = (address: string): boolean =>
  address === '::1' || /^127\./.test(address) || /^::ffff:127\./.test(address);
