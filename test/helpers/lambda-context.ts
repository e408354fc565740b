import type { Context } from 'aws-lambda';

/** A Lambda context as the runtime passes it, with `msLeft` of time left. */
export function lambdaContext(msLeft = 900_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'mailtrail-test',
    functionVersion: '$LATEST',
    invokedFunctionArn:
      'arn:aws:lambda:us-east-1:123456789012:function:mailtrail-test',
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/mailtrail-test',
    logStreamName: '2026/03/14/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => msLeft,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
