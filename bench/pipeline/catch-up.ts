import type { Admin } from 'kafkajs';
import { TOPICS } from '../../lib/topics';
import { endOffsets, groupProgress, total, type GroupProgress } from './group-lag';
import type { WorkerRoles, Workers } from './pipeline-workers';
import { cpuSnapshot, machineBusySeconds, memoryMb, otherLoad, ownCpuSeconds, treeCpuSeconds, type OtherLoad } from './process-stats';

/** The validator's event topics (its consumer group `tillstream-validator`); master data has a group per process. */
export const VALIDATOR_TOPICS = [TOPICS.posEvents.name, TOPICS.ecomEvents.name, TOPICS.warehouseEvents.name, TOPICS.hqPromotions.name];
const MASTERDATA_GROUP_PREFIX = 'tillstream-validator-masterdata-';

export const STAGES = [
  { stage: 'validator', group: 'tillstream-validator', roles: 'validator' },
  { stage: 'aggregator', group: 'tillstream-aggregator', roles: 'aggregator' },
  { stage: 'sink', group: 'tillstream-sink', roles: 'web,sink' },
] as const satisfies readonly { stage: string; group: string; roles: WorkerRoles }[];
export type Stage = (typeof STAGES)[number]['stage'];

export interface StageFigures {
  stage: Stage;
  group: string;
  /** Records the group committed (validator: its event topics; the others: events.validated). */
  records: number;
  /** Seconds from the processes' start to this group's first commit and to its zero lag. */
  firstCommitS: number | null;
  zeroLagS: number | null;
  /** records / (zeroLag − firstCommit): the stage's own rate once it runs. */
  eventsPerSecond: number | null;
  /** Best committed rate over any 5 s window. */
  peak5sPerSecond: number;
  lagAtEnd: number;
}

export interface ProcessFigures {
  roles: WorkerRoles;
  pid: number;
  /** CPU seconds of the process tree (user + system) from its start to its stage's zero lag. */
  cpuSeconds: number;
  /** … of which before its group's first commit (start-up: tsx, Next.js, chDB, group join). */
  startupCpuSeconds: number;
  /** (cpuSeconds − startupCpuSeconds) per million records of its stage. */
  cpuSecondsPerMillion: number | null;
  peakRssMb: number;
  rssMb: number;
}

