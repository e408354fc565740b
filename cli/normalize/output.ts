import { once } from 'node:events';
import type { LocalLakeSink } from '../../adapters/local/lake-sink';
import type { EmailEvent, Provider, Source } from '../../core/schema';
import type { CliIo } from '../types';

/** Events (and input text) buffered for the lake before one write. */
const LAKE_BATCH_EVENTS = 10_000;

/** Where `--lake` writes, and what its raw records say. */
export interface LakeTarget {
  readonly sink: LocalLakeSink;
  /** The provider, known once the first payload is read. */
  readonly provider: () => Provider;
  readonly source: Source | undefined;
  readonly contentType: string | undefined;
  readonly receivedAt: string;
}

/**
 * Where normalized events go: NDJSON on stdout as they come (waiting when
 * the reader is slower), and with `--lake` batches of events plus the input
 * text they came from, so memory stays flat with input size.
 */
export class EventOutput {
  events = 0;
  private pending: EmailEvent[] = [];
  private raw = '';

  constructor(
    private readonly io: CliIo,
    private readonly lake: LakeTarget | undefined,
  ) {}

  /** Input text read, kept for the lake's raw/ copy. */
  input(text: string): void {
    if (this.lake) this.raw += text;
  }

  async write(events: readonly EmailEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.events += events.length;
    const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
    if (!this.io.stdout.write(text)) await once(this.io.stdout, 'drain');
    if (!this.lake) return;
    this.pending.push(...events);
    if (this.pending.length >= LAKE_BATCH_EVENTS) await this.flush();
  }

  /** Writes what is buffered to the lake. */
  async flush(): Promise<void> {
    const lake = this.lake;
    if (!lake || this.raw.trim() === '') return;
    await lake.sink.putRaw([
      {
        kind: 'raw',
        provider: lake.provider(),
        received_at: lake.receivedAt,
        source: lake.source ?? this.pending[0]?.source ?? 'webhook',
        reason: null,
        content_type: lake.contentType ?? null,
        body: this.raw,
        body_encoding: 'utf8',
        request_id: null,
      },
    ]);
    await lake.sink.putEvents(this.pending);
    this.pending = [];
    this.raw = '';
  }
}
