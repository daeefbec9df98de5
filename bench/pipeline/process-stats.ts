import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** CPU and memory of processes from /proc (Linux): what `ps` would show, without spawning it. */

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

interface StatLine {
  /** The command name (kernel threads have no command line). */
  name: string;
  ppid: number;
  /** utime + stime, seconds. */
  cpu: number;
  /** cutime + cstime (children waited for), seconds. */
  childrenCpu: number;
}

function readStat(pid: number): StatLine | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state): field n is f[n - 3].
  const hz = clockTicks();
  return { name: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / hz, childrenCpu: (Number(f[13]) + Number(f[14])) / hz };
}

/** The pids of every live descendant of `root` (children, their children…). */
export function descendantsOf(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = readStat(pid);
    if (s) parent.set(pid, s.ppid);
  }
  const found: number[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const p = frontier.pop()!;
    for (const [pid, ppid] of parent) {
      if (ppid === p) {
        found.push(pid);
        frontier.push(pid);
      }
    }
  }
  return found;
}

export function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** CPU seconds (user + system) of a process and its live descendants, plus the children it already reaped. */
export function treeCpuSeconds(root: number): number {
  const r = readStat(root);
  if (!r) return NaN;
  let total = r.cpu + r.childrenCpu;
  for (const pid of descendantsOf(root)) total += readStat(pid)?.cpu ?? 0;
  return total;
}

/** Resident memory of one process, MB: now (VmRSS) and its peak so far (VmHWM). */
export interface MemoryFigures {
  rssMb: number;
  /** VmHWM: the kernel's peak resident set. */
  peakMb: number;
  /** Of the resident set now: anonymous (heaps, buffers) and file-backed (mapped code: node, libchdb). */
  anonMb: number;
  fileMb: number;
}

export function memoryMb(pid: number): MemoryFigures | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  const mb = (field: string) => Math.round(kb(field) / 1024);
  return { rssMb: mb('VmRSS'), peakMb: mb('VmHWM'), anonMb: mb('RssAnon'), fileMb: mb('RssFile') };
}

/**
 * Samples processes' memory every `everyMs` and keeps each one's peak anonymous memory
 * (the kernel keeps only the peak of the whole resident set, VmHWM, which includes
 * mapped code such as chDB's ~200 MB library) and the file-backed share at that moment.
 */
export function sampleMemory(pids: Record<string, number | undefined>, everyMs = 500): { stop: () => Record<string, { peakAnonMb: number; fileMbAtPeak: number }> } {
  const peaks: Record<string, { peakAnonMb: number; fileMbAtPeak: number }> = {};
  const tick = () => {
    for (const [who, pid] of Object.entries(pids)) {
      const m = pid ? memoryMb(pid) : undefined;
      if (m && Number.isFinite(m.anonMb) && m.anonMb > (peaks[who]?.peakAnonMb ?? -1)) peaks[who] = { peakAnonMb: m.anonMb, fileMbAtPeak: m.fileMb };
    }
  };
  const timer = setInterval(tick, everyMs);
  tick();
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return peaks;
    },
  };
}

/** Busy CPU seconds of the whole machine since boot (every core: user, nice, system, irq, softirq, steal). */
export function machineBusySeconds(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / clockTicks();
}

/** CPU seconds this process used so far (user + system). */
export const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** CPU seconds of every process on the machine now, with its command (first 80 characters). */
export function cpuSnapshot(): Map<number, { cpu: number; cmd: string }> {
  const out = new Map<number, { cpu: number; cmd: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = readStat(pid);
    if (s) out.set(pid, { cpu: s.cpu, cmd: commandLineOf(pid).slice(0, 80) || `[${s.name}]` });
  }
  return out;
}

/** This process, what it started, and what started it (npm, tsx): everything else on the machine is someone else's. */
export function ourPids(): Set<number> {
  const ours = new Set([process.pid, ...descendantsOf(process.pid)]);
  for (let p = process.ppid; p > 1; ) {
    ours.add(p);
    const s = readStat(p);
    if (!s) break;
    p = s.ppid;
  }
  return ours;
}

export interface OtherLoad {
  /** Cores used on average by processes this benchmark did not start. */
  cores: number;
  /** The busiest of them. */
  top: { cmd: string; cores: number }[];
}

/** Load of other processes between two snapshots (processes that started in between count from zero). */
export function otherLoad(before: Map<number, { cpu: number; cmd: string }>, after: Map<number, { cpu: number; cmd: string }>, seconds: number): OtherLoad {
  const ours = ourPids();
  const others: { cmd: string; cpu: number }[] = [];
  for (const [pid, a] of after) {
    if (ours.has(pid)) continue;
    const cpu = a.cpu - (before.get(pid)?.cpu ?? 0);
    if (cpu > 0) others.push({ cmd: a.cmd, cpu });
  }
  others.sort((x, y) => y.cpu - x.cpu);
  const total = others.reduce((s, o) => s + o.cpu, 0);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    cores: r2(total / seconds),
    top: others
      .slice(0, 3)
      .map((o) => ({ cmd: o.cmd, cores: r2(o.cpu / seconds) }))
      .filter((o) => o.cores >= 0.01),
  };
}
