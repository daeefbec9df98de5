import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMigrations, splitStatements } from './migrate';

function dirWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}

describe('migrations', () => {
  it('the project migrations are numbered, explained and non-empty', () => {
    const migs = readMigrations();
    expect(migs.length).toBeGreaterThan(0);
    expect(migs.map((m) => m.version)).toEqual([...migs.map((m) => m.version)].sort((a, b) => a - b));
    for (const m of migs) for (const s of m.statements) expect(s).toMatch(/IF NOT EXISTS/);
  });

  it('splits statements at a ; that ends a line and drops comment lines', () => {
    expect(splitStatements('-- why\nCREATE TABLE a (x Int8) ENGINE = Memory;\n\n-- more\nSELECT 1;\n')).toEqual([
      'CREATE TABLE a (x Int8) ENGINE = Memory',
      'SELECT 1',
    ]);
    expect(splitStatements("SELECT 'a;b' AS s;")).toEqual(["SELECT 'a;b' AS s"]);
  });

  it('refuses a file without the why-comment, a bad name, and a version used twice', () => {
    expect(() => readMigrations(dirWith({ '0001_a.sql': 'SELECT 1;' }))).toThrow(/0001_a\.sql: must start with a -- comment/);
    expect(() => readMigrations(dirWith({ '1_a.sql': '-- x\nSELECT 1;' }))).toThrow(/1_a\.sql: name must look like/);
    expect(() => readMigrations(dirWith({ '0001_a.sql': '-- x\nSELECT 1;', '0001_b.sql': '-- y\nSELECT 2;' }))).toThrow(
      /version 1 is used twice/,
    );
    expect(() => readMigrations(dirWith({ '0001_a.sql': '-- only a comment\n' }))).toThrow(/holds no statement/);
  });
});
