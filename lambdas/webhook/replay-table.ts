/** Partition key attribute of the replay table (string). */
export const REPLAY_KEY_ATTRIBUTE = 'pk';
/** TTL attribute of the replay table (epoch seconds). */
export const REPLAY_TTL_ATTRIBUTE = 'expires_at';
