import { z } from 'zod';

/**
 * `suppressions` (README "Suppressions"): the one suppression list in
 * DynamoDB, its optional soft-bounce rule and its optional pushes. Every
 * push target is off by default and configured on its own.
 */
export const suppressionsConfig = z
  .object({
    /** Keep the list in DynamoDB and serve GET /suppressions/{address}. @default true */
    enabled: z.boolean().default(true),
    /** Consecutive soft bounces that suppress; 0 turns the rule off. @default 0 */
    softBounceThreshold: z.int().min(0).max(100).default(0),
    /** …within this many days. @default 7 */
    softBounceWindowDays: z.int().min(1).max(365).default(7),
    push: z
      .object({
        /** SES v2 PutSuppressedDestination (account-level list). */
        ses: z.object({ enabled: z.boolean().default(false) }).prefault({}),
        /** Mailgun bounces / complaints / unsubscribes, per domain. */
        mailgun: z
          .object({
            enabled: z.boolean().default(false),
            /** Sending domains whose lists receive every suppression. @default [] */
            domains: z.array(z.string().min(3).max(253)).default([]),
            region: z.enum(['us', 'eu']).default('us'),
            /** Secret holding the private API key (plain string). */
            apiKeySecretName: z
              .string()
              .min(1)
              .max(64)
              .default('mailtrail/mailgun/api-key'),
          })
          .prefault({})
          .refine((m) => !m.enabled || m.domains.length > 0, {
            message: 'list at least one domain to push to',
            path: ['domains'],
          }),
      })
      .prefault({}),
  })
  .prefault({});
