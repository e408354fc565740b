import type { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Provider } from '../../core/schema';
import type { RatesSettings } from './rates-publisher';

/** An archiver whose runs publish Mailtrail/ArchiverLastSuccess {Archiver}. */
export interface ArchiverMonitor {
  /** The Archiver dimension value the archiver publishes, e.g. 'mailgun-events'. */
  readonly name: string;
  /** No success for this long alarms; whole hours, ≤ 7 days. @default 26 hours */
  readonly staleAfter?: Duration;
}

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  /** Prefix of the dashboard, alarm names and topic. @default 'mailtrail' */
  readonly prefix?: string;
  /** E-mail subscribed to the alarm topic. @default none */
  readonly alarmEmail?: string;
  /** Providers whose volume and rates are charted and alarmed. @default every provider */
  readonly providers?: readonly Provider[];
  /** How rates are computed and when they alarm. @default see {@link RatesSettings} */
  readonly rates?: RatesSettings;
  /** Webhook API: 4xx/5xx/latency widgets, 5xx alarm. @default none */
  readonly httpApi?: IHttpApi;
  /** Functions: errors/throttles widgets, errors alarm. @default none */
  readonly functions?: readonly IFunction[];
  /** Firehose streams without format conversion: freshness/success widgets and alarms. @default none */
  readonly deliveryStreams?: readonly IDeliveryStream[];
  /** Firehose streams that convert records (Parquet): also the failed-conversion widget and alarm. @default none */
  readonly formatConversionStreams?: readonly IDeliveryStream[];
  /** Dead-letter queues: depth widget, not-empty alarm. @default none */
  readonly dlqs?: readonly IQueue[];
  /** Archivers: success widget, stale alarm. @default none */
  readonly archivers?: readonly ArchiverMonitor[];
  /** Encrypts the alarm topic; a key created in this app gets a key policy statement for cloudwatch.amazonaws.com, an imported key needs one from its owner. @default none */
  readonly topicKey?: IKey;
}

/** Throws one Error listing every invalid archiver (names, stale windows). */
export function validateArchivers(archivers: readonly ArchiverMonitor[]): void {
  const problems: string[] = [];
  const names = archivers.map((a) => a.name);
  for (const a of archivers) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(a.name)) {
      problems.push(`archiver name '${a.name}' must be 1-64 of [A-Za-z0-9._-]`);
    }
    const h = a.staleAfter?.toHours({ integral: false });
    if (h !== undefined && (h < 1 || h > 168)) {
      problems.push(`archiver '${a.name}' staleAfter must be 1 h to 7 days`);
    }
  }
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length > 0)
    problems.push(`duplicate archiver names: ${dup.join(', ')}`);
  if (problems.length > 0) {
    throw new Error(
      `Invalid Monitoring archivers:\n  - ${problems.join('\n  - ')}`,
    );
  }
}
