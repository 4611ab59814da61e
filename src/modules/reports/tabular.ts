// Tables as the union's staff open them: CSV that Excel (Chinese Windows) reads correctly —
// UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting — and XLSX through exceljs.

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

/** XLSX: one sheet per table (bold frozen header, numbers as numbers), then the notes. */
export async function toXlsx(tables: Table[], notes?: Notes): Promise<Buffer> {
  // Loaded on first use: it is the heaviest module here (~0.4 s and tens of MB at start-up).
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '助企行'
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width ?? Math.max(10, c.header.length * 2 + 2),
      ...(c.kind === 'wan' ? { style: { numFmt: '0.0000' } } : c.kind === 'int' ? { style: { numFmt: '0' } } : {}),
    }))
    sheet.getRow(1).font = { bold: true }
    for (const row of table.rows) sheet.addRow(Object.fromEntries(table.columns.map((c) => [c.key, row[c.key] ?? null])))
  }
  if (notes) {
    const sheet = workbook.addWorksheet(notes.name)
    sheet.columns = [
      { header: '项目', key: 'label', width: 20 },
      { header: '内容', key: 'value', width: 80 },
    ]
    sheet.getRow(1).font = { bold: true }
    for (const [label, value] of notes.lines) sheet.addRow({ label, value })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
