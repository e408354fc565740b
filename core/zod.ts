import { en } from 'zod/locales';
import { config } from 'zod/mini';

// zod/mini tree-shakes (classic `zod` does not: ~450 KiB in every Lambda) but,
// unlike classic, installs no locale. English, as classic does at import, so
// issue messages ("Invalid input: expected object, …") stay the same.
config(en());

/** zod's tree-shakable functional API with English messages; `import * as z`. */
export * from 'zod/mini';
