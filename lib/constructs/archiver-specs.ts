import { cmcLists } from '../../core/archive/cmc';
import type { ArchiveProvider } from '../../core/archive/types';
import { ENV } from '../../lambdas/shared/env';
import type { MailtrailConfig } from '../config';
import type { ArchiversProps } from './archivers';

/** One enabled archiver as configured. */
export interface ArchiverSpec {
  readonly provider: ArchiveProvider;
  /** EventBridge Scheduler expression. */
  readonly schedule: string;
  /** The user-created secret with the provider API credentials. */
  readonly secretName: string;
  /** Provider-specific environment of the function. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The archivers the configuration turns on: blastengine with
 * `providers.blastengine.archive`, Mailgun when it lists domains, CMC with
 * `providers.cmc.archive`.
 */
export function enabledArchivers(config: MailtrailConfig): ArchiverSpec[] {
  const { blastengine, mailgun, cmc } = config.providers;
  const { archivers } = config;
  const specs: (ArchiverSpec | false)[] = [
    blastengine.archive && {
      provider: 'blastengine',
      schedule: archivers.blastengineSchedule,
      secretName: blastengine.apiSecretName,
      environment: {},
    },
    mailgun.domains.length > 0 && {
      provider: 'mailgun',
      schedule: archivers.mailgunSchedule,
      secretName: mailgun.apiKeySecretName,
      environment: {
        [ENV.MAILGUN_DOMAINS]: mailgun.domains.join(','),
        [ENV.MAILGUN_REGION]: mailgun.region,
      },
    },
    cmc.archive && {
      provider: 'cmc',
      schedule: archivers.cmcSchedule,
      secretName: cmc.apiSecretName,
      environment: {
        [ENV.CMC_SERVER_COMPOSITION]: cmc.serverComposition,
        [ENV.CMC_TIMEZONE]: cmc.timezone,
        [ENV.CMC_ARCHIVE_LISTS]: cmcLists(cmc.archiveLists).join(','),
      },
    },
  ];
  return specs.filter((s): s is ArchiverSpec => s !== false);
}

/** The full environment of one archiver function. */
export function archiverEnvironment(
  spec: ArchiverSpec,
  props: ArchiversProps,
): Record<string, string> {
  return {
    [ENV.ARCHIVER_PROVIDER]: spec.provider,
    [ENV.ARCHIVER_SECRET]: spec.secretName,
    [ENV.LAKE_BUCKET]: props.bucket.bucketName,
    [ENV.EVENTS_STREAM_NAME]: props.eventsStream.deliveryStreamName,
    [ENV.RAW_STREAM_NAME]: props.rawStream.deliveryStreamName,
    ...spec.environment,
  };
}
