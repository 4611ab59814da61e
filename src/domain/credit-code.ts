// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet
// (no I, O, Z, S, V); the last is a check character over the first 17.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
// Weight of position i is 3^i mod 31.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export type CreditCodeProblem = 'length' | 'charset' | 'division' | 'check_digit'

/** The check character the first 17 characters call for: C18 = 31 − (Σ Ci·Wi mod 31), with 31 written as 0. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!
  return ALPHABET[(31 - (sum % 31)) % 31]!
}

/** Why a (normalised, upper-case) code is not a valid 统一社会信用代码, or null when it is. */
export function checkCreditCode(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length'
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'charset'
  // Positions 3–8 hold the registering authority's 6-digit division code.
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'division'
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'check_digit'
}
