import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives every default on an empty environment and resolves DATA_DIR', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: '/srv/app/.data',
      KAFKA_PORT: 9092,
      REDIS_PORT: 6390,
      ROLES: 'all',
      LOG_LEVEL: 'info',
    });
    expect(c.KAFKA_BROKERS).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.CLICKHOUSE_URL).toBeUndefined();
  });

  it('treats an empty service address as unset (start the local one)', () => {
    const c = loadConfig({ KAFKA_BROKERS: '', REDIS_URL: '  ', CLICKHOUSE_URL: '' });
    expect(c.KAFKA_BROKERS).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.CLICKHOUSE_URL).toBeUndefined();
  });

  it('accepts external services by address', () => {
    const c = loadConfig({
      KAFKA_BROKERS: 'k1:9092,k2:9092',
      REDIS_URL: 'redis://:pw@r:6379/0',
      CLICKHOUSE_URL: 'http://ch:8123',
    });
    expect(c.KAFKA_BROKERS).toBe('k1:9092,k2:9092');
    expect(c.CLICKHOUSE_URL).toBe('http://ch:8123');
  });

  it('names each malformed variable and the value it got', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'abc', KAFKA_BROKERS: 'localhost', LOG_LEVEL: 'loud', REDIS_URL: 'http://x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: .*\(got "abc"\)$/m);
    expect(problems).toMatch(/^KAFKA_BROKERS: .*host:port.*\(got "localhost"\)$/m);
    expect(problems).toMatch(/^LOG_LEVEL: .*\(got "loud"\)$/m);
    expect(problems).toMatch(/^REDIS_URL: .*redis:\/\/.*$/m);
  });

  it('refuses a Kafka heap over 512 MB', () => {
    expect(() => loadConfig({ KAFKA_HEAP_MB: '2048' })).toThrow(/KAFKA_HEAP_MB/);
  });
});

describe('ALERT_THRESHOLDS (alert thresholds as code)', () => {
  it('parses scopes and settings', () => {
    const c = loadConfig({ ALERT_THRESHOLDS: '{"chain":{"dlqPerMinute":25},"store:S003":{"offlineAfterMinutes":10}}' });
    expect(c.ALERT_THRESHOLDS).toEqual({ chain: { dlqPerMinute: 25 }, 'store:S003': { offlineAfterMinutes: 10 } });
    expect(loadConfig({ ALERT_THRESHOLDS: '' }).ALERT_THRESHOLDS).toBeUndefined();
  });
  it('refuses what is not JSON, a scope that is none, an unknown field or a value out of range, naming it', () => {
    for (const [value, named] of [
      ['{chain', 'expected JSON'],
      ['{"shop:1":{"offlineAfterMinutes":1}}', 'ALERT_THRESHOLDS.shop:1'],
      ['{"chain":{"offlineAfterMinute":1}}', 'offlineAfterMinute'],
      ['{"chain":{"offlineAfterMinutes":-1}}', 'offlineAfterMinutes'],
    ]) {
      expect(() => loadConfig({ ALERT_THRESHOLDS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ALERT_THRESHOLDS: value })).toThrow(named);
    }
  });
});
