// Tables as the union's staff open them: CSV that Excel (Chinese Windows) reads correctly —
// UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting — and XLSX through exceljs.

import { Writable } from 'node:stream'
import type ExcelJS from 'exceljs'

export type Cell = string | number | null

export interface Column {
  key: string
  /** Chinese header. */
  header: string
  /** int: a count or yuan; wan: 万元 with 4 decimals; text: anything else. */
  kind: 'text' | 'int' | 'wan'
  width?: number
}

export interface Table {
  /** Sheet name in the workbook. */
  name: string
  columns: Column[]
  rows: Record<string, Cell>[]
}

/** A sheet of label–value lines (period, filters, counting notes). */
export interface Notes {
  name: string
  lines: [string, string][]
}

const BOM = '\uFEFF'

/**
 * Text that a spreadsheet would run as a formula (=, +, -, @, or a leading tab/CR) is
 * prefixed with an apostrophe: titles come from clients (CSV injection, OWASP).
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

function csvField(value: Cell, kind: Column['kind']): string {
  if (value === null) return ''
  const text = typeof value === 'number' ? String(value) : kind === 'text' ? neutralise(value) : value
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A table whose rows are read a page at a time (the activity ledger: a province's is 100,000 rows). */
export interface PagedTable {
  name: string
  columns: Column[]
  pages: AsyncIterable<Record<string, Cell>[]>
}

const csvLine = (columns: Column[], row: Record<string, Cell>) => columns.map((c) => csvField(row[c.key] ?? null, c.kind)).join(',') + '\r\n'
const csvHead = (columns: Column[]) => BOM + columns.map((c) => csvField(c.header, 'text')).join(',') + '\r\n'

/** CSV: BOM, header line of Chinese headers, one line per row, CRLF after every line. */
export function toCsv(table: Table): Buffer {
  return Buffer.from(csvHead(table.columns) + table.rows.map((row) => csvLine(table.columns, row)).join(''), 'utf8')
}

/** The same CSV as `toCsv`, a page of rows per chunk. */
export async function* csvChunks(table: PagedTable): AsyncGenerator<Buffer> {
  yield Buffer.from(csvHead(table.columns), 'utf8')
  for await (const page of table.pages) if (page.length > 0) yield Buffer.from(page.map((row) => csvLine(table.columns, row)).join(''), 'utf8')
}

/** `{columns: [{key, header}], rows: [...]}` (the JSON of the ledger), a page of rows per chunk. */
export async function* jsonChunks(table: PagedTable): AsyncGenerator<Buffer> {
  yield Buffer.from(`{"columns":${JSON.stringify(table.columns.map(({ key, header }) => ({ key, header })))},"rows":[`, 'utf8')
  let first = true
  for await (const page of table.pages) {
    if (page.length === 0) continue
    yield Buffer.from((first ? '' : ',') + page.map((row) => JSON.stringify(row)).join(','), 'utf8')
    first = false
  }
  yield Buffer.from(']}', 'utf8')
}

/**
 * XLSX: one sheet per table (bold frozen header, numbers as numbers), then the notes.
 * Written by exceljs's streaming writer, each row zipped as it is added: a province's
 * ledger of 100,000 activities as a workbook model held 1.8 GB at its peak. The zipped
 * bytes are handed on as they come, a page of rows at a time.
 */
export async function* xlsxChunks(tables: (Table | PagedTable)[], notes?: Notes): AsyncGenerator<Buffer> {
  // Loaded on first use: it is the heaviest module here (~0.4 s and tens of MB at start-up).
  const { default: ExcelJS } = await import('exceljs')
  let written: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk)
      done()
    },
  })
  const take = () => {
    const out = Buffer.concat(written)
    written = []
    return out
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false })
  workbook.creator = '助企行'
  // Yields what the zip has written after each page (and lets other requests run).
  async function* sheet(name: string, columns: Partial<ExcelJS.Column>[], pages: AsyncIterable<Record<string, Cell>[]> | Iterable<Record<string, Cell>[]>, options?: Partial<ExcelJS.AddWorksheetOptions>) {
    const ws = workbook.addWorksheet(name, options)
    ws.columns = columns
    ws.getRow(1).font = { bold: true }
    ws.getRow(1).commit()
    for await (const page of pages) {
      for (let k = 0; k < page.length; k++) {
        ws.addRow(page[k]).commit()
        if ((k + 1) % 500 === 0) await new Promise((resolve) => setImmediate(resolve))
      }
      await new Promise((resolve) => setImmediate(resolve))
      if (written.length > 0) yield take()
    }
    ws.commit()
  }
  for (const table of tables) {
    const pages = 'pages' in table ? table.pages : [table.rows]
    yield* sheet(
      table.name,
      table.columns.map((c) => ({
        header: c.header,
        key: c.key,
        width: c.width ?? Math.max(10, c.header.length * 2 + 2),
        ...(c.kind === 'wan' ? { style: { numFmt: '0.0000' } } : c.kind === 'int' ? { style: { numFmt: '0' } } : {}),
      })),
      (async function* () {
        for await (const page of pages) yield page.map((row) => Object.fromEntries(table.columns.map((c) => [c.key, row[c.key] ?? null])))
      })(),
      { views: [{ state: 'frozen', ySplit: 1 }] },
    )
  }
  if (notes) {
    yield* sheet(
      notes.name,
      [
        { header: '项目', key: 'label', width: 20 },
        { header: '内容', key: 'value', width: 80 },
      ],
      [notes.lines.map(([label, value]) => ({ label, value }))],
    )
  }
  await workbook.commit()
  yield take()
}

/** The whole workbook of `xlsxChunks` in one buffer (the impact report: a few dozen rows). */
export async function toXlsx(tables: Table[], notes?: Notes): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of xlsxChunks(tables, notes)) chunks.push(chunk)
  return Buffer.concat(chunks)
}
