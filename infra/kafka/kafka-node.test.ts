import { describe, expect, it } from 'vitest';
import { newClusterId, serverProperties } from './kafka-node';

describe('serverProperties', () => {
  const props = Object.fromEntries(
    serverProperties({ port: 19092, controllerPort: 19093, dataDir: '/d/kafka/data' })
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );

  it('is one KRaft node, broker and controller, on loopback only', () => {
    expect(props['process.roles']).toBe('broker,controller');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:19093');
    expect(props.listeners).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(props['log.dirs']).toBe('/d/kafka/data');
  });

  it('needs no second broker for its internal topics, and creates no topic by accident', () => {
    expect(props['offsets.topic.replication.factor']).toBe('1');
    expect(props['transaction.state.log.min.isr']).toBe('1');
    expect(props['share.coordinator.state.topic.replication.factor']).toBe('1');
    expect(props['auto.create.topics.enable']).toBe('false');
  });
});

describe('newClusterId', () => {
  it('is 22 URL-safe base64 characters and never starts with "-" (it would read as an option)', () => {
    for (let i = 0; i < 2000; i++) expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
