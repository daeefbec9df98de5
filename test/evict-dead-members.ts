import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

/** The parts of kafkajs' internal cluster and broker used here (kafkajs has no public LeaveGroup). */
interface InternalBroker {
  leaveGroup: (req: { groupId: string; memberId: string }) => Promise<unknown>;
}
interface InternalCluster {
  connect: () => Promise<void>;
  disconnect: () => Promise<void>;
  findGroupCoordinator: (req: { groupId: string }) => Promise<InternalBroker>;
}

/**
 * For the crash tests: after a worker process died by SIGKILL, its consumer-group members
 * stay in their groups until the broker's session timeout (30 s) expires, and a restarted
 * worker's join waits for that. This sends the LeaveGroup the dead process could not send
 * (as a clean shutdown does), so the restart joins at once and takes over from the last
 * committed offsets, exactly as it would after the timeout.
 *
 * Call it only when every member of `groupIds` is known dead (the process has exited and
 * no other process uses these groups). Best effort: on any failure the restart simply
 * waits out the session timeout, as without this. Returns how many members left.
 */
export async function evictDeadMembers(brokers: string[], groupIds: string[]): Promise<number> {
  const kafka = new Kafka({ clientId: 'test-evict-dead-members', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let left = 0;
  try {
    await admin.connect();
    const { groups } = await admin.describeGroups(groupIds);
    const withMembers = groups.filter((g) => g.members.length > 0);
    if (withMembers.length === 0) return 0;
    const createCluster = (kafka as unknown as Record<symbol, ((o: object) => InternalCluster) | undefined>)[
      Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster')!
    ];
    if (!createCluster) return 0;
    const cluster = createCluster({});
    await cluster.connect();
    try {
      for (const g of withMembers) {
        const coordinator = await cluster.findGroupCoordinator({ groupId: g.groupId });
        for (const m of g.members) {
          await coordinator.leaveGroup({ groupId: g.groupId, memberId: m.memberId });
          left += 1;
        }
      }
    } finally {
      await cluster.disconnect();
    }
  } catch {
    /* best effort: the session timeout removes them anyway */
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  return left;
}
