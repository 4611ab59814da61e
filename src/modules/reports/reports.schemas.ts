// Reports: the impact figures and the activity ledger (活动台账) as JSON, CSV or XLSX.
import { z } from 'zod'
import { activityFilterQuery, fromBeforeTo } from '../activities/activities.schemas.js'
import { impactFilters } from '../metrics/metrics.schemas.js'

export const CSV = 'text/csv'
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const FORMATS = ['json', 'csv', 'xlsx'] as const
export type Format = (typeof FORMATS)[number]

const format = z
  .enum(FORMATS)
  .optional()
  .describe('json, csv (UTF-8 with BOM, CRLF, Chinese headers) or xlsx; without it, the Accept header decides (text/csv, the XLSX type, else JSON)')

export const ImpactReportQuery = z.strictObject({ ...impactFilters, format }).refine(...fromBeforeTo)

export const LedgerQuery = z
  .strictObject({
    teamId: activityFilterQuery.teamId,
    from: activityFilterQuery.from,
    to: activityFilterQuery.to,
    serviceKind: activityFilterQuery.serviceKind,
    districtCode: activityFilterQuery.districtCode,
    format,
  })
  .refine(...fromBeforeTo)

export const Ledger = z
  .object({
    columns: z.array(z.object({ key: z.string(), header: z.string() })).describe('The columns, with their Chinese headers (the CSV/XLSX header row)'),
    rows: z
      .array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])))
      .describe('One row per activity, oldest first: id, date, team, kind, district, industry, enterprises, demands, trainees, problems, benefit'),
  })
  .meta({ id: 'ActivityLedger' })

/** The 200 response in each format (documented in OpenAPI; JSON is validated on the way out). */
export const fileResponses = <T extends z.ZodType>(json: T, what: string) => ({
  description: `${what} as JSON, CSV or XLSX`,
  content: {
    'application/json': { schema: json },
    [CSV]: { schema: z.string().describe('UTF-8 with BOM, CRLF line ends, a header row of Chinese column names') },
    [XLSX]: { schema: z.string().describe('An Excel workbook (binary)') },
  },
})

/** `format` wins; otherwise the first of CSV/XLSX the Accept header names, else JSON. */
export function pickFormat(format: Format | undefined, accept: string | undefined): Format {
  if (format) return format
  const a = (accept ?? '').toLowerCase()
  const at = (type: string) => (a.includes(type) ? a.indexOf(type) : Infinity)
  if (at(XLSX) === Infinity && at(CSV) === Infinity) return 'json'
  return at(XLSX) < at(CSV) ? 'xlsx' : 'csv'
}
