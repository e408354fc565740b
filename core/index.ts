// The public core, `mailtrail/core`: the canonical schema and the
// normalizers, pure functions with no AWS dependency.

export type { PipelineErrorReason } from './errors';
export {
  MalformedPayloadError,
  PipelineError,
  VerificationError,
} from './errors';
export { eventId } from './event-id';
export { type NormalizeInputOptions, normalizeInput } from './normalize-input';
export {
  NORMALIZERS,
  type NormalizeContext,
  type Normalizer,
  normalizeBlastengine,
  normalizeCmc,
  normalizeMailgun,
  normalizeSes,
} from './providers/index';
export * from './schema';
