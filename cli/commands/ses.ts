import { SESv2Client } from '@aws-sdk/client-sesv2';
import { AWS_ENDPOINT_ENV } from '../../adapters/aws/client-config';
import { SesV2EventDestinations } from '../../adapters/aws/ses-destinations';
import { attachEventDestination } from '../../app/ses/attach';
import { PipelineError } from '../../core/errors';
import {
  DEFAULT_DESTINATION_NAME,
  planAttach,
} from '../../core/ses/attach-plan';
import { describeAttach } from '../../core/ses/attach-report';
import { parseAttachTarget } from '../../core/ses/attach-target';
import { parseCliArgs } from '../args';
import {
  describeSesFailure,
  envCredentials,
  hasLocalCredentials,
  neededActions,
} from '../ses/failures';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

const USAGE = `Usage: mailtrail ses attach --configuration-set NAME
         (--sns-topic-arn ARN | --firehose-arn ARN --iam-role-arn ARN)
         [--destination-name ${DEFAULT_DESTINATION_NAME}] [--region R] [--dry-run]

Adds (or brings up to date) an event destination on an existing SES
configuration set through the SES v2 API: enabled, all ten event types
(SEND, REJECT, BOUNCE, COMPLAINT, DELIVERY, OPEN, CLICK, RENDERING_FAILURE,
DELIVERY_DELAY, SUBSCRIPTION). Other destinations on the set are not touched.
Prints what was created, updated (with the changed fields) or left unchanged.

Options:
  --configuration-set NAME  the existing configuration set (required)
  --sns-topic-arn ARN       publish to this SNS topic
  --firehose-arn ARN        publish to this Firehose delivery stream
  --iam-role-arn ARN        role SES assumes to write to Firehose
  --destination-name NAME   event destination name (default ${DEFAULT_DESTINATION_NAME})
  --region R                AWS region (default AWS_REGION)
  --dry-run                 show what would change; write nothing

--dry-run reads the set's current destinations (needs credentials allowed
ses:GetConfigurationSetEventDestinations); with no AWS credentials in the
environment it plans offline: what would be written, not compared.
Without --dry-run it also needs ses:CreateConfigurationSetEventDestination
and ses:UpdateConfigurationSetEventDestination.`;

function parse(args: readonly string[], io: CliIo) {
  const { values, positionals } = parseCliArgs(args, {
    allowPositionals: true,
    options: {
      'configuration-set': { type: 'string' },
      'sns-topic-arn': { type: 'string' },
      'firehose-arn': { type: 'string' },
      'iam-role-arn': { type: 'string' },
      'destination-name': { type: 'string', default: DEFAULT_DESTINATION_NAME },
      region: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const [sub, ...extra] = positionals;
  if (sub !== 'attach') {
    throw new CliUsageError(
      sub
        ? `unknown subcommand "${sub}" (expected: attach)`
        : 'expected: attach',
    );
  }
  if (extra.length > 0) throw new CliUsageError(`unexpected "${extra[0]}"`);
  const configurationSetName = values['configuration-set'];
  if (!configurationSetName) {
    throw new CliUsageError('--configuration-set is required');
  }
  const region =
    values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (!region)
    throw new CliUsageError('--region is required (or set AWS_REGION)');
  let target: ReturnType<typeof parseAttachTarget>;
  try {
    target = parseAttachTarget({
      snsTopicArn: values['sns-topic-arn'],
      firehoseArn: values['firehose-arn'],
      iamRoleArn: values['iam-role-arn'],
    });
  } catch (err) {
    if (err instanceof PipelineError) throw new CliUsageError(err.message);
    throw err;
  }
  return {
    configurationSetName,
    destinationName: values['destination-name'],
    region,
    target,
    dryRun: values['dry-run'],
  };
}

type AttachOptions = ReturnType<typeof parse>;

/** `--dry-run` with no credentials: the destination to write, not compared. */
function planOffline(opts: AttachOptions, io: CliIo): number {
  const plan = planAttach([], opts.destinationName, opts.target);
  const [head = '', ...rest] = describeAttach(plan, { ...opts, dryRun: true });
  const lines = [
    head.replace(/^would create /, 'would create or update '),
    ...rest,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  io.stderr.write(
    `not compared with the set's current destinations: no AWS credentials found (comparing needs ${neededActions(true).join(', ')})\n`,
  );
  return 0;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const opts = parse(args, io);
  const endpoint = io.env[AWS_ENDPOINT_ENV];
  if (opts.dryRun && !hasLocalCredentials(io.env)) return planOffline(opts, io);
  const credentials = envCredentials(io.env);
  const client = new SESv2Client({
    region: opts.region,
    maxAttempts: 2,
    ...(credentials ? { credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  try {
    const destinations = new SesV2EventDestinations(client);
    const plan = await attachEventDestination(destinations, opts);
    const lines = describeAttach(plan, opts);
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    throw new Error(
      describeSesFailure(err, {
        region: opts.region,
        endpoint,
        dryRun: opts.dryRun,
      }),
      { cause: err },
    );
  } finally {
    client.destroy();
  }
}

/** `mailtrail ses attach`: attach all-event destinations to a configuration set. */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    'mailtrail ses attach --configuration-set transactional --sns-topic-arn arn:aws:sns:us-east-1:123456789012:mailtrail-ses --dry-run',
    'mailtrail ses attach --configuration-set transactional --firehose-arn arn:aws:firehose:us-east-1:123456789012:deliverystream/mailtrail-ses --iam-role-arn arn:aws:iam::123456789012:role/mailtrail-ses-firehose --region us-east-1',
  ],
  run,
};
