import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

/** scrypt parameters (RFC 7914 recommendation for interactive logins: N=2^15, r=8, p=1). */
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { N: n, r, p, maxmem: 128 * n * r * 2 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** Returns `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A precomputed hash of a random password: verifying against it costs the same time as a real check. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(12).toString('hex'));
  return dummyHash;
}

/**
 * The password policy (decision 010), on every path that sets a password (back office, own change, CLI,
 * demo): at least 12 characters — a passphrase of words is welcome; not the login name; and not built
 * from what guessers try first. Composition rules (“a digit and a symbol”) are not asked for: they make
 * `Password1!` pass and a long passphrase fail (NIST SP 800-63B §5.1.1.2 says the same).
 */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * What guessers try first: the world's common passwords and keyboard walks, and the Chinese patterns
 * (woaini 我爱你, 5201314 我爱你一生一世, 1314, pinyin of 密码 and 中国, the system's own names).
 */
export const COMMON_PASSWORD_PARTS: readonly string[] = [
  'password',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'qwertyuiop',
  'qwerty',
  'asdfghjkl',
  'asdfgh',
  'zxcvbnm',
  '1qaz2wsx',
  'qazwsx',
  '1q2w3e4r',
  'abcdefg',
  'abc123',
  'a1b2c3',
  'iloveyou',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'root',
  'test',
  'guest',
  'login',
  'user',
  'master',
  'monkey',
  'dragon',
  'woaini',
  'aini',
  'wodemima',
  'mima',
  'zhongguo',
  'china',
  'beijing',
  'gongkai',
  'zhengwu',
  'zfxxgk',
  'xinxi',
  'changchun',
];

/** Chinese message when the password is not acceptable, else null. */
export function checkNewPassword(password: string, login?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符（可以用几个词组成的短句，如“春天 桃花 开了 2026”）`;
  if (password.length > 200) return '密码不能超过 200 个字符';
  const lower = password.toLowerCase();
  if (login && login.length >= 3 && lower.includes(login.toLowerCase())) return '密码不能包含用户名';
  if (/^[\d\s\p{P}\p{S}]+$/u.test(password)) return '密码不能只由数字和符号组成（如生日、手机号、5201314）';
  if (new Set(password).size < 6) return '密码过于简单，请避免重复字符';
  // What is left once the common words, the digits and the symbols are taken away must be a word of its own.
  let rest = lower;
  for (const part of COMMON_PASSWORD_PARTS) rest = rest.split(part).join('');
  rest = rest.replace(/[\d\s\p{P}\p{S}]+/gu, '');
  if ([...rest].length < 4)
    return '密码太容易被猜到：它由常见密码（如 password、qwerty、admin、woaini、5201314）、数字或符号组成。请换一个只有您知道的短句';
  return null;
}

export function generatePassword(): string {
  // 18 base64url characters ≈ 108 bits; a digit and a letter are always present.
  return `Gk${randomBytes(12).toString('base64url')}9`;
}
