import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { CursorConflictError } from '../../app/archive/errors';
import type {
  ArchiveStore,
  CursorStore,
  StoredCursor,
} from '../../app/archive/stores';
import { cursorBody, cursorKey } from '../../core/archive/types';

/** Archive pages as S3 objects in the lake bucket (PutObject overwrites). */
export class S3ArchiveStore implements ArchiveStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** One PutObject; the key decides idempotency. */
  async putObject(
    key: string,
    body: Uint8Array,
    contentType: string,
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
      }),
    );
  }
}

/**
 * Cursors as JSON objects at `archive/_cursors/<id>.json`, saved with S3
 * conditional writes (If-Match the ETag read; If-None-Match * for a new
 * cursor). No extra service or IAM beyond the archive/ prefix, no size
 * limit (an SSM parameter holds 4 KB), and it works in moto.
 */
export class S3CursorStore implements CursorStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** Reads a cursor and its ETag; absent gives nulls. */
  async load(id: string): Promise<StoredCursor> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: cursorKey(id) }),
      );
      const text = (await out.Body?.transformToString('utf8')) ?? 'null';
      return { value: JSON.parse(text), version: out.ETag ?? null };
    } catch (err) {
      if (err instanceof NoSuchKey) return { value: null, version: null };
      throw err;
    }
  }

  /** Conditional PutObject; a 412 becomes CursorConflictError. */
  async save(
    id: string,
    value: unknown,
    version: string | null,
  ): Promise<string> {
    try {
      const out = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: cursorKey(id),
          Body: cursorBody(value),
          ContentType: 'application/json',
          ...(version === null ? { IfNoneMatch: '*' } : { IfMatch: version }),
        }),
      );
      return out.ETag ?? '';
    } catch (err) {
      const status =
        err instanceof S3ServiceException ? err.$metadata.httpStatusCode : 0;
      if (status === 412 || status === 409) {
        throw new CursorConflictError(id, { cause: err });
      }
      throw err;
    }
  }
}