export interface CatchUpResult {
  done: boolean;
  inputEvents: number;
  validated: number;
  dlq: number;
  /** From the processes' start until every group has zero lag. */
  seconds: number | null;
  eventsPerSecond: number | null;
  /** From the validator's first commit (start-up excluded). */
  secondsFromFirstCommit: number | null;
  eventsPerSecondFromFirstCommit: number | null;
  stages: StageFigures[];
  processes: ProcessFigures[];
  /** CPU seconds of Kafka, Redis, this process (polling) and the whole machine over the phase. */
  infraCpuSeconds: Record<string, number>;
  /** The machine's busy cores on average over the phase (2 = both cores busy). */
  machineBusyCores: number;
  /** Processes this benchmark did not start (another user's tests: noise), and the busiest of them. */
  otherProcesses: OtherLoad;
  /** Every 500 ms: seconds, committed and lag per stage, events.validated size. */
  timeline: { t: number; validated: number; progress: Record<Stage, GroupProgress> }[];
  lagAtEnd: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls the consumer groups every 500 ms from the moment the workers were started until
 * the validator has consumed every input record (so events.validated has its final size)
 * and the aggregator and the sink have consumed all of events.validated. Bounded by timeoutMs:
 * then it returns done=false with the lag per group.
 */
export async function measureCatchUp(o: {
  admin: Admin;
  workers: Workers;
  startedAt: number;
  inputByTopic: Record<string, number>;
  infraPids: Record<string, number | undefined>;
  timeoutMs: number;
  onTick?: (line: string) => void;
}): Promise<CatchUpResult> {
  const { admin, workers } = o;
  const inputEvents = total(o.inputByTopic);
  const validatorRecords = VALIDATOR_TOPICS.reduce((s, t) => s + (o.inputByTopic[t] ?? 0), 0);
  const infraCpu0 = Object.fromEntries(Object.entries(o.infraPids).map(([k, pid]) => [k, pid ? treeCpuSeconds(pid) : NaN]));
  const bench0 = ownCpuSeconds();
  const machine0 = machineBusySeconds();
  const machineT0 = performance.now();
  const snapshot0 = cpuSnapshot();
  const timeline: CatchUpResult['timeline'] = [];
  const first: Partial<Record<Stage, { t: number; cpu: number }>> = {};
  const zero: Partial<Record<Stage, { t: number; cpu: number }>> = {};
  let masterdataGroup: string | undefined;
  let validatedFinal = 0;
  let dlq = 0;
  let last: Record<Stage, GroupProgress> | undefined;
  const seconds = () => (performance.now() - o.startedAt) / 1000;
  let lastPrint = 0;

  while (performance.now() - o.startedAt < o.timeoutMs) {
    const dead = workers.died();
    if (dead) throw new Error(`a pipeline process died while catching up: ${dead}`);
    workers.noteChildren();
    const t = seconds();
    if (!masterdataGroup) {
      const { groups } = await admin.listGroups();
      masterdataGroup = groups.find((g) => g.groupId.startsWith(MASTERDATA_GROUP_PREFIX))?.groupId;
    }
    const validated = (await endOffsets(admin, [TOPICS.eventsValidated.name]))[TOPICS.eventsValidated.name]!;
    const progress = {
      validator: await groupProgress(admin, 'tillstream-validator', VALIDATOR_TOPICS),
      aggregator: await groupProgress(admin, 'tillstream-aggregator', [TOPICS.eventsValidated.name]),
      sink: await groupProgress(admin, 'tillstream-sink', [TOPICS.eventsValidated.name]),
    };
    const masterdata = masterdataGroup ? await groupProgress(admin, masterdataGroup, [TOPICS.hqMasterdata.name]) : undefined;
    last = progress;
    timeline.push({ t: Math.round(t * 10) / 10, validated, progress });
    const cpuOf = (roles: WorkerRoles) => treeCpuSeconds(workers.byRoles(roles).pid);
    for (const s of STAGES) {
      if (!first[s.stage] && progress[s.stage].committed > 0) first[s.stage] = { t, cpu: cpuOf(s.roles) };
    }
    if (!zero.validator && progress.validator.lag === 0 && progress.validator.committed >= validatorRecords && masterdata?.lag === 0) {
      zero.validator = { t, cpu: cpuOf('validator') };
      // Output is produced before the input offsets are committed: events.validated is complete now.
      const after = await endOffsets(admin, [TOPICS.eventsValidated.name, TOPICS.eventsDlq.name]);
      validatedFinal = after[TOPICS.eventsValidated.name]!;
      dlq = after[TOPICS.eventsDlq.name]!;
    }
    if (zero.validator) {
      for (const s of STAGES.slice(1)) {
        if (!zero[s.stage] && progress[s.stage].lag === 0 && progress[s.stage].committed >= validatedFinal) zero[s.stage] = { t, cpu: cpuOf(s.roles) };
      }
    }
    if (o.onTick && t - lastPrint >= 5) {
      lastPrint = t;
      o.onTick(
        `  ${t.toFixed(0).padStart(4)} s  validator ${progress.validator.committed}/${validatorRecords}` +
          `  validated ${validated}  aggregator lag ${progress.aggregator.lag}  sink lag ${progress.sink.lag}`,
      );
    }
    if (zero.validator && zero.aggregator && zero.sink) break;
    await sleep(Math.max(0, 500 - (seconds() - t) * 1000));
  }

  const done = Boolean(zero.validator && zero.aggregator && zero.sink);
  const end = done ? Math.max(zero.validator!.t, zero.aggregator!.t, zero.sink!.t) : null;
  const records = (stage: Stage) => (stage === 'validator' ? validatorRecords : validatedFinal);
  const stages: StageFigures[] = STAGES.map((s) => {
    const f = first[s.stage];
    const z = zero[s.stage];
    let peak = 0;
    for (let i = 0, j = 0; i < timeline.length; i++) {
      while (j < i && timeline[i]!.t - timeline[j]!.t > 5) j++;
      const dt = timeline[i]!.t - timeline[j]!.t;
      if (dt >= 4) peak = Math.max(peak, (timeline[i]!.progress[s.stage].committed - timeline[j]!.progress[s.stage].committed) / dt);
    }
    return {
      stage: s.stage,
      group: s.group,
      records: records(s.stage),
      firstCommitS: f ? round1(f.t) : null,
      zeroLagS: z ? round1(z.t) : null,
      eventsPerSecond: f && z && z.t > f.t ? Math.round(records(s.stage) / (z.t - f.t)) : null,
      peak5sPerSecond: Math.round(peak),
      lagAtEnd: last?.[s.stage].lag ?? NaN,
    };
  });
  const processes: ProcessFigures[] = STAGES.map((s) => {
    const w = workers.byRoles(s.roles);
    const cpuEnd = zero[s.stage]?.cpu ?? treeCpuSeconds(w.pid);
    const startup = first[s.stage]?.cpu ?? cpuEnd;
    const mem = memoryMb(w.pid);
    return {
      roles: s.roles,
      pid: w.pid,
      cpuSeconds: round1(cpuEnd),
      startupCpuSeconds: round1(startup),
      cpuSecondsPerMillion: records(s.stage) > 0 && zero[s.stage] ? round1((cpuEnd - startup) / (records(s.stage) / 1e6)) : null,
      peakRssMb: mem?.peakMb ?? NaN,
      rssMb: mem?.rssMb ?? NaN,
    };
  });
  const infraCpuSeconds = Object.fromEntries(Object.entries(o.infraPids).map(([k, pid]) => [k, pid ? round1(treeCpuSeconds(pid) - infraCpu0[k]!) : NaN]));
  infraCpuSeconds.bench = round1(ownCpuSeconds() - bench0);
  const phaseS = (performance.now() - machineT0) / 1000;
  const busy = machineBusySeconds() - machine0;
  const machineBusyCores = Math.round((busy / phaseS) * 100) / 100;
  const otherProcesses = otherLoad(snapshot0, cpuSnapshot(), phaseS);
  const fromFirst = done && first.validator ? end! - first.validator.t : null;
  return {
    done,
    inputEvents,
    validated: validatedFinal,
    dlq,
    seconds: end === null ? null : round1(end),
    eventsPerSecond: end === null ? null : Math.round(inputEvents / end),
    secondsFromFirstCommit: fromFirst === null ? null : round1(fromFirst),
    eventsPerSecondFromFirstCommit: fromFirst === null ? null : Math.round(inputEvents / fromFirst),
    stages,
    processes,
    infraCpuSeconds,
    machineBusyCores,
    otherProcesses,
    timeline,
    lagAtEnd: {
      'tillstream-validator': last?.validator.lag ?? NaN,
      'tillstream-aggregator': last?.aggregator.lag ?? NaN,
      'tillstream-sink': last?.sink.lag ?? NaN,
    },
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
