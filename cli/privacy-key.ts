/**
 * The recipient-hashing key (privacy.hashRecipients) for commands that look
 * addresses up in a lake whose recipients are `hmac:…`.
 */
export const HMAC_KEY_ENV = 'MAILTRAIL_RECIPIENT_HMAC_KEY';
