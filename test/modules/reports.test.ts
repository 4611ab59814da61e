import ExcelJS from 'exceljs'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { Ledger } from '../../src/modules/reports/reports.schemas.js'
import { ADMIN_TOKEN, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { app, request } = ctx
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// Two districts, a completion and three activities; titles that need quoting and one that
// a spreadsheet would take for a formula.
const toys = await enterpriseWithToken(ctx, { name: '汕头市澄海区"乐童"玩具有限公司', districtCode: '440515', industry: 'toys_creative' })
const silk = await enterpriseWithToken(ctx, { name: '汕头市潮南区丝绸印染厂', districtCode: '440514', industry: 'textile_apparel' })
const team = await teamWithToken(ctx, { name: '澄海区玩具模具劳模服务队', level: 'district', districtCode: '440515', capacity: 5 })
const cityTeam = await teamWithToken(ctx, { name: '市级纺织服装劳模服务队', level: 'city', districtCode: '440507', capacity: 5 })

const d = await request({ method: 'POST', url: '/v1/demands', token: silk.token, body: demandBody({ title: '印染色差攻关', serviceKinds: ['tackling'] }) })
const a = await request({ method: 'POST', url: `/v1/demands/${d.body.id}/assignments`, token: ADMIN_TOKEN, body: { teamId: cityTeam.team.id, override: true, note: '测试' } })
await request({ method: 'POST', url: `/v1/assignments/${a.body.id}/accept`, token: cityTeam.token })
const done = await request({
  method: 'POST',
  url: `/v1/assignments/${a.body.id}/complete`,
  token: cityTeam.token,
  body: { solved: true, traineeCount: 15, benefitYuan: 1234567, benefitKind: 'actual', completedOn: '2024-04-02', summary: '调整染液配方' },
})
if (done.status !== 200) throw new Error(done.raw)

const activity = async (body: Record<string, unknown>, tm = team) => {
  const res = await request({ method: 'POST', url: '/v1/activities', token: tm.token, body: { teamId: tm.team.id, demandIds: [], onSiteProblemsSolved: [], traineeCount: 0, ...body } })
  if (res.status !== 201) throw new Error(res.raw)
  return res.body
}
const a1 = await activity({ date: '2024-03-05', serviceKind: 'training', title: '注塑培训班，第"1"期', districtCode: '440515', enterpriseIds: [toys.enterprise.id], traineeCount: 40, onSiteProblemsSolved: ['缩痕', '飞边'], benefitYuan: 50000, benefitKind: 'expected' })
const a2 = await activity({ date: '2024-04-10', serviceKind: 'exchange', title: '=HYPERLINK("http://x")', districtCode: '440514', enterpriseIds: [silk.enterprise.id, toys.enterprise.id] }, cityTeam)
const a3 = await activity({ date: '2024-03-01', serviceKind: 'assistance', title: '模具保养帮扶', districtCode: '440515', enterpriseIds: [toys.enterprise.id], demandIds: [], traineeCount: 6 })

/** RFC 4180 parser (quotes, doubled quotes, CRLF) — independent of the code under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(field), (field = '')
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++
    else field += c
  }
  if (field || row.length) row.push(field), rows.push(row)
  return rows
}

const get = (url: string, headers: Record<string, string> = {}, token = ADMIN_TOKEN) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } })
const PERIOD = 'from=2024-01-01&to=2024-12-31'

t.test('when the impact report is asked for as CSV, then it is UTF-8 with a BOM, Chinese headers, CRLF, and the figures of the metrics', async (t) => {
  const json = (await request({ method: 'GET', url: `/v1/metrics/impact?${PERIOD}&groupBy=district`, token: ADMIN_TOKEN })).body
  const res = await get(`/v1/reports/impact?${PERIOD}&groupBy=district&format=csv`)
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/)
  t.match(res.headers['content-disposition'], /attachment; filename="impact_2024-01-01_2024-12-31.csv"; filename\*=UTF-8''/)
  t.match(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1]!), '助企行成效统计_2024-01-01_2024-12-31.csv')
  const bytes = res.rawPayload
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM')
  const text = bytes.toString('utf8').slice(1)
  t.ok(text.endsWith('\r\n'))
  t.notOk(/[^\r]\n/.test(text), 'every line ends in CRLF')
  const [header, ...rows] = parseCsv(text)
  t.same(header, ['代码', '区县', '服务队（支）', '活动（场）', '解决技术问题（个）', '帮助职工提升技能（人次）', '服务企业（家）', '服务企业（家次）', '经济效益（元）', '预期经济效益（元）', '经济效益合计（元）', '经济效益（万元）', '预期经济效益（万元）', '经济效益合计（万元）'])
  t.equal(rows.length, json.groups.length + 1)
  const total = rows.at(-1)!
  t.same(total.slice(0, 2), ['', '合计'])
  t.same(total.slice(2).map(Number), [
    json.totals.teams,
    json.totals.activities,
    json.totals.problemsSolved,
    json.totals.workersTrained,
    json.totals.enterprisesServed,
    json.totals.enterpriseVisits,
    json.totals.benefitYuan.actual,
    json.totals.benefitYuan.expected,
    json.totals.benefitYuan.total,
    json.totals.benefitWanYuan.actual,
    json.totals.benefitWanYuan.expected,
    json.totals.benefitWanYuan.total,
  ])
  // Hand count: activities a1 a2 a3; problems 2 + the solved completion; 40 + 6 + 15 trainees.
  t.same(total.slice(3, 6).map(Number), [3, 3, 61])
  t.same(total.slice(8, 14), ['1234567', '50000', '1284567', '123.4567', '5', '128.4567'])
  const chaonan = rows.find((r) => r[0] === '440514')!
  t.equal(chaonan[1], '潮南区')
  t.same(chaonan.slice(3, 6).map(Number), [1, 1, 15]) // a2, and the completion of 丝绸印染厂's demand
  t.equal(chaonan[2], '0', 'teams registered after the period')

  const asJson = await request({ method: 'GET', url: `/v1/reports/impact?${PERIOD}&groupBy=district&format=json`, token: ADMIN_TOKEN })
  t.match(asJson.headers['content-type'], /^application\/json/)
  t.same(asJson.body, json, 'format=json is the metrics answer itself')

  const viaAccept = await get(`/v1/reports/impact?${PERIOD}`, { accept: 'text/csv' })
  t.match(viaAccept.headers['content-type'], /^text\/csv/)
  t.match(viaAccept.body, /统计范围/)
  t.equal(parseCsv(viaAccept.rawPayload.toString('utf8').slice(1)).length, 2, 'no groups: the header and the 合计 row')
})

t.test('when the impact report is asked for as XLSX, then exceljs reads back the same numbers and the notes', async (t) => {
  const json = (await request({ method: 'GET', url: `/v1/metrics/impact?${PERIOD}&groupBy=serviceKind`, token: ADMIN_TOKEN })).body
  const res = await get(`/v1/reports/impact?${PERIOD}&groupBy=serviceKind`, { accept: XLSX })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], XLSX)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
  const sheet = book.getWorksheet('成效汇总')!
  t.ok(sheet)
  const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
  t.same(values(1).slice(0, 4), ['代码', '服务类型', '服务队（支）', '活动（场）'])
  t.equal(sheet.rowCount, json.groups.length + 2)
  json.groups.forEach((g: { key: string; label: string; figures: Record<string, number> & { benefitYuan: { total: number } } }, i: number) => {
    const row = values(i + 2)
    t.same([row[0], row[1], row[3], row[5], row[10]], [g.key, g.label, g.figures.activities, g.figures.workersTrained, g.figures.benefitYuan.total], g.label)
    t.equal(row[2], null === g.figures.teams ? undefined : g.figures.teams, 'teams is empty where it does not apply')
  })
  const total = values(sheet.rowCount)
  t.same([total[1], total[3], total[4], total[5], total[6], total[7], total[10], total[13]], ['合计', 3, 3, 61, 2, json.totals.enterpriseVisits, 1284567, 128.4567])
  const notes = book.getWorksheet('说明')!
  const lines = Object.fromEntries(notes.getSheetValues().slice(2).map((r) => [(r as string[])[1], (r as string[])[2]]))
  t.equal(lines['统计期间'], '2024-01-01 至 2024-12-31')
  t.equal(lines['分组'], '服务类型')
  t.match(lines['服务企业（家）'], /不可跨分组相加/)
})

t.test('when the activity ledger is exported, then there is one row per activity, oldest first, quoted and defused', async (t) => {
  const res = await get(`/v1/reports/activities?format=csv&${PERIOD}`)
  t.equal(res.statusCode, 200)
  t.same([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf])
  const raw = res.rawPayload.toString('utf8').slice(1)
  t.match(raw, /"注塑培训班，第""1""期"/, 'quotes doubled inside a quoted field')
  const [header, ...rows] = parseCsv(raw)
  t.same(header, ['活动编号', '日期', '服务队', '服务队级别', '服务类型', '活动名称', '区县', '行业', '服务企业', '服务企业数（家）', '关联需求', '培训人次', '解决技术问题（个）', '现场解决的问题', '经济效益（元）', '效益类型', '经济效益（万元）'])
  t.same(
    rows.map((r) => r[0]),
    [a3.id, a1.id, a2.id],
    'by date',
  )
  const [r3, r1, r2] = rows as [string[], string[], string[]]
  t.same(r1.slice(1, 10), ['2024-03-05', '澄海区玩具模具劳模服务队', '区县级服务队', '技术培训', '注塑培训班，第"1"期', '澄海区', '玩具创意', '汕头市澄海区"乐童"玩具有限公司', '1'])
  t.same(r1.slice(11), ['40', '2', '缩痕；飞边', '50000', '预期经济效益', '5'])
  t.equal(r2[5], `'=HYPERLINK("http://x")`, 'a formula-like title is defused')
  t.equal(r2[8], '汕头市潮南区丝绸印染厂、汕头市澄海区"乐童"玩具有限公司')
  t.same([r2[9], r2[14], r2[15]], ['2', '', ''])
  t.equal(r3[11], '6')

  const json = await request({ method: 'GET', url: `/v1/reports/activities?${PERIOD}&teamId=${team.team.id}`, token: ADMIN_TOKEN })
  t.equal(json.status, 200)
  t.match(json.headers['content-type'], /application\/json/)
  t.same(
    json.body.rows.map((r: { id: string }) => r.id),
    [a3.id, a1.id],
  )
  t.match(json.body.columns[1], { key: 'date', header: '日期' })

  const xlsx = await get(`/v1/reports/activities?format=xlsx&${PERIOD}`)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
  const sheet = book.getWorksheet('活动台账')!
  t.equal(sheet.rowCount, 4)
  const row = (sheet.getRow(3).values as unknown[]).slice(1)
  t.same([row[0], row[5], row[11], row[12], row[14], row[16]], [a1.id, '注塑培训班，第"1"期', 40, 2, 50000, 5])
  t.equal((sheet.getRow(4).values as unknown[])[6], '=HYPERLINK("http://x")', 'in XLSX a string stays a string')
  t.match(sheet.views[0], { state: 'frozen', ySplit: 1 }, 'the header row is frozen')
  t.equal(sheet.getRow(1).font?.bold, true, 'and bold')
  t.equal(sheet.getRow(3).getCell(12).numFmt, '0', 'counts are formatted as whole numbers')
})

t.test('when reports are asked for by others or wrongly, then 401, 403 or 400', async (t) => {
  t.equal((await get('/v1/reports/activities', {}, team.token)).statusCode, 403)
  t.equal((await app.inject({ method: 'GET', url: '/v1/reports/impact' })).statusCode, 401)
  const bad = await request({ method: 'GET', url: '/v1/reports/impact?format=pdf', token: ADMIN_TOKEN })
  t.equal(bad.status, 400)
  t.match(bad.body.errors, [{ path: 'querystring.format' }])
  t.equal((await request({ method: 'GET', url: '/v1/reports/activities?from=2024-05-01&to=2024-04-01', token: ADMIN_TOKEN })).status, 400)
})

t.test('when the ledger runs to several pages, then every format has every activity once, in order, with its links', async (t) => {
  // 2,345 more activities straight into the tables (the ledger reads 1,000 a page), over
  // 200 days of 2024. Listed: every tenth lists 丝绸印染厂 (position 0), every third 乐童玩具
  // (position 1). Linked: every seventh the second demand of 丝绸印染厂 (position 0), every
  // fifth the first (position 1), and so 丝绸印染厂 as the owner, once, listed or not.
  const { database } = ctx.db
  const N = 2_345
  const d2 = await request({ method: 'POST', url: '/v1/demands', token: silk.token, body: demandBody({ title: '印染废水回用', serviceKinds: ['tackling'] }) })
  t.equal(d2.status, 201)
  const nth = (k: number) => sql.raw(`title ~ '^批量活动' and substr(title, 5)::int % ${k} = 0`)
  await database.db.execute(sql`
    insert into activities (id, team_id, date, service_kind, title, district_code, industry, trainee_count, on_site_problems_solved, benefit_yuan, benefit_kind)
    select gen_random_uuid(), ${team.team.id}, date '2024-06-01' + (i % 200), 'training', '批量活动' || i, '440515', 'toys_creative', i % 7,
           case when i % 4 = 0 then array['问题' || i] else '{}'::text[] end, case when i % 2 = 0 then i * 10 end, case when i % 2 = 0 then 'actual' end
    from generate_series(1, ${N}) i`)
  await database.db.execute(sql`
    insert into activity_enterprises (activity_id, enterprise_id, via, position)
    select id, ${toys.enterprise.id}::uuid, 'listed', 1 from activities where ${nth(3)}
    union all select id, ${silk.enterprise.id}::uuid, 'listed', 0 from activities where ${nth(10)}`)
  await database.db.execute(sql`
    insert into activity_demands (activity_id, demand_id, position)
    select id, ${d.body.id}::uuid, 1 from activities where ${nth(5)}
    union all select id, ${d2.body.id}::uuid, 0 from activities where ${nth(7)}`)
  await database.db.execute(sql`
    insert into activity_enterprises (activity_id, enterprise_id, via, position)
    select distinct activity_id, ${silk.enterprise.id}::uuid, 'linkedDemand', 0 from activity_demands where demand_id in (${d.body.id}, ${d2.body.id})`)
  const expected = (
    await database.rows<{ id: string; title: string }>(sql`select id::text, title from activities where date between '2024-01-01' and '2024-12-31' order by date, id`)
  ).map((r) => r.id)
  t.equal(expected.length, N + 3)

  const json = await get(`/v1/reports/activities?${PERIOD}`)
  t.equal(json.statusCode, 200)
  t.match(json.headers['content-type'], /^application\/json; charset=utf-8/)
  const body = JSON.parse(json.body)
  t.same(body, Ledger.strict().parse(body), 'the JSON is what the response schema makes of it')
  const rows = body.rows as Record<string, string | number | null>[]
  t.same(
    rows.map((r) => r.id),
    expected,
    'every activity once, by date then id, across the pages',
  )
  const byTitle = new Map(rows.map((r) => [r.title as string, r]))
  const TOYS = '汕头市澄海区"乐童"玩具有限公司'
  const SILK = '汕头市潮南区丝绸印染厂'
  const got: unknown[] = []
  const want: unknown[] = []
  for (let i = 1; i <= N; i++) {
    const r = byTitle.get(`批量活动${i}`)!
    // Listed in their order, then the owners of linked demands not listed already.
    const served = [...(i % 10 === 0 ? [SILK] : []), ...(i % 3 === 0 ? [TOYS] : []), ...((i % 5 === 0 || i % 7 === 0) && i % 10 !== 0 ? [SILK] : [])]
    const titles = [...(i % 7 === 0 ? ['印染废水回用'] : []), ...(i % 5 === 0 ? ['印染色差攻关'] : [])]
    got.push([i, r.enterprises, r.enterpriseCount, r.demands, r.traineeCount, r.problemsSolved, r.problems, r.benefitYuan, r.benefitKind, r.benefitWan])
    want.push([
      i,
      served.join('、'),
      served.length,
      titles.join('、'),
      i % 7,
      i % 4 === 0 ? 1 : 0,
      i % 4 === 0 ? `问题${i}` : '',
      i % 2 === 0 ? i * 10 : null,
      i % 2 === 0 ? '经济效益' : null,
      i % 2 === 0 ? (i * 10) / 10_000 : null,
    ])
  }
  t.same(got, want, 'each activity with its enterprises and demands in their order, an enterprise once, and its figures')
  t.ok(
    want.some((w) => (w as unknown[])[2] === 2 && String((w as unknown[])[1]).startsWith(SILK)),
    'some list two enterprises, the one at position 0 first',
  )

  const csv = await get(`/v1/reports/activities?format=csv&${PERIOD}`)
  t.equal(csv.statusCode, 200)
  const text = csv.rawPayload.toString('utf8')
  t.ok(text.startsWith('\uFEFF活动编号,'), 'one BOM, then the header')
  t.equal(text.split('\uFEFF').length, 2, 'and no other BOM')
  const [, ...lines] = parseCsv(text.slice(1))
  t.same(
    lines.map((l) => l[0]),
    expected,
  )
  t.same(
    lines.map((l) => l.length),
    lines.map(() => 17),
  )
  t.same(
    lines.map((l) => l[8]),
    rows.map((r) => r.enterprises),
    'the same enterprises as the JSON',
  )

  const xlsx = await get(`/v1/reports/activities?format=xlsx&${PERIOD}`)
  t.equal(xlsx.statusCode, 200)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
  const sheet = book.getWorksheet('活动台账')!
  t.equal(sheet.rowCount, N + 4)
  const ids: unknown[] = []
  sheet.eachRow((row, n) => n > 1 && ids.push(row.getCell(1).value))
  t.same(ids, expected)
  t.equal(sheet.getRow(N + 4).getCell(12).numFmt, '0', 'the last page is formatted like the first')
})
