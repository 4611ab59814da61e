import { districtsOf, findCity, type Code } from '../../domain/codes/codes.js'
import { errors } from '../../lib/errors.js'

/** The configured city's GB/T 2260 districts, loaded once at boot. */
export function createDistricts(cityCode: string) {
  const city = findCity(cityCode)
  if (!city) throw new Error(`unknown city code ${cityCode}`)
  const list: Code[] = districtsOf(cityCode)
  const byCode = new Map(list.map((d) => [d.code, d]))
  return {
    city,
    list,
    has: (code: string) => byCode.has(code),
    name: (code: string) => byCode.get(code)?.zh ?? code,
    /** 400 naming the field unless the code is a district of the configured city. */
    assertInCity(code: string, path: string) {
      if (byCode.has(code)) return
      const zh = `${code} 不是${city.name}的区县代码（GB/T 2260）`
      throw errors.badRequest(
        'validation.failed',
        { zh, en: `${code} is not a district of ${city.code} (GB/T 2260)` },
        { errors: [{ path, code: 'district.not_in_city', message: zh }] },
      )
    },
  }
}

export type Districts = ReturnType<typeof createDistricts>
