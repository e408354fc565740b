import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SuppressionStore } from '../../app/suppressions/store';
import {
  SUPPRESSION_KEY_ATTRIBUTE,
  SUPPRESSION_PUSHED_ATTRIBUTE,
} from '../../contract/env';
import type { SuppressionEntry } from '../../core/suppressions/entry';

/** Push target → ISO time the entry was pushed there. */
export type PushedMarks = Readonly<Record<string, string>>;

/** A stored item as an entry (without the `pushed` marks). */
export function entryOfItem(item: Record<string, unknown>): SuppressionEntry {
  return {
    address: item[SUPPRESSION_KEY_ATTRIBUTE] as string,
    causes: (item.causes ?? []) as SuppressionEntry['causes'],
    removals: (item.removals ?? []) as SuppressionEntry['removals'],
    soft_bounces: (item.soft_bounces ?? []) as SuppressionEntry['soft_bounces'],
    soft_run_after: (item.soft_run_after ?? null) as string | null,
    version: Number(item.version ?? 0),
  };
}

/** The suppression table through the DynamoDB document client. */
export class DynamoSuppressionStore implements SuppressionStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  async get(key: string): Promise<SuppressionEntry | undefined> {
    return (await this.getPushed(key))?.entry;
  }

  /** The entry under `key` with its push marks (strongly consistent). */
  async getPushed(
    key: string,
  ): Promise<{ entry: SuppressionEntry; pushed: PushedMarks } | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [SUPPRESSION_KEY_ATTRIBUTE]: key },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const pushed = (Item[SUPPRESSION_PUSHED_ATTRIBUTE] ?? {}) as PushedMarks;
    return { entry: entryOfItem(Item), pushed };
  }

  /**
   * An UpdateItem of the entry's fields only, so the `pushed` marks the push
   * function sets survive; conditional on the version read.
   */
  async put(entry: SuppressionEntry, expected: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [SUPPRESSION_KEY_ATTRIBUTE]: entry.address },
          UpdateExpression:
            'SET causes = :c, removals = :r, soft_bounces = :s, soft_run_after = :a, version = :v, #p = if_not_exists(#p, :empty)',
          ConditionExpression:
            expected === 0 ? 'attribute_not_exists(#k)' : 'version = :expected',
          ExpressionAttributeNames: {
            '#p': SUPPRESSION_PUSHED_ATTRIBUTE,
            ...(expected === 0 ? { '#k': SUPPRESSION_KEY_ATTRIBUTE } : {}),
          },
          ExpressionAttributeValues: {
            ':c': entry.causes,
            ':r': entry.removals,
            ':s': entry.soft_bounces,
            ':a': entry.soft_run_after,
            ':v': entry.version,
            ':empty': {},
            ...(expected === 0 ? {} : { ':expected': expected }),
          },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  /**
   * Marks `key` as pushed to `target`, once: false when it already was (or
   * the item is gone), so a target never gets the same entry twice.
   */
  async markPushed(key: string, target: string, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [SUPPRESSION_KEY_ATTRIBUTE]: key },
          UpdateExpression: 'SET #p.#t = :at',
          ConditionExpression:
            'attribute_exists(#p) AND attribute_not_exists(#p.#t)',
          ExpressionAttributeNames: {
            '#p': SUPPRESSION_PUSHED_ATTRIBUTE,
            '#t': target,
          },
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
