import { priced } from './lines-compute';
import type { RegionPrices } from './prices';
import type { Traffic } from './traffic';
import type { CostLine, ResolvedCostInput } from './types';

const GB = 1e9;
/** Lambda ms of one check (one GetItem) at 256 MB. */
const CHECK_MS = 20;
const CHECK_GB = 0.25;

/**
 * The suppression list (README "Suppressions"). Only suppressing events
 * touch the table: each costs one strongly consistent read (1 RRU, item
 * ≤ 4 KB) and, when it changes the entry, one conditional write; normal
 * traffic (deliveries, opens, clicks…) costs nothing. Storage and PITR are
 * per GB of items; checks are API Gateway + Lambda + 1 RRU each. The push
 * function (off by default) is not priced: one invocation per new entry.
 */
export function suppressionLines(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
): CostLine[] {
  const a = input.assumptions;
  const events = t.providers.reduce((sum, p) => sum + p.events, 0);
  const candidates = events * a.suppressionEventShare;
  const writes = candidates * a.suppressionNewShare * a.suppressionWruPerWrite;
  const gb = (a.suppressedAddresses * a.suppressionItemBytes) / GB;
  const checks = a.suppressionChecksPerMonth;
  return [
    priced(
      'DynamoDB',
      'suppression reads (1 per suppressing event, + 1 per check)',
      candidates + checks,
      'RRU',
      price.dynamoReadPerMillion,
      1e6,
    ),
    priced(
      'DynamoDB',
      'suppression writes (new or changed entries only)',
      writes,
      'WRU',
      price.dynamoWritePerMillion,
      1e6,
    ),
    priced(
      'DynamoDB',
      'suppression table storage',
      gb,
      'GB-month',
      price.dynamoStorageGbMonth,
    ),
    priced(
      'DynamoDB',
      'suppression table point-in-time recovery',
      gb,
      'GB-month',
      price.dynamoPitrGbMonth,
    ),
    priced(
      'API Gateway',
      'suppression checks (GET /suppressions/{address})',
      checks,
      'requests',
      price.apiGatewayHttpPerMillion,
      1e6,
    ),
    priced(
      'Lambda',
      'suppression check requests and duration',
      checks,
      'invocations',
      {
        ...price.lambdaRequestsPerMillion,
        usd:
          price.lambdaRequestsPerMillion.usd +
          1e6 * (CHECK_MS / 1000) * CHECK_GB * price.lambdaArmGbSecond.usd,
      },
      1e6,
    ),
  ];
}
