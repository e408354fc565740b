import type { WebhookProvider } from '../../contract/webhook-providers';
import { isJson } from '../../core/providers/read-json';
import { verifyBlastengineToken } from '../../core/verify/blastengine';
import { verifyCmcRequest } from '../../core/verify/cmc';
import {
  mailgunReplayKey,
  verifyMailgunSignature,
} from '../../core/verify/mailgun';
import type { WebhookConfig, WebhookRequest, WebhookSecrets } from './types';

/** What a provider's verification may read. */
export interface VerifyInput {
  readonly req: WebhookRequest;
  /** The decoded body, parsed on first call (throws MalformedPayloadError). */
  readonly payload: () => unknown;
  readonly secrets: WebhookSecrets;
  readonly config: WebhookConfig;
  readonly nowSeconds: number;
}

/** A verified request; `replayKey` must be claimed once in the replay cache. */
export interface Verified {
  readonly replayKey?: string;
}

/** How one provider's webhooks are accepted and authenticated. */
export interface VerifyAdapter {
  /** Content types the provider sends; a missing Content-Type is sniffed. */
  readonly mediaTypes: readonly string[];
  /** Throws VerificationError (→ 401) or a `config` PipelineError (→ 500). */
  verify(input: VerifyInput): Verified;
}

const fieldOf = (payload: unknown, name: string): unknown =>
  isJson(payload) ? payload[name] : undefined;

/**
 * Per-provider verification, table-driven so ingest has no provider branches.
 * Mailgun and CMC keep their credentials in the body, so those decode it
 * first, but nothing is normalized before verification passes.
 */
export const VERIFY_ADAPTERS: Readonly<Record<WebhookProvider, VerifyAdapter>> =
  {
    // JSON body {signature, event-data}; HMAC over timestamp + token (§2.1).
    mailgun: {
      mediaTypes: ['application/json'],
      verify: ({ payload, secrets, config, nowSeconds }) => {
        const sig = verifyMailgunSignature(fieldOf(payload(), 'signature'), {
          signingKey: secrets.mailgunSigningKeys,
          nowSeconds,
          toleranceSeconds: config.toleranceSeconds,
        });
        return { replayKey: mailgunReplayKey(sig.token) };
      },
    },
    // No signature exists: a secret path token + optional IP list (§3.1 ⚠️).
    blastengine: {
      mediaTypes: ['application/json'],
      verify: ({ req, secrets, config }) => {
        verifyBlastengineToken(req.pathToken, {
          expectedTokens: secrets.blastengineTokens,
          sourceIp: req.sourceIp,
          allowedIps: config.allowedIps,
        });
        return {};
      },
    },
    // Basic, Bearer or body api_key; JSON or either form encoding (§4.1).
    cmc: {
      mediaTypes: [
        'application/json',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
      ],
      verify: ({ req, payload, secrets }) => {
        const apiKey = fieldOf(payload(), 'api_key');
        verifyCmcRequest(
          {
            authorizationHeader: req.headers.authorization,
            bodyApiKey: typeof apiKey === 'string' ? apiKey : undefined,
          },
          secrets.cmc,
        );
        return {};
      },
    },
  };
