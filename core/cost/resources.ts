/**
 * CloudFormation resource types of a mailtrail deployment that AWS bills,
 * each with the `service` of the cost lines that price it. A test
 * synthesizes the default app and fails on a type in neither list, so a new
 * billed resource cannot go unpriced.
 */
export const BILLED_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::ApiGatewayV2::Api': 'API Gateway',
  'AWS::Lambda::Function': 'Lambda',
  'AWS::Logs::LogGroup': 'CloudWatch Logs',
  'AWS::KinesisFirehose::DeliveryStream': 'Firehose',
  'AWS::S3::Bucket': 'S3',
  'AWS::Athena::WorkGroup': 'Athena',
  'AWS::DynamoDB::Table': 'DynamoDB',
  'AWS::SNS::Topic': 'SNS',
  'AWS::CloudWatch::Dashboard': 'CloudWatch',
  'AWS::CloudWatch::Alarm': 'CloudWatch',
  'AWS::Scheduler::Schedule': 'EventBridge Scheduler',
};

/**
 * Types with no charge of their own, or billed only on failure paths the
 * model leaves out (each with the reason).
 */
export const UNBILLED_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'IAM is free',
  'AWS::IAM::Policy': 'IAM is free',
  'AWS::IAM::ManagedPolicy': 'IAM is free',
  'AWS::Lambda::Permission': 'free',
  'AWS::Lambda::EventSourceMapping': 'free',
  'AWS::Lambda::EventInvokeConfig':
    'free; failed async events reach the DLQ only on failure',
  'AWS::ApiGatewayV2::Stage': 'billed per request on the Api',
  'AWS::ApiGatewayV2::Route': 'billed per request on the Api',
  'AWS::ApiGatewayV2::Integration': 'billed per request on the Api',
  'AWS::S3::BucketPolicy': 'free',
  'AWS::Logs::LogStream': 'billed as its log group ingestion',
  'AWS::Athena::NamedQuery': 'free; billed when run, as Athena queries',
  'AWS::SNS::Subscription': 'Lambda and e-mail deliveries of alarms: free',
  'AWS::SNS::TopicPolicy': 'free',
  'AWS::SQS::Queue':
    'dead-letter queues: requests only on failures (first 1M a month free)',
  'AWS::SQS::QueuePolicy': 'free',
  'AWS::Glue::Database': 'catalog objects: first 1M free',
  'AWS::Glue::Table': 'catalog objects: first 1M free',
  'AWS::SES::ConfigurationSet': 'free',
  'AWS::SES::ConfigurationSetEventDestination':
    'free; the destination (SNS or Firehose) is billed',
  'AWS::Scheduler::ScheduleGroup': 'free',
  'AWS::CDK::Metadata': 'not deployed as a resource',
  'Custom::S3AutoDeleteObjects': 'runs only on stack deletion',
};
