import { describe, expect, it } from 'vitest';
import { parsePostgresTarget, poolConfig } from './postgres-target.ts';

describe('parsePostgresTarget', () => {
  it('takes the host, port, credentials and database from the URL itself', () => {
    expect(parsePostgresTarget('postgres://w:p%40ss@db.example:6543/logs')).toEqual({
      host: 'db.example',
      port: 6543,
      user: 'w',
      password: 'p@ss',
      database: 'logs',
      tls: false,
      options: undefined,
    });
  });

  it('ignores query parameters that would redirect the connection or read local files', () => {
    const target = parsePostgresTarget(
      'postgresql://w@db.example/logs?host=/var/run/postgresql&port=1&sslrootcert=/etc/shadow&sslmode=verify-full&options=-c%20search_path%3Dlogs',
    );
    expect(target).toMatchObject({
      host: 'db.example',
      port: 5432,
      tls: true,
      options: '-c search_path=logs',
    });
    const config = poolConfig(target, '93.184.215.14', 1_000);
    expect(config).toMatchObject({ host: '93.184.215.14', port: 5432, ssl: { servername: 'db.example' } });
    expect(JSON.stringify(config)).not.toContain('/etc/shadow');
  });

  it('refuses other schemes', () => {
    expect(() => parsePostgresTarget('http://clickhouse:8123/')).toThrow('must be a postgres:// URL');
  });
});
