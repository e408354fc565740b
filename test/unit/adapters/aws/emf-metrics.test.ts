import { afterEach, describe, expect, it, vi } from 'vitest';
import { emfPublisher } from '../../../../adapters/aws/emf-metrics';
import { useStdoutCapture } from '../../../helpers/emf';
import { countPoint } from '../../../helpers/metric-points';

const out = useStdoutCapture();

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('emfPublisher', () => {
  it('writes one EMF line per set of dimension values, repeats summed, no service dimension', async () => {
    // Arrange
    const publish = emfPublisher();
    const ses = { Provider: 'ses' };
    const domain = { Provider: 'ses', SendingDomain: 'mail.example.com' };
    // Act
    await publish([
      countPoint('Accepted', ses),
      countPoint('Accepted', domain),
      countPoint('Accepted', ses),
      countPoint('HardBounced', ses),
      countPoint('WebhookRejected', { Provider: 'ses', Reason: 'stale' }),
    ]);
    // Assert
    expect(out.lines).toHaveLength(3);
    expect(out.data).toStrictEqual([
      {
        namespace: 'Mailtrail',
        name: 'Accepted',
        unit: 'Count',
        value: 2,
        dimensions: ses,
      },
      {
        namespace: 'Mailtrail',
        name: 'HardBounced',
        unit: 'Count',
        value: 1,
        dimensions: ses,
      },
      {
        namespace: 'Mailtrail',
        name: 'Accepted',
        unit: 'Count',
        value: 1,
        dimensions: domain,
      },
      {
        namespace: 'Mailtrail',
        name: 'WebhookRejected',
        unit: 'Count',
        value: 1,
        dimensions: { Provider: 'ses', Reason: 'stale' },
      },
    ]);
    expect(out.lines.join('\n')).not.toContain('service');
  });

  it('publishes dimensionless points under one empty dimension set', async () => {
    // Act
    await emfPublisher('Other')([countPoint('Clicked', {}, 2)]);
    // Assert
    const line = JSON.parse(out.lines[0] as string);
    expect(line._aws.CloudWatchMetrics).toStrictEqual([
      {
        Namespace: 'Other',
        Dimensions: [[]],
        Metrics: [{ Name: 'Clicked', Unit: 'Count' }],
      },
    ]);
    expect(line.Clicked).toBe(2);
  });

  it('keeps a point timestamp and the unit', async () => {
    // Arrange
    const at = new Date(Date.now() - 60_000).toISOString();
    // Act
    await emfPublisher()([
      {
        name: 'BounceRate',
        dimensions: { Provider: 'ses' },
        value: 2.5,
        unit: 'Percent',
        timestamp: at,
      },
    ]);
    // Assert
    const line = JSON.parse(out.lines[0] as string);
    expect(line._aws.Timestamp).toBe(Date.parse(at));
    expect(out.data[0]).toMatchObject({ unit: 'Percent', value: 2.5 });
  });

  it('writes nothing for no points', async () => {
    // Act
    await emfPublisher()([]);
    // Assert
    expect(out.lines).toStrictEqual([]);
  });

  it('is silenced by POWERTOOLS_METRICS_DISABLED', async () => {
    // Arrange
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    // Act
    await emfPublisher()([countPoint('Accepted', { Provider: 'ses' })]);
    // Assert
    expect(out.lines).toStrictEqual([]);
  });
});
