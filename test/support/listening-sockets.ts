import { readdir, readFile, readlink } from 'node:fs/promises';

// Which TCP sockets a set of processes listens on, read from Linux's /proc: each process's open
// file descriptors (/proc/<pid>/fd → socket:[inode]) matched with the LISTEN rows of
// /proc/net/tcp and /proc/net/tcp6. Nothing connects anywhere: this only reads the kernel's tables.

export interface ProcSocket {
  /** Canonical text: 127.0.0.1, ::1, ::ffff:127.0.0.1, 0.0.0.0, :: … */
  address: string;
  port: number;
  /** The kernel's state code: 0x0A is LISTEN. */
  state: number;
  inode: number;
}

export interface Listener {
  pid: number;
  /** /proc/<pid>/comm: node, java … */
  command: string;
  address: string;
  port: number;
}

export const TCP_LISTEN = 0x0a;

/** The addresses that only this machine can reach. */
export const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** An IPv4 address as /proc prints it: one 32-bit word in the machine's byte order (little-endian here). */
export function procIPv4(hex: string): string {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) throw new Error(`not an IPv4 address from /proc: ${hex}`);
  return wordBytes(hex).join('.');
}

/** An IPv6 address as /proc prints it: four 32-bit words, each in the machine's byte order. */
export function procIPv6(hex: string): string {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) throw new Error(`not an IPv6 address from /proc: ${hex}`);
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8)));
  // An IPv4-mapped address (::ffff:a.b.c.d), as a dual-stack socket bound to 127.0.0.1 shows.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  return formatIPv6(groups);
}

/** Little-endian: the word 0100007F holds the bytes 7F 00 00 01. */
function wordBytes(word: string): number[] {
  return [6, 4, 2, 0].map((i) => Number.parseInt(word.slice(i, i + 2), 16));
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (of two or more) of zero groups as ::. */
function formatIPv6(groups: number[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

/** The rows of /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6). */
export function parseProcNetTcp(text: string, family: 4 | 6): ProcSocket[] {
  const rows: ProcSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [address, port] = fields[1]!.split(':');
    rows.push({
      address: family === 4 ? procIPv4(address!) : procIPv6(address!),
      port: Number.parseInt(port!, 16),
      state: Number.parseInt(fields[3]!, 16),
      inode: Number(fields[9]),
    });
  }
  return rows;
}

/** A process and all its descendants (through /proc/<pid>/task/<tid>/children), root first. */
export async function processTree(root: number): Promise<number[]> {
  const seen: number[] = [];
  const visit = async (pid: number) => {
    if (seen.includes(pid)) return;
    seen.push(pid);
    const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
    for (const tid of tasks) {
      const children = await readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '');
      for (const child of children.split(/\s+/).filter(Boolean)) await visit(Number(child));
    }
  };
  await visit(root);
  return seen;
}

/** The socket inodes a process holds open; none when it is gone. */
async function socketInodes(pid: number): Promise<number[]> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  const inodes: number[] = [];
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.push(Number(inode));
  }
  return inodes;
}

/** Every TCP socket in LISTEN state that one of these processes holds, IPv4 and IPv6. */
export async function listeningSockets(pids: readonly number[]): Promise<Listener[]> {
  const [tcp, tcp6] = await Promise.all([
    readFile('/proc/net/tcp', 'utf8').then((t) => parseProcNetTcp(t, 4)),
    readFile('/proc/net/tcp6', 'utf8').then((t) => parseProcNetTcp(t, 6)),
  ]);
  const listening = new Map(
    [...tcp, ...tcp6].filter((s) => s.state === TCP_LISTEN && s.inode !== 0).map((s) => [s.inode, s]),
  );
  const out: Listener[] = [];
  for (const pid of pids) {
    const command = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
    for (const inode of await socketInodes(pid)) {
      const socket = listening.get(inode);
      if (socket) out.push({ pid, command, address: socket.address, port: socket.port });
    }
  }
  // A socket one process holds twice (a duplicated descriptor) is listed once.
  return out.filter(
    (l, i) => out.findIndex((o) => o.address === l.address && o.port === l.port && o.pid === l.pid) === i,
  );
}

/** True while the process exists (and is not a zombie waiting to be reaped). */
export async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return false;
  // The state follows the command in parentheses, which may itself contain ") ".
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** A table for the test's log: pid, command, address:port. */
export function formatListeners(listeners: readonly Listener[]): string {
  return listeners
    .map((l) => `${String(l.pid).padStart(7)}  ${l.command.padEnd(8)}  ${l.address}:${l.port}`)
    .join('\n');
}
