import type { Logger } from '../lib/log';

type Stopper = { name: string; stop: () => Promise<void>; group?: Stopper[] };

/**
 * Ordered shutdown: what started last stops first (web, then workers, then the
 * infrastructure they use), under a force-exit timer so a hung stop never leaves
 * the terminal waiting.
 */
export class Lifecycle {
  private stoppers: Stopper[] = [];
  private stopping?: Promise<void>;
  private firstSignalAt = 0;

  constructor(
    private readonly log: Logger,
    private readonly timeoutMs: number,
  ) {}

  /** Registers something to stop; call right after it started. */
  add(name: string, stop: () => Promise<void>): void {
    this.stoppers.push({ name, stop });
  }

  /**
   * Registers a part that may stop at the same time as its neighbours of the same group
   * (the stream workers: each waits for its consumer to leave, a few seconds, and none
   * needs another to stop first). Parts added to a group one after another stop together,
   * in the group's place in the order.
   */
  addToGroup(group: string, name: string, stop: () => Promise<void>): void {
    const last = this.stoppers.at(-1);
    if (last?.group && last.name === group) {
      last.group.push({ name, stop });
      return;
    }
    const members: Stopper[] = [{ name, stop }];
    this.stoppers.push({
      name: group,
      group: members,
      stop: async () => {
        await Promise.all(members.map((m) => this.stopOne(m)));
      },
    });
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  stop(reason: string): Promise<void> {
    this.stopping ??= this.runStop(reason);
    return this.stopping;
  }

  private async runStop(reason: string): Promise<void> {
    this.log.info({ reason }, 'stopping');
    const timer = setTimeout(() => {
      this.log.error(`shutdown took longer than ${this.timeoutMs} ms; exiting now`);
      process.exit(1);
    }, this.timeoutMs);
    timer.unref();
    for (const s of this.stoppers.reverse()) await this.stopOne(s);
    this.stoppers = [];
    clearTimeout(timer);
    this.log.info('stopped');
  }

  private async stopOne(s: Stopper): Promise<void> {
    try {
      await s.stop();
    } catch (err) {
      this.log.error({ err, part: s.name }, 'error while stopping');
    }
  }

  /**
   * SIGINT/SIGTERM/SIGHUP start the ordered stop and then exit. A terminal Ctrl-C may
   * reach us twice (directly and through the launcher), so only a signal that comes
   * more than 2 s after the first forces an immediate exit.
   */
  handleSignals(onStopped: (code: number) => void = (code) => process.exit(code)): void {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(sig, () => {
        const now = Date.now();
        if (this.firstSignalAt === 0) {
          this.firstSignalAt = now;
          void this.stop(sig).then(() => onStopped(0));
        } else if (now - this.firstSignalAt > 2000) {
          this.log.warn(`${sig} again: exiting without finishing the shutdown`);
          process.exit(130);
        }
      });
    }
  }
}
