import type { Provider } from '../schema';
import { normalizeBlastengine } from './blastengine';
import { normalizeCmc } from './cmc';
import { normalizeMailgun } from './mailgun';
import { normalizeSes } from './ses';
import type { Normalizer } from './types';

/** The normalizer of each provider. */
export const NORMALIZERS: Readonly<Record<Provider, Normalizer>> = {
  ses: normalizeSes,
  mailgun: normalizeMailgun,
  blastengine: normalizeBlastengine,
  cmc: normalizeCmc,
};

export type { NormalizeContext, Normalizer } from './types';
export { normalizeBlastengine, normalizeCmc, normalizeMailgun, normalizeSes };
