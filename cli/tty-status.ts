/**
 * One status line on a terminal, redrawn in place and at most every
 * `everyMs`; nothing at all when the stream is not a TTY (logs, pipes).
 */
export function ttyStatus(
  stream: NodeJS.WritableStream,
  everyMs = 250,
  now: () => number = Date.now,
): { update(text: () => string): void; done(): void } {
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  let drawn = false;
  let last = Number.NEGATIVE_INFINITY;
  return {
    update(text) {
      if (!tty || now() - last < everyMs) return;
      last = now();
      stream.write(`\r\x1b[2K${text()}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
