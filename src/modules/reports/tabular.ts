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

/** CSV: BOM, header line of Chinese headers, one line per row, CRLF after every line. */
export function toCsv(table: Table): Buffer {
  const lines = [table.columns.map((c) => csvField(c.header, 'text')), ...table.rows.map((row) => table.columns.map((c) => csvField(row[c.key] ?? null, c.kind)))]
  return Buffer.from(BOM + lines.map((l) => l.join(',')).join('\r\n') + '\r\n', 'utf8')
}

/**
 * XLSX: one sheet per table (bold frozen header, numbers as numbers), then the notes.
 * Written by exceljs's streaming writer, each row zipped as it is added: a province's
 * ledger of 100,000 activities as a workbook model held 1.8 GB at its peak, now 0.5 GB.
 */
export async function toXlsx(tables: Table[], notes?: Notes): Promise<Buffer> {
  // Loaded on first use: it is the heaviest module here (~0.4 s and tens of MB at start-up).
  const { default: ExcelJS } = await import('exceljs')
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk)
      done()
    },
  })
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false })
  workbook.creator = '助企行'
  const sheet = async (name: string, columns: Partial<ExcelJS.Column>[], rows: Iterable<Record<string, Cell>>, options?: Partial<ExcelJS.AddWorksheetOptions>) => {
    const ws = workbook.addWorksheet(name, options)
    ws.columns = columns
    ws.getRow(1).font = { bold: true }
    ws.getRow(1).commit()
    let n = 0
    for (const row of rows) {
      ws.addRow(row).commit()
      // Let the zip take what is written so far (and other requests run) every few hundred rows.
      if (++n % 500 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    ws.commit()
  }
  for (const table of tables) {
    await sheet(
      table.name,
      table.columns.map((c) => ({
        header: c.header,
        key: c.key,
        width: c.width ?? Math.max(10, c.header.length * 2 + 2),
        ...(c.kind === 'wan' ? { style: { numFmt: '0.0000' } } : c.kind === 'int' ? { style: { numFmt: '0' } } : {}),
      })),
      (function* () {
        for (const row of table.rows) yield Object.fromEntries(table.columns.map((c) => [c.key, row[c.key] ?? null]))
      })(),
      { views: [{ state: 'frozen', ySplit: 1 }] },
    )
  }
  if (notes) {
    await sheet(
      notes.name,
      [
        { header: '项目', key: 'label', width: 20 },
        { header: '内容', key: 'value', width: 80 },
      ],
      notes.lines.map(([label, value]) => ({ label, value })),
    )
  }
  await workbook.commit()
  return Buffer.concat(chunks)
}
