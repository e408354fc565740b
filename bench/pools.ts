/** Subjects the corpus draws from: ASCII, Japanese, emoji, RTL, long. */
export const SUBJECTS: readonly string[] = [
  'Your order #A-10293 has shipped',
  '【サンプル商店】ご注文ありがとうございます',
  '【重要】パスワード再設定のご案内',
  'Réinitialisation de votre mot de passe — étape 2/3',
  '🎉 Flash sale: 30 % off until midnight 🎉',
  '您的订单已发货，请注意查收',
  'تم تأكيد طلبك رقم ٤٥٦٧',
  'Ihre Rechnung für März – Zahlungsbestätigung',
  'Weekly digest: 12 new comments on “Launch plan”',
  '주문이 접수되었습니다',
  `Newsletter ${'— a deliberately long subject line that keeps going '.repeat(3)}`,
];

/** Recipient local parts (a random number is appended). */
export const LOCAL_PARTS = [
  'hanako.yamada',
  'taro',
  'j.smith',
  'marie-claire',
  'user+tag',
  'ops',
  'kenji_sato',
];
/** Recipient domains: big mailbox providers and example domains. */
export const RECIPIENT_DOMAINS = [
  'gmail.com',
  'yahoo.co.jp',
  'docomo.ne.jp',
  'outlook.com',
  'icloud.com',
  'example.com',
  'example.jp',
];
/** Five sending domains: metric dimensions stay bounded, as in production. */
export const SENDING_DOMAINS = [
  'mail.example.com',
  'mg.example.com',
  'example.jp',
  'news.example.net',
  'shop.example.co.jp',
];
