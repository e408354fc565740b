import {
  FirehoseClient,
  PutRecordBatchCommand,
} from '@aws-sdk/client-firehose';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { ENV } from '../../../contract/env';
import { pseudonymizeRecipient } from '../../../core/privacy';
import { buildEvent } from '../../../core/providers/common';
import { lakeSinkFromEnv } from '../../../lambdas/wiring/lake-sink';

const firehose = mockClient(FirehoseClient);
const secrets = mockClient(SecretsManagerClient);
const KEY = 'a-recipient-key-of-32-characters';

const event = buildEvent(
  {
    provider: 'ses',
    idParts: ['m1'],
    eventType: 'delivered',
    occurredAt: '2026-03-14T02:20:00.000Z',
    recipient: 'hanako.yamada@example.com',
    providerEvent: 'Delivery',
  },
  { receivedAt: '2026-03-14T02:20:01.000Z', source: 'sns' },
);

function sentEvents(): { recipient: string; recipient_domain: string }[] {
  const input = firehose.commandCalls(PutRecordBatchCommand)[0]!.args[0].input;
  return (input.Records ?? []).flatMap((r) =>
    Buffer.from(r.Data!)
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l)),
  );
}

describe('lakeSinkFromEnv', () => {
  beforeEach(() => {
    firehose.reset();
    secrets.reset();
    firehose
      .on(PutRecordBatchCommand)
      .resolves({ FailedPutCount: 0, RequestResponses: [{}] });
    process.env[ENV.EVENTS_STREAM_NAME] = 'events';
    process.env[ENV.RAW_STREAM_NAME] = 'raw';
    delete process.env[ENV.PRIVACY_KEY_SECRET];
  });

  it('writes events unchanged to the events stream without a privacy key', async () => {
    // Arrange
    const sink = lakeSinkFromEnv();
    // Act
    await sink.putEvents([event]);
    // Assert
    expect(firehose).toReceiveCommandWith(PutRecordBatchCommand, {
      DeliveryStreamName: 'events',
    });
    expect(sentEvents()[0]!.recipient).toBe('hanako.yamada@example.com');
  });

  it('pseudonymizes recipients with the key from the privacy secret', async () => {
    // Arrange
    process.env[ENV.PRIVACY_KEY_SECRET] = 'mailtrail/privacy/recipient-key';
    secrets.on(GetSecretValueCommand).resolves({ SecretString: KEY });
    const sink = lakeSinkFromEnv();
    // Act
    await sink.putEvents([event]);
    // Assert
    expect(sentEvents()[0]).toMatchObject({
      recipient: pseudonymizeRecipient('hanako.yamada@example.com', KEY),
      recipient_domain: 'example.com',
    });
  });

  it('reads the secret once per cold start', async () => {
    // Arrange
    process.env[ENV.PRIVACY_KEY_SECRET] = 'mailtrail/privacy/recipient-key';
    secrets.on(GetSecretValueCommand).resolves({ SecretString: KEY });
    const sink = lakeSinkFromEnv();
    // Act
    await sink.putEvents([event]);
    await sink.putRaw([]);
    // Assert
    expect(secrets).toReceiveCommandTimes(GetSecretValueCommand, 1);
  });

  it('tries the secret again after a failed read', async () => {
    // Arrange
    process.env[ENV.PRIVACY_KEY_SECRET] = 'mailtrail/privacy/recipient-key';
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: KEY });
    const sink = lakeSinkFromEnv();
    // Act
    const first = sink.putEvents([event]);
    await expect(first).rejects.toThrow('throttled');
    await sink.putEvents([event]);
    // Assert
    expect(sentEvents()[0]!.recipient).toBe(
      pseudonymizeRecipient('hanako.yamada@example.com', KEY),
    );
    expect(secrets).toReceiveCommandTimes(GetSecretValueCommand, 2);
  });

  it('refuses a secret without a string value', async () => {
    // Arrange
    process.env[ENV.PRIVACY_KEY_SECRET] = 'mailtrail/privacy/recipient-key';
    secrets.on(GetSecretValueCommand).resolves({});
    // Act
    const act = lakeSinkFromEnv().putEvents([event]);
    // Assert
    await expect(act).rejects.toThrow(
      'secret mailtrail/privacy/recipient-key has no string value',
    );
  });
});
