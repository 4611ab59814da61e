import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ImpactView } from '../metrics/metrics.schemas.js'
import { CSV, fileResponses, ImpactReportQuery, Ledger, LedgerQuery, pickFormat, XLSX, type Format } from './reports.schemas.js'
import type { ReportService } from './reports.service.js'
import { csvChunks, jsonChunks, toCsv, toXlsx, xlsxChunks, type Notes, type PagedTable, type Table } from './tabular.js'

/**
 * Sends a table as CSV or XLSX, as an attachment named in Chinese (RFC 6266/5987) with an
 * ASCII fallback; a paged table as a stream, a page at a time as the client takes it.
 */
async function sendFile(reply: FastifyReply, format: Exclude<Format, 'json'>, table: Table | PagedTable, names: { zh: string; ascii: string }, notes?: Notes) {
  const body =
    'pages' in table ? Readable.from(format === 'csv' ? csvChunks(table) : xlsxChunks([table], notes)) : format === 'csv' ? toCsv(table) : await toXlsx([table], notes)
  const ext = format === 'csv' ? 'csv' : 'xlsx'
  return reply
    .type(format === 'csv' ? `${CSV}; charset=utf-8` : XLSX)
    .header('content-disposition', `attachment; filename="${names.ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${names.zh}.${ext}`)}`)
    .header('vary', 'Accept')
    .send(body)
}

const periodSuffix = (q: { from?: string | undefined; to?: string | undefined }) => (q.from || q.to ? `_${q.from ?? ''}_${q.to ?? ''}` : '')

export const reportRoutes: FastifyPluginAsyncZod<{ reports: ReportService }> = async (app, { reports }) => {
  const tags = ['reports']
  app.get(
    '/reports/impact',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Impact report: totals and groups as JSON, CSV or XLSX (admin)',
        description:
          'The figures of GET /v1/metrics/impact (same filters and counting rules). CSV/XLSX: a row per group, then 合计; Chinese headers; benefit in 元 and 万元. The XLSX adds a 说明 sheet with the period, filters and counting notes.',
        querystring: ImpactReportQuery,
        response: { 200: fileResponses(ImpactView, 'The impact figures') },
      },
    },
    async (req, reply) => {
      const format = pickFormat(req.query.format, req.headers.accept)
      const { view, table, notes } = await reports.impact(req.query, req.principal!)
      if (format === 'json') return reply.type('application/json; charset=utf-8').header('vary', 'Accept').send(view)
      return sendFile(reply, format, table, { zh: `助企行成效统计${periodSuffix(req.query)}`, ascii: `impact${periodSuffix(req.query)}` }, notes)
    },
  )
  app.get(
    '/reports/activities',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: '活动台账: the activity ledger as JSON, CSV or XLSX (admin)',
        description:
          'One row per activity (oldest first) with team, date, kind, district, industry, enterprises, linked demands, trainees, problems and benefit. Streamed a page of 1,000 activities at a time: which activities, and their order, are fixed when the export starts; each page is read as the one before it is written, so an activity changed meanwhile shows as its page found it, and one deleted meanwhile is left out. An error after the first page ends the response early (an incomplete body).',
        querystring: LedgerQuery,
        response: { 200: fileResponses(Ledger, 'The activity ledger') },
      },
    },
    async (req, reply) => {
      const format = pickFormat(req.query.format, req.headers.accept)
      const table = await reports.ledger(req.query)
      if (format === 'json')
        // Written a page at a time, not through the response schema (reports.test.ts holds
        // the JSON equal to what the schema makes of it).
        return reply
          .type('application/json; charset=utf-8')
          .header('vary', 'Accept')
          .send(Readable.from(jsonChunks(table)) as never)
      return sendFile(reply, format, table, { zh: `活动台账${periodSuffix(req.query)}`, ascii: `activities${periodSuffix(req.query)}` })
    },
  )
}
