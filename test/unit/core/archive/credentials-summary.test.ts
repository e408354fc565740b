import { describe, expect, it } from 'vitest';
import { parseArchiveCredentials } from '../../../../core/archive/credentials';
import { archiveMetricPoints } from '../../../../core/archive/summary';
import {
  cursorBody,
  cursorId,
  cursorKey,
  isArchiveProvider,
} from '../../../../core/archive/types';
import { countPoint } from '../../../helpers/metric-points';

describe('parseArchiveCredentials', () => {
  it('reads the blastengine login', () => {
    // Act / Assert
    expect(
      parseArchiveCredentials('blastengine', '{"loginId":" u ","apiKey":"k"}'),
    ).toStrictEqual({ loginId: 'u', apiKey: 'k' });
  });

  it('reads a Mailgun key as JSON or bare', () => {
    // Act / Assert
    expect([
      parseArchiveCredentials('mailgun', '{"apiKey":"key-1"}'),
      parseArchiveCredentials('mailgun', ' key-2\n'),
    ]).toStrictEqual([{ apiKey: 'key-1' }, { apiKey: 'key-2' }]);
  });

  it('names missing fields without echoing the secret', () => {
    // Act / Assert
    expect(() =>
      parseArchiveCredentials('cmc', '{"apiUser":"u","apiKey":""}'),
    ).toThrow(
      'cmc archiver secret needs JSON string fields apiUser, apiKey (missing: apiKey)',
    );
  });

  it.each([['not json'], ['[1]']])('rejects %s for blastengine', (secret) => {
    // Act / Assert
    expect(() => parseArchiveCredentials('blastengine', secret)).toThrow(
      '(missing: loginId, apiKey)',
    );
  });

  it('rejects an empty Mailgun secret', () => {
    // Act / Assert
    expect(() => parseArchiveCredentials('mailgun', '  ')).toThrow(
      '(missing: apiKey)',
    );
  });
});

describe('archiveMetricPoints', () => {
  const summary = {
    provider: 'cmc',
    outcome: 'complete',
    objects: 3,
    rows: 8,
    events: 8,
    normalizeErrors: 0,
    elapsedMs: 10,
  } as const;

  it('counts rows and one last success per run', () => {
    // Act / Assert
    expect(archiveMetricPoints(summary)).toStrictEqual([
      countPoint('ArchiverRecords', { Archiver: 'cmc' }, 8),
      countPoint('ArchiverLastSuccess', { Archiver: 'cmc' }, 1),
    ]);
  });

  it('adds normalize errors when there were some', () => {
    // Act
    const points = archiveMetricPoints({ ...summary, normalizeErrors: 2 });
    // Assert
    expect(points[2]).toStrictEqual(
      countPoint('NormalizeErrors', { Provider: 'cmc' }, 2),
    );
  });
});

describe('archive ids', () => {
  it('names scheduled and backfill cursors apart', () => {
    // Act
    const ids = [
      cursorId('blastengine'),
      cursorId('mailgun', 'mg.example.com'),
      cursorId('cmc', undefined, { since: '2026-03-01', until: '2026-03-02' }),
    ];
    // Assert
    expect([...ids, cursorKey(ids[1]!)]).toStrictEqual([
      'blastengine',
      'mailgun-mg.example.com',
      'backfill/cmc-2026-03-01-2026-03-02',
      'archive/_cursors/mailgun-mg.example.com.json',
    ]);
  });

  it('writes a cursor body as indented JSON with a final newline', () => {
    // Act
    const body = cursorBody({ day: '2026-03-01', page: 2 });
    // Assert
    expect(body).toBe('{\n  "day": "2026-03-01",\n  "page": 2\n}\n');
  });

  it('knows the archivable providers', () => {
    // Act / Assert
    expect([isArchiveProvider('cmc'), isArchiveProvider('ses')]).toStrictEqual([
      true,
      false,
    ]);
  });
});
