import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedClickHouseBusyError, claimEmbeddedClickHouse } from './embedded-owner';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'chown-'));

describe('claimEmbeddedClickHouse', () => {
  it('claims a free directory and releases it', () => {
    const dir = tmp();
    const release = claimEmbeddedClickHouse(dir);
    expect(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'owner.pid'))).toBe(false);
  });

  it('refuses while another live process owns it, saying to set CLICKHOUSE_URL', async () => {
    const dir = tmp();
    const other = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(path.join(dir, 'owner.pid'), String(other.pid));
      expect(() => claimEmbeddedClickHouse(dir)).toThrow(EmbeddedClickHouseBusyError);
      expect(() => claimEmbeddedClickHouse(dir)).toThrow(/belongs to process \d+.*set CLICKHOUSE_URL/s);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the owner file of a process that is gone', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'owner.pid'), '999999');
    const release = claimEmbeddedClickHouse(dir);
    expect(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
