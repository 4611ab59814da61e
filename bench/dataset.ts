// Loads a reproducible data set at a chosen scale into a scratch PostgreSQL database.
// Rows are generated inside PostgreSQL with generate_series (deterministic: every value
// is a function of the row number), so a million demands load in seconds.
import type { Sql } from 'postgres'
import { creditCodeCheckChar } from '../src/domain/credit-code.js'
import { DISTRICTS, INDUSTRY_CODES, INDUSTRY_TEXT, PLACES, SERVICE_KINDS, SURNAMES } from './text.js'

export interface Scale {
  teams: number
  menuItems: number
  enterprises: number
  demands: number
  activities: number
}

export const SCALES: Record<string, Scale> = {
  city: { teams: 50, menuItems: 500, enterprises: 5_000, demands: 20_000, activities: 2_000 },
  province: { teams: 1_000, menuItems: 10_000, enterprises: 100_000, demands: 1_000_000, activities: 100_000 },
}

export const BENCH_TOKENS = {
  admin: 'bench-admin-token-0123456789abcdef',
  enterprise: 'bench-enterprise-token-0123456789ab',
}

/** A text[] literal, so the arrays travel as one parameter whatever the driver infers. */
const textArray = (xs: readonly string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`

const pools = () => {
  const demand: { industry: string; title: string; desc: string; skills: string }[] = []
  const menu: { industry: string; title: string; desc: string; skills: string }[] = []
  for (const industry of INDUSTRY_CODES) {
    for (const [title, desc, skills] of INDUSTRY_TEXT[industry]!.demands) demand.push({ industry, title, desc, skills: skills.join(',') })
    for (const [title, desc, skills] of INDUSTRY_TEXT[industry]!.menus) menu.push({ industry, title, desc, skills: skills.join(',') })
  }
  return { demand, menu }
}

type Step = { name: string; rows: number; run: () => Promise<unknown> }

/** The steps that fill the tables, each with its row count (for the progress bar). */
export function datasetSteps(sql: Sql, scale: Scale, opts: { openOnly?: boolean } = {}): Step[] {
  const p = pools()
  const dT = textArray(p.demand.map((x) => x.title))
  const dD = textArray(p.demand.map((x) => x.desc))
  const dS = textArray(p.demand.map((x) => x.skills))
  const dI = textArray(p.demand.map((x) => x.industry))
  const mT = textArray(p.menu.map((x) => x.title))
  const mD = textArray(p.menu.map((x) => x.desc))
  const mS = textArray(p.menu.map((x) => x.skills))
  const mI = textArray(p.menu.map((x) => x.industry))
  const districts = textArray(DISTRICTS)
  const industries = textArray(INDUSTRY_CODES)
  const kinds = textArray(SERVICE_KINDS)
  const surnames = textArray(SURNAMES)
  const places = textArray(PLACES)
  // Integers are written into the statement: they are ours, and generate_series needs typed bounds.
  const n = (x: number) => sql.unsafe(String(Math.trunc(x)))
  const nd = p.demand.length
  const nm = p.menu.length
  const per = Math.max(1, Math.round(scale.menuItems / scale.teams))

  const enterpriseBatch = async (from: number, to: number) => {
    const ids: string[] = []
    const codes: string[] = []
    for (let g = from; g < to; g++) {
      const body = `91440500${String(g).padStart(9, '0')}`
      codes.push(body + creditCodeCheckChar(body))
      ids.push(String(g))
    }
    await sql`
      insert into enterprises (id, name, credit_code, district_code, address, industry, size, specialized, contact_name, contact_phone, created_at, updated_at)
      select zqx_uuid('e' || g),
             (${places}::text[])[1 + g % 10] || '市' || (${surnames}::text[])[1 + (g / 10) % 10] || '氏实业有限公司' || g,
             c, (${districts}::text[])[1 + g % 7], '汕头市' || (${places}::text[])[1 + g % 10] || '工业区 ' || g || ' 号',
             (${industries}::text[])[1 + (g * 7) % ${n(INDUSTRY_CODES.length)}], (array['large','medium','small','micro'])[1 + g % 4], g % 5 = 0,
             (${surnames}::text[])[1 + g % 10] || '工', '138' || lpad((g % 100000000)::text, 8, '0'),
             timestamptz '2023-01-01 00:00+08' + (g % 500) * interval '1 day', timestamptz '2023-01-01 00:00+08' + (g % 500) * interval '1 day'
      from unnest(${`{${ids.join(',')}}`}::int[], ${textArray(codes)}::text[]) as t(g, c)`
  }
  const steps: Step[] = [
    {
      // Bulk load without per-row triggers and foreign-key checks; counters are recounted at the end.
      name: 'session',
      rows: 1,
      run: () => sql`set session_replication_role = replica`,
    },
    {
      // md5 → a valid RFC 9562 UUID (version 8, variant 10), which the API's validation accepts.
      name: 'functions',
      rows: 1,
      run: () =>
        sql`create or replace function zqx_uuid(t text) returns uuid language sql immutable as
            $$ select (substr(md5(t), 1, 12) || '8' || substr(md5(t), 14, 3) || '8' || substr(md5(t), 18, 15))::uuid $$`,
    },
    {
      name: 'teams',
      rows: scale.teams,
      run: () => sql`
        insert into teams (id, name, level, district_code, leader_name, leader_honors, contact_name, contact_phone, member_count, capacity, industries, active, created_at, updated_at)
        select zqx_uuid('t' || g),
               case when g % 5 = 0 then '汕头市' else '' end || (${places}::text[])[1 + g % 7] || (${industries}::text[])[1 + g % ${n(INDUSTRY_CODES.length)}] || '劳模工匠技术服务队' || g,
               case when g % 5 = 0 then 'city' else 'district' end, (${districts}::text[])[1 + g % 7],
               (${surnames}::text[])[1 + g % 10] || '师傅', array['shantou_craftsman'], (${surnames}::text[])[1 + g % 10] || '师傅',
               '139' || lpad(g::text, 8, '0'), 5 + g % 20, 4 + g % 9,
               array[(${industries}::text[])[1 + g % ${n(INDUSTRY_CODES.length)}], (${industries}::text[])[1 + (g + 3) % ${n(INDUSTRY_CODES.length)}]],
               true, timestamptz '2023-05-01 00:00+08', timestamptz '2023-05-01 00:00+08'
        from generate_series(1, ${n(scale.teams)}) g`,
    },
    {
      name: 'menu items',
      rows: scale.teams * per,
      run: () => sql`
        insert into menu_items (id, team_id, title, description, service_kinds, skills, industries, created_at, updated_at)
        select zqx_uuid('m' || t || '-' || k), zqx_uuid('t' || t),
               (${mT}::text[])[1 + (t * 3 + k) % ${n(nm)}], (${mD}::text[])[1 + (t * 3 + k) % ${n(nm)}],
               array[(${kinds}::text[])[1 + (t + k) % 5], (${kinds}::text[])[1 + (t + k + 2) % 5]],
               string_to_array((${mS}::text[])[1 + (t * 3 + k) % ${n(nm)}], ','),
               array[(${mI}::text[])[1 + (t * 3 + k) % ${n(nm)}]],
               timestamptz '2023-05-01 00:00+08', timestamptz '2023-05-01 00:00+08'
        from generate_series(1, ${n(scale.teams)}) t, generate_series(1, ${n(per)}) k`,
    },
  ]
  const chunk = 20_000
  for (let from = 1; from <= scale.enterprises; from += chunk) {
    const to = Math.min(scale.enterprises + 1, from + chunk)
    steps.push({ name: 'enterprises', rows: to - from, run: () => enterpriseBatch(from, to) })
  }
  // Demand g: status by g mod 1000 — 85 % completed, 0.6 % active, 11.4 % open, 3 % cancelled.
  const status = opts.openOnly
    ? sql`'open'`
    : sql`case when g % 1000 < 850 then 'completed' when g % 1000 < 852 then 'in_progress' when g % 1000 < 854 then 'accepted' when g % 1000 < 856 then 'assigned' when g % 1000 < 970 then 'open' else 'cancelled' end`
  const dchunk = 100_000
  for (let from = 1; from <= scale.demands; from += dchunk) {
    const to = Math.min(scale.demands, from + dchunk - 1)
    steps.push({
      name: 'demands',
      rows: to - from + 1,
      run: () => sql`
        insert into demands (id, enterprise_id, title, description, service_kinds, skills, industry, district_code, urgency, trainees_wanted, estimated_benefit_yuan, status, created_at, updated_at)
        select zqx_uuid('d' || g), zqx_uuid('e' || (1 + g % ${n(scale.enterprises)})),
               (${dT}::text[])[1 + g % ${n(nd)}], (${dD}::text[])[1 + g % ${n(nd)}],
               array[(${kinds}::text[])[1 + g % 2]], string_to_array((${dS}::text[])[1 + g % ${n(nd)}], ','),
               (${dI}::text[])[1 + g % ${n(nd)}], (${districts}::text[])[1 + (1 + g % ${n(scale.enterprises)}) % 7],
               (array['low','normal','high','critical'])[1 + g % 4], g % 50, (g % 30) * 10000, ${status},
               timestamptz '2023-06-01 00:00+08' + (g % 365) * interval '1 day', timestamptz '2023-06-01 00:00+08' + (g % 365) * interval '1 day'
        from generate_series(${n(from)}, ${n(to)}) g`,
    })
    if (!opts.openOnly)
      steps.push({
        name: 'assignments',
        rows: Math.round((to - from + 1) * 0.856),
        run: () => sql`
          insert into assignments (id, demand_id, team_id, status, score_micros, assigned_at, accepted_at, ended_at, solved, delivered_service_kind, trainee_count, benefit_yuan, benefit_kind, completed_on, summary, updated_at)
          select zqx_uuid('a' || g), zqx_uuid('d' || g), zqx_uuid('t' || (1 + g % ${n(scale.teams)})),
                 case when g % 1000 < 850 then 'completed' when g % 1000 < 852 then 'in_progress' when g % 1000 < 854 then 'accepted' else 'assigned' end,
                 500000 + g % 400000,
                 timestamptz '2023-06-02 00:00+08' + (g % 365) * interval '1 day',
                 case when g % 1000 < 854 then timestamptz '2023-06-03 00:00+08' + (g % 365) * interval '1 day' end,
                 case when g % 1000 < 850 then timestamptz '2023-06-10 00:00+08' + (g % 365) * interval '1 day' end,
                 case when g % 1000 < 850 then g % 7 <> 0 end,
                 case when g % 1000 < 850 then (${kinds}::text[])[1 + g % 2] end,
                 case when g % 1000 < 850 then (g % 5) * 3 end,
                 case when g % 1000 < 850 and g % 4 = 0 then (g % 50) * 1000 end,
                 case when g % 1000 < 850 and g % 4 = 0 then (case when g % 8 = 0 then 'actual' else 'expected' end) end,
                 case when g % 1000 < 850 then (date '2023-06-10' + (g % 365)) end,
                 case when g % 1000 < 850 then '现场指导，问题已处理' end,
                 timestamptz '2023-06-10 00:00+08' + (g % 365) * interval '1 day'
          from generate_series(${n(from)}, ${n(to)}) g where g % 1000 < 856`,
      })
  }
  if (!opts.openOnly) {
    steps.push({
      name: 'feedback',
      rows: Math.round(scale.demands * 0.85 * 0.6),
      run: () => sql`
        insert into feedback (assignment_id, demand_id, rating, outcome_confirmed, created_at)
        select zqx_uuid('a' || g), zqx_uuid('d' || g), 3 + g % 3, true, timestamptz '2023-06-12 00:00+08' + (g % 365) * interval '1 day'
        from generate_series(1, ${n(scale.demands)}) g where g % 1000 < 850 and g % 5 < 3`,
    })
    steps.push({
      name: 'activities',
      rows: scale.activities,
      run: async () => {
        await sql`
          insert into activities (id, team_id, date, service_kind, title, district_code, industry, trainee_count, on_site_problems_solved, benefit_yuan, benefit_kind, created_at, updated_at)
          select zqx_uuid('v' || g), zqx_uuid('t' || (1 + g % ${n(scale.teams)})), date '2023-06-01' + (g % 365),
                 (${kinds}::text[])[1 + g % 5], (${mT}::text[])[1 + g % ${n(nm)}] || '现场服务', (${districts}::text[])[1 + g % 7],
                 (${industries}::text[])[1 + g % ${n(INDUSTRY_CODES.length)}], 10 + g % 40,
                 case when g % 3 = 0 then array['解决设备故障', '优化工艺参数'] else '{}'::text[] end,
                 case when g % 6 = 0 then (g % 20) * 5000 end, case when g % 6 = 0 then 'expected' end,
                 timestamptz '2023-06-01 00:00+08' + (g % 365) * interval '1 day', timestamptz '2023-06-01 00:00+08' + (g % 365) * interval '1 day'
          from generate_series(1, ${n(scale.activities)}) g`
        await sql`
          insert into activity_enterprises (activity_id, enterprise_id, via, position)
          select zqx_uuid('v' || g), zqx_uuid('e' || (1 + (g * 13 + k * 101) % ${n(scale.enterprises)})), 'listed', k
          from generate_series(1, ${n(scale.activities)}) g, generate_series(0, 2) k
          on conflict do nothing`
      },
    })
  }
  steps.push({
    // The load ran with triggers off (session_replication_role = replica): recount what they keep.
    name: 'counters',
    rows: 1,
    run: async () => {
      await sql`set session_replication_role = origin`
      await sql`
        with a as (
          select team_id,
                 count(*) filter (where status in ('assigned','accepted','in_progress')) as active_load,
                 count(*) filter (where status = 'completed') as completed_count,
                 count(*) filter (where status = 'completed' and solved) as solved_count
          from assignments group by team_id),
        f as (select a.team_id, sum(f.rating) as rating_sum, count(*) as rating_count from feedback f join assignments a on a.id = f.assignment_id group by a.team_id)
        update teams t set active_load = coalesce(a.active_load, 0), completed_count = coalesce(a.completed_count, 0), solved_count = coalesce(a.solved_count, 0),
               rating_sum = coalesce(f.rating_sum, 0), rating_count = coalesce(f.rating_count, 0)
        from teams t2 left join a on a.team_id = t2.id left join f on f.team_id = t2.id where t.id = t2.id`
      await sql`update catalog_version set version = version + 1 where id = 1`
    },
  })
  steps.push({ name: 'analyze', rows: 1, run: () => sql`analyze` })
  return steps
}
