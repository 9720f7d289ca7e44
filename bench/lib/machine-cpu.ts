// CPU time from /proc (Linux; undefined elsewhere): one process's or thread's, and the whole
// machine's, every process (the load generator's included) and the kernel's networking. On a
// machine whose cores the load generator shares, a server's own CPU per request does not say why
// its requests per second are what they are; the machine's does: requests/s = busy cores ÷
// machine CPU per request.
import { readFileSync } from 'node:fs';

/** A process's or thread's CPU seconds (user + system) from its stat file: /proc/<pid>/stat, /proc/self/task/<tid>/stat. */
export function statCpuSeconds(path: string): number | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields 14 and 15 (utime, stime), in USER_HZ ticks (100 a second on Linux). The command name
    // (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export interface MachineCpu {
  /** Seconds of CPU spent (user, nice, system, irq, softirq, steal), summed over every core. */
  busy: number;
  /** Seconds elapsed, summed over every core (busy + idle + iowait). */
  total: number;
}

/** /proc/stat's first ("cpu") line, in seconds; undefined where there is no /proc. */
export function readMachineCpu(): MachineCpu | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (ticks.length < 8 || !ticks.every(Number.isFinite)) return undefined;
    const at = (i: number) => ticks[i] as number;
    const idle = at(3) + at(4);
    const busy = ticks.reduce((sum, t) => sum + t, 0) - idle;
    // USER_HZ is 100 on every Linux build Node supports.
    return { busy: busy / 100, total: (busy + idle) / 100 };
  } catch {
    return undefined;
  }
}

export interface MachineUse {
  /** Share of every core's time that was busy, 0..1. */
  busyShare: number;
  /** Machine CPU time per request in µs: every process and the kernel, load generator included. */
  cpuUsPerRequest: number;
}

export function machineUse(before: MachineCpu | undefined, after: MachineCpu | undefined, requests: number): MachineUse | null {
  if (!before || !after || requests === 0 || after.total <= before.total) return null;
  const busy = after.busy - before.busy;
  return { busyShare: busy / (after.total - before.total), cpuUsPerRequest: (busy * 1e6) / requests };
}
