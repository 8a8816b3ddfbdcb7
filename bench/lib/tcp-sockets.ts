import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** TCP states as /proc/net/tcp writes them (include/net/tcp_states.h). */
const ESTABLISHED = '01';
const LISTEN = '0A';

export interface PortSockets {
  /** Listening sockets on the port (one per process bound with SO_REUSEPORT). */
  listening: number;
  /** Accepted connections on the port: how the kernel spread the clients to this process. */
  established: number;
}

/**
 * The IPv4 TCP sockets a process holds whose local port is `port`, from /proc: the inodes of its
 * open sockets (/proc/<pid>/fd) matched against the kernel's table of its network namespace.
 */
export function socketsOnPort(pid: number, port: number): PortSockets {
  const states = socketStatesOnPort(readFileSync(`/proc/${pid}/net/tcp`, 'utf8'), port);
  const counts = { listening: 0, established: 0 };
  for (const inode of socketInodes(pid)) {
    const state = states.get(inode);
    if (state === LISTEN) counts.listening++;
    else if (state === ESTABLISHED) counts.established++;
  }
  return counts;
}

/** inode → state of the sockets whose local port is `port`, from the text of /proc/net/tcp. */
export function socketStatesOnPort(table: string, port: number): Map<string, string> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const states = new Map<string, string>();
  for (const line of table.split('\n').slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
    const fields = line.trim().split(/\s+/);
    const [local, state, inode] = [fields[1], fields[3], fields[9]];
    if (local?.endsWith(`:${hexPort}`) && state && inode) states.set(inode, state);
  }
  return states;
}

function socketInodes(pid: number): string[] {
  const inodes: string[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.push(match[1]);
    } catch {
      // closed between the listing and the read
    }
  }
  return inodes;
}
