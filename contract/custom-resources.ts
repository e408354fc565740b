/**
 * Properties of the `Custom::MailtrailSesEventDestination` resource; the
 * construct sets them, the provider Lambda reads them (CloudFormation passes
 * strings). Give SnsTopicArn, or FirehoseArn with IamRoleArn.
 */
export interface AttachResourceProperties {
  readonly ConfigurationSetName: string;
  readonly DestinationName: string;
  readonly SnsTopicArn?: string;
  readonly FirehoseArn?: string;
  readonly IamRoleArn?: string;
}
