import { describe, expect, it } from 'vitest';
import {
  blastengineReportKey,
  type DeliveryRef,
  isReportDone,
  isReportJobExpired,
  planReportListing,
  readDeliveriesPage,
  readJobId,
  recordReportJob,
  removeReportJob,
  sortForReports,
} from '../../../../core/archive/blastengine-reports';
import {
  type BlastengineCursor,
  INITIAL_BLASTENGINE_CURSOR,
} from '../../../../core/archive/blastengine-walk';
import { loadFixture } from '../../../helpers/fixtures';

type Reports = BlastengineCursor['reports'];
const EMPTY: Reports = INITIAL_BLASTENGINE_CURSOR.reports;
const NOW = Date.parse('2026-03-16T00:00:00Z');
const ref = (deliveryId: number, updatedAt: string): DeliveryRef => ({
  deliveryId,
  updatedAt,
});

describe('readDeliveriesPage', () => {
  it('reads ids and update times as UTC', () => {
    // Act
    const refs = readDeliveriesPage(
      loadFixture('blastengine', 'api-deliveries-list'),
    );
    // Assert
    expect(refs).toStrictEqual([
      ref(48212, '2026-03-14T02:31:10.000Z'),
      ref(48100, '2026-03-14T01:05:00.000Z'),
    ]);
  });

  it.each([
    [{ data: {} }, 'blastengine deliveries data must be a list'],
    [
      { data: [{ delivery_id: null }] },
      'data[0].delivery_id must be an integer',
    ],
    [{ data: [{ delivery_id: 1 }] }, 'data[0].updated_time is not an ISO 8601'],
  ])('rejects %j', (json, message) => {
    // Act / Assert
    expect(() => readDeliveriesPage(json)).toThrow(message);
  });
});

describe('planReportListing', () => {
  it('takes deliveries finished a day ago and within a week on a first run', () => {
    // Arrange
    const page = [
      ref(3, '2026-03-15T12:00:00.000Z'),
      ref(2, '2026-03-14T00:00:00.000Z'),
      ref(1, '2026-03-01T00:00:00.000Z'),
    ];
    // Act
    const listing = planReportListing(EMPTY, page, NOW);
    // Assert
    expect(listing).toStrictEqual({ due: [page[1]], more: false });
  });

  it('takes only deliveries newer than the watermark or not yet done at it', () => {
    // Arrange
    const reports = {
      ...EMPTY,
      watermark: '2026-03-14T00:00:00.000Z',
      doneAtWatermark: [2],
    };
    const page = [
      ref(4, '2026-03-14T06:00:00.000Z'),
      ref(3, '2026-03-14T00:00:00.000Z'),
      ref(2, '2026-03-14T00:00:00.000Z'),
      ref(1, '2026-03-13T00:00:00.000Z'),
    ];
    // Act
    const listing = planReportListing(reports, page, NOW);
    // Assert
    expect(listing.due.map((d) => d.deliveryId)).toStrictEqual([4, 3]);
  });

  it('reads on while a full page ends above the floor', () => {
    // Arrange
    const page = Array.from({ length: 100 }, (_, i) =>
      ref(i, '2026-03-14T00:00:00.000Z'),
    );
    // Act
    const listing = planReportListing(EMPTY, page, NOW);
    // Assert
    expect([listing.due.length, listing.more]).toStrictEqual([100, true]);
  });

  it('stops at a full page that reaches below the floor', () => {
    // Arrange
    const page = Array.from({ length: 100 }, (_, i) =>
      ref(i, '2026-02-01T00:00:00.000Z'),
    );
    // Act
    const listing = planReportListing(EMPTY, page, NOW);
    // Assert
    expect(listing).toStrictEqual({ due: [], more: false });
  });
});

describe('report job bookkeeping', () => {
  it('sorts due deliveries oldest first, then by id', () => {
    // Arrange
    const due = [
      ref(9, '2026-03-14T02:00:00.000Z'),
      ref(8, '2026-03-14T01:00:00.000Z'),
      ref(7, '2026-03-14T02:00:00.000Z'),
    ];
    // Act
    const sorted = sortForReports(due).map((d) => d.deliveryId);
    // Assert
    expect(sorted).toStrictEqual([8, 7, 9]);
  });

  it('records a job as pending and moves the watermark to its delivery', () => {
    // Act
    const reports = recordReportJob(
      EMPTY,
      ref(48100, '2026-03-14T01:05:00.000Z'),
      7731,
      '2026-03-16T00:00:00.000Z',
    );
    // Assert
    expect(reports).toStrictEqual({
      watermark: '2026-03-14T01:05:00.000Z',
      doneAtWatermark: [48100],
      pending: [
        {
          deliveryId: 48100,
          jobId: 7731,
          createdAt: '2026-03-16T00:00:00.000Z',
        },
      ],
    });
  });

  it('adds to the ids done at an unchanged watermark', () => {
    // Arrange
    const at = '2026-03-14T01:05:00.000Z';
    const first = recordReportJob(EMPTY, ref(1, at), 11, at);
    // Act
    const second = recordReportJob(first, ref(2, at), 12, at);
    // Assert
    expect([second.doneAtWatermark, second.pending.length]).toStrictEqual([
      [1, 2],
      2,
    ]);
  });

  it('removes a job once stored', () => {
    // Arrange
    const at = '2026-03-14T01:05:00.000Z';
    const reports = recordReportJob(EMPTY, ref(1, at), 11, at);
    // Act
    const after = removeReportJob(reports, 11);
    // Assert
    expect(after.pending).toStrictEqual([]);
  });

  it('expires a job older than a day', () => {
    // Arrange
    const job = {
      deliveryId: 1,
      jobId: 2,
      createdAt: '2026-03-14T23:59:59.000Z',
    };
    const fresh = { ...job, createdAt: '2026-03-15T00:00:00.000Z' };
    // Act
    const verdicts = [
      isReportJobExpired(job, NOW),
      isReportJobExpired(fresh, NOW),
    ];
    // Assert
    expect(verdicts).toStrictEqual([true, false]);
  });

  it('names a report zip by delivery and job', () => {
    // Act
    const key = blastengineReportKey({
      deliveryId: 48100,
      jobId: 7731,
      createdAt: '',
    });
    // Assert
    expect(key).toBe('archive/blastengine/reports/48100/7731.zip');
  });
});

describe('report responses', () => {
  it('reads the job id of a created job', () => {
    // Act
    const id = readJobId(
      loadFixture('blastengine', 'api-analysis-report-create'),
    );
    // Assert
    expect(id).toBe(7731);
  });

  it('rejects a job without an id', () => {
    // Act / Assert
    expect(() => readJobId({})).toThrow(
      'blastengine job_id must be an integer',
    );
  });

  it('is done only at 100 percent', () => {
    // Act
    const verdicts = [
      isReportDone(
        loadFixture('blastengine', 'api-analysis-report-status-done'),
      ),
      isReportDone(
        loadFixture('blastengine', 'api-analysis-report-status-in-progress'),
      ),
    ];
    // Assert
    expect(verdicts).toStrictEqual([true, false]);
  });
});
