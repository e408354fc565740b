import type { Template } from 'aws-cdk-lib/assertions';

type Json = Record<string, unknown>;

/** DashboardBody is a Fn::Join of JSON fragments and tokens; tokens → 'TOKEN'. */
export function dashboardBody(template: Template): {
  widgets: { type: string; properties: Json }[];
} {
  const [dash] = Object.values(
    template.findResources('AWS::CloudWatch::Dashboard'),
  ) as { Properties: { DashboardBody: unknown } }[];
  const body = dash?.Properties.DashboardBody as
    | string
    | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1]
          .map((p) => (typeof p === 'string' ? p : 'TOKEN'))
          .join('');
  return JSON.parse(text);
}
