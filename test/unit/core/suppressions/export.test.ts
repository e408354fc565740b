import { describe, expect, it } from 'vitest';
import {
  exportSuppressions,
  rfc2822,
} from '../../../../core/suppressions/export';
import { rebuildSuppressions } from '../../../../core/suppressions/rebuild';
import { suppressionStatus } from '../../../../core/suppressions/status';
import { at, ev } from '../../../helpers/suppression-events';

function statuses() {
  const entries = rebuildSuppressions(
    [
      ev(1, 'bounced', at(14, '03:05:12'), {
        recipient: 'hard@example.com',
        smtpCode: 554,
        diagnostic: 'smtp; 554 5.1.1 "unknown", sorry',
      }),
      ev(2, 'bounced', at(14), {
        recipient: 'nocode@example.com',
        smtpCode: 421,
      }),
      ev(3, 'complained', at(15), { recipient: 'angry@example.com' }),
      ev(4, 'unsubscribed', at(16), { recipient: 'bye@example.com' }),
      ev(5, 'bounced', at(16), { recipient: 'hmac:0123abcd' }),
      ev(6, 'complained', at(10), { recipient: 'removed@example.com' }),
    ],
    [
      {
        address: 'removed@example.com',
        at: at(11),
        by: 'cli:ada',
        reason: 'test',
      },
    ],
  );
  return [...entries.values()].map((e) => suppressionStatus(e));
}

describe('exportSuppressions', () => {
  it('writes SES lines: address,BOUNCE|COMPLAINT, no header', () => {
    // Act
    const { csv, skippedHashed } = exportSuppressions(statuses(), 'ses');
    // Assert
    expect(csv.split('\n').sort()).toStrictEqual([
      '',
      'angry@example.com,COMPLAINT',
      'bye@example.com,COMPLAINT',
      'hard@example.com,BOUNCE',
      'nocode@example.com,BOUNCE',
    ]);
    expect(skippedHashed).toBe(1);
  });

  it("writes Mailgun's bounce import columns, quoting as CSV", () => {
    // Act
    const { csv } = exportSuppressions(statuses(), 'mailgun-bounces');
    // Assert
    expect(csv).toBe(
      [
        'address,code,error,created_at',
        'hard@example.com,554,"smtp; 554 5.1.1 ""unknown"", sorry","Sat, 14 Mar 2026 03:05:12 +0000"',
        'nocode@example.com,550,,"Sat, 14 Mar 2026 10:00:00 +0000"',
        '',
      ].join('\n'),
    );
  });

  it("writes Mailgun's complaint and unsubscribe import columns", () => {
    expect(exportSuppressions(statuses(), 'mailgun-complaints').csv).toBe(
      'address,created_at\nangry@example.com,"Sun, 15 Mar 2026 10:00:00 +0000"\n',
    );
    expect(exportSuppressions(statuses(), 'mailgun-unsubscribes').csv).toBe(
      'address,tags,created_at\nbye@example.com,*,"Mon, 16 Mar 2026 10:00:00 +0000"\n',
    );
  });

  it('writes only the header when nothing is suppressed', () => {
    expect(exportSuppressions([], 'mailgun-complaints')).toStrictEqual({
      csv: 'address,created_at\n',
      skippedHashed: 0,
    });
    expect(exportSuppressions([], 'ses').csv).toBe('');
  });
});

describe('rfc2822', () => {
  it('formats a canonical timestamp with a numeric zone', () => {
    expect(rfc2822('2026-03-14T02:10:01.000Z')).toBe(
      'Sat, 14 Mar 2026 02:10:01 +0000',
    );
  });
});
