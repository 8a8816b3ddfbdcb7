import { describe, expect, it } from 'vitest';
import { describeLeaks, findLeaks } from './leaks.ts';
import { SERVICE_LOG_NEEDLES, withoutEmbeddedBanner } from './service-log-scan.ts';

const pat = `pat_${'a'.repeat(16)}_${'b'.repeat(43)}`;

describe('findLeaks', () => {
  it('names the line of each find and masks every secret in its context', () => {
    const text = `first line\n{"msg":"login","password":"hunter2-long","token":"${pat}"}\n`;
    const leaks = findLeaks(
      [{ where: 'app.log', text }],
      [
        { label: 'password', find: 'hunter2-long' },
        { label: 'a PAT', find: /pat_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}/ },
      ],
    );
    expect(leaks.map(({ where, line, label }) => `${where}:${line} ${label}`)).toEqual([
      'app.log:2 password',
      'app.log:2 a PAT',
    ]);
    const report = describeLeaks(leaks);
    expect(report).toContain('"password":"«password»","token":"«a PAT»"');
    expect(report).not.toContain('hunter2-long');
    expect(report).not.toContain(pat);
  });

  it('lets an allowed value be where it belongs, and only there', () => {
    const needles = [{ label: 'a PAT', find: /pat_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}/ }];
    const created = { where: 'create answer', text: `{"token":"${pat}"}`, allowed: [pat] };
    const logged = { where: 'log', text: `{"token":"${pat}"}` };
    expect(findLeaks([created, logged], needles).map(({ where }) => where)).toEqual(['log']);
  });
});

describe('service log needles', () => {
  it('skip the credentials banner of the embedded runner, and nothing around it', () => {
    const text = [
      `{"msg":"before","token":"${pat}"}`,
      'Quarry is running (embedded: all services in this process, data in /tmp/x).',
      `  export PAT=${pat}`,
      'Stop with Ctrl-C; data and credentials are kept for the next start.',
      `{"msg":"after","token":"${pat}"}`,
    ].join('\n');
    const leaks = findLeaks([{ where: 'embedded', text: withoutEmbeddedBanner(text) }], SERVICE_LOG_NEEDLES);
    expect(leaks.map(({ line }) => line)).toEqual([1, 5]);
  });
});
