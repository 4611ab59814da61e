// The demo programme as a plan: every team, enterprise, demand (with the steps of its
// life), activity and rating, decided up front from a seeded PRNG. Pure and deterministic:
// no I/O, no clock. seed.ts then plays the plan through the HTTP API.
//
// How the seed's table comes out exact: the design (design.ts) fixes how many records of
// each kind there are and what each source adds to each figure; random sizes are drawn by
// `partition`, whose parts sum exactly; and the served enterprises are exactly the ones the
// plan chooses to serve (every other enterprise is kept off activities and completions).
// `countFigures` then recounts the plan by API.md's rules and the build fails if any
// figure is off, before a single request is sent.
import { INDUSTRIES, labelOf, type BenefitKind, type DeclineReason, type EnterpriseSize, type Industry, type ServiceKind, type Urgency } from '../domain/codes/codes.js'
import { creditCodeCheckChar } from '../domain/credit-code.js'
import type { Figures } from '../domain/metrics/impact.types.js'
import { DIAGNOSIS_VISITS, EXCHANGE_MEETINGS, ON_SITE_PROBLEMS, ON_SITE_VISITS, ORDER_TRAININGS, TRAINING_COURSES } from './data/activities.js'
import { DEMAND_TEMPLATES, type DemandTemplate } from './data/demands.js'
import { BRAND_FIRST, BRAND_SECOND, DISTRICT_PROFILES, INDUSTRY_WORDS, SIZE_WEIGHTS } from './data/enterprises.js'
import { MENU_DISHES, type MenuDish } from './data/menus.js'
import {
  ASSIGNMENT_CANCEL_REASONS,
  DECLINE_NOTES,
  DEMAND_CANCEL_REASONS_BY_ADMIN,
  DEMAND_CANCEL_REASONS_BY_ENTERPRISE,
  FEEDBACK_COMMENTS,
  OUTCOME_NOT_CONFIRMED_COMMENTS,
} from './data/outcomes.js'
import { landline, mobile, personName } from './data/people.js'
import { DEMO_TEAMS, type DemoTeam } from './data/teams.js'
import { checkDesign, DESIGN, SEED_TABLE } from './design.js'
import { createRng, partition, sum, type Rng } from './random.js'

export const DEMO_SEED = 'shantou-4405-laomo-gongjiang-zhuqixing'

// ---- plan shapes -------------------------------------------------------------------

export interface PlanTeam {
  index: number
  def: DemoTeam
  contactPhone: string
  menu: MenuDish[]
  offered: ReadonlySet<ServiceKind>
}

export interface PlanEnterprise {
  index: number
  name: string
  /** The name without place and legal form, for titles: 宏达玩具实业. */
  short: string
  creditCode: string
  districtCode: string
  address: string
  industry: Industry
  size: EnterpriseSize
  specialized: boolean
  contact: { name: string; phone: string }
  /** The plan's own verdict; the metrics must agree. */
  served: boolean
}

export interface DemandBody {
  title: string
  description: string
  serviceKinds: ServiceKind[]
  skills: string[]
  urgency: Urgency
  traineesWanted?: number
  estimatedBenefitYuan?: number
}

export interface Completion {
  solved: boolean
  serviceKind: ServiceKind
  traineeCount: number
  benefitYuan?: number
  benefitKind?: BenefitKind
  completedOn: string
  summary: string
}

export type Step =
  | { do: 'assign'; team: number; note?: string }
  | { do: 'decline'; reasonCode: DeclineReason; note?: string }
  | { do: 'cancelAssignment'; reason: string }
  | { do: 'accept' }
  | { do: 'start' }
  | { do: 'complete'; outcome: Completion }
  | { do: 'cancelDemand'; by: 'enterprise' | 'admin'; reason: string }
  | { do: 'feedback'; rating: 1 | 2 | 3 | 4 | 5; outcomeConfirmed: boolean; comment?: string }

export type DemandFate = 'solved' | 'unsolved' | 'inProgressTrained' | 'inProgress' | 'accepted' | 'assigned' | 'open' | 'cancelled'

export interface PlanDemand {
  index: number
  enterprise: number
  /** Most enterprises post their own orders; some are typed in by the union (工会代录). */
  postedBy: 'enterprise' | 'admin'
  body: DemandBody
  template: DemandTemplate
  fate: DemandFate
  /** The team holding (or having completed) the demand at the end, if any. */
  team: number | null
  steps: Step[]
}

export type ActivityKind = 'diagnosis' | 'orderTraining' | 'training' | 'exchange' | 'onSite'

export interface PlanActivity {
  index: number
  kind: ActivityKind
  team: number
  date: string
  serviceKind: ServiceKind
  title: string
  districtCode: string
  /** Absent: the API takes the first enterprise's (or first linked demand owner's). */
  industry?: Industry
  enterprises: number[]
  demands: number[]
  traineeCount: number
  onSiteProblemsSolved: string[]
  benefitYuan?: number
  benefitKind?: BenefitKind
}

export interface DemoPlan {
  teams: PlanTeam[]
  enterprises: PlanEnterprise[]
  demands: PlanDemand[]
  activities: PlanActivity[]
}

/** The impact figures (no period), in the metrics module's own shape. */
export type PlanFigures = Figures

// ---- helpers ------------------------------------------------------------------------

const DISTRICT_NAME = new Map(DISTRICT_PROFILES.map((d) => [d.code, d.name]))
const districtName = (code: string) => DISTRICT_NAME.get(code) ?? code
const industryZh = (code: string) => labelOf(INDUSTRIES, code)

const DAY = 86_400_000
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY
const isoOfDay = (n: number) => new Date(n * DAY).toISOString().slice(0, 10)
const FIRST_DAY = dayNumber(DESIGN.from)
const LAST_DAY = dayNumber(DESIGN.to)

/** A day in [from, to], skipping most of the Spring Festival fortnight (2024-02-05..02-18). */
function randomDay(rng: Rng, from = FIRST_DAY, to = LAST_DAY): string {
  for (;;) {
    const d = rng.int(from, to)
    const iso = isoOfDay(d)
    if (iso >= '2024-02-05' && iso <= '2024-02-18' && rng.chance(0.85)) continue
    return iso
  }
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m)
}

/** Drops the clause that mentions `{n}` when nobody was trained (…；培训 {n} 人次。 → …。). */
function withTrainees(text: string, n: number): string {
  if (!text.includes('{n}')) return text
  if (n > 0) return text.replaceAll('{n}', String(n))
  const clauses = text.replace(/。$/, '').split(/(?<=[，；])/)
  const kept = clauses.filter((c) => !c.includes('{n}')).join('').replace(/[，；]$/, '')
  return `${kept}。`
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`)

// GB 11714 organisation code (the 9 characters inside a 统一社会信用代码): 8 + its check.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
function organisationCode(rng: Rng): string {
  let body: string
  if (rng.chance(0.65)) {
    // Codes issued since 2015 start with MA.
    body = 'MA'
    for (let i = 0; i < 6; i++) body += USCC_CHARS[rng.int(0, USCC_CHARS.length - 1)]
  } else {
    body = ''
    for (let i = 0; i < 8; i++) body += String(rng.int(i === 0 ? 1 : 0, 9))
  }
  const value = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55)
  const s = [...body].reduce((acc, c, i) => acc + value(c) * ORG_WEIGHTS[i]!, 0)
  const c9 = 11 - (s % 11)
  return body + (c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9))
}

/** A valid 统一社会信用代码 for an enterprise (登记管理部门 9, 类别 1) registered in `district`. */
function creditCodeFor(rng: Rng, district: string): string {
  const first17 = `91${district}${organisationCode(rng)}`
  return first17 + creditCodeCheckChar(first17)
}

// ---- teams --------------------------------------------------------------------------

function planTeams(rng: Rng): PlanTeam[] {
  return DEMO_TEAMS.map((def, index) => {
    const menu = def.menu.map((k) => MENU_DISHES[k] as MenuDish)
    return { index, def, contactPhone: mobile(rng), menu, offered: new Set(menu.flatMap((d) => d.serviceKinds)) }
  })
}

const inJurisdiction = (t: PlanTeam, district: string) => t.def.level === 'city' || t.def.districtCode === district

/** What a demand asks for, as far as choosing a team goes. */
interface Ask {
  district: string
  industry: Industry
  kinds: readonly ServiceKind[]
  skills: readonly string[]
}

/** The hard filters of the matcher, as the plan knows them: jurisdiction and a requested kind on the menu. */
function eligibleTeams(teams: PlanTeam[], ask: Ask, exclude: ReadonlySet<number> = new Set()): PlanTeam[] {
  return teams.filter((t) => !exclude.has(t.index) && inJurisdiction(t, ask.district) && ask.kinds.some((k) => t.offered.has(k)))
}

/**
 * How well a team suits a demand, as a dispatcher reading the matcher's reasons would see
 * it: a dish offering a requested kind with a requested skill (+2), and the industry named
 * by the team or that dish (+2) or a dish for any industry (+1).
 */
function suitability(t: PlanTeam, ask: Ask): number {
  const dishes = t.menu.filter((d) => d.serviceKinds.some((k) => ask.kinds.includes(k)))
  const skill = dishes.some((d) => d.skills.some((s) => ask.skills.includes(s))) ? 2 : 0
  const industry =
    t.def.industries.includes(ask.industry) || dishes.some((d) => d.industries.includes(ask.industry))
      ? 2
      : t.def.industries.length === 0 || dishes.some((d) => d.industries.length === 0)
        ? 1
        : 0
  return skill + industry
}

/** A plausible dispatcher's choice: among the best-suited teams, the local one a bit more often. */
function chooseTeam(rng: Rng, candidates: PlanTeam[], ask: Ask): PlanTeam | undefined {
  if (candidates.length === 0) return undefined
  const best = Math.max(...candidates.map((t) => suitability(t, ask)))
  const pool = candidates.filter((t) => suitability(t, ask) === best)
  return rng.weighted(pool.map((t) => [t, t.def.level === 'district' ? 3 : 2] as const))
}

// ---- enterprises --------------------------------------------------------------------

const ROADS = ['一路', '二路', '三路', '四路', '五路', '六路', '东路', '西路', '南路', '北路']

function planEnterprises(rng: Rng): PlanEnterprise[] {
  const out: PlanEnterprise[] = []
  const names = new Set<string>()
  const codes = new Set<string>()
  for (const d of DISTRICT_PROFILES) {
    for (let i = 0; i < d.enterprises; i++) {
      const industry = rng.weighted(d.industries)
      const size = rng.weighted(SIZE_WEIGHTS)
      let name = ''
      let brand = ''
      for (let tries = 0; tries < 100 && (name === '' || names.has(name)); tries++) {
        brand = rng.pick(BRAND_FIRST) + rng.pick(BRAND_SECOND)
        if (brand[0] === brand[1]) continue
        const word = rng.pick(INDUSTRY_WORDS[industry])
        const tech = word.includes('科技') ? '' : '科技'
        if (size === 'large') name = rng.chance(0.5) ? `广东${brand}${word}股份有限公司` : `汕头市${brand}${word}集团有限公司`
        else {
          const f = rng.next()
          name = f < 0.5 ? `汕头市${brand}${word}有限公司` : f < 0.8 ? `汕头市${d.name}${brand}${word}有限公司` : `汕头${brand}${word}${tech}有限公司`
        }
      }
      names.add(name)
      const short = name.replace(/^(广东|汕头市|汕头)/, '').replace(d.name, '').replace(/(股份|集团)?有限公司$/, '')
      let creditCode = creditCodeFor(rng, d.code)
      while (codes.has(creditCode)) creditCode = creditCodeFor(rng, d.code)
      codes.add(creditCode)
      const place = rng.pick(d.places)
      const site = rng.pick(place.sites)
      const number = rng.int(1, 168)
      const address = /[路街]$/.test(site)
        ? `汕头市${d.name}${place.town}${site}${number}号`
        : rng.chance(0.5)
          ? `汕头市${d.name}${place.town}${site}${rng.pick(ROADS)}${number}号`
          : `汕头市${d.name}${place.town}${site}${rng.int(1, 12)}栋`
      // 专精特新: more likely for medium firms and in the new-industry clusters.
      const newCluster = ['new_energy', 'new_materials', 'electronic_information', 'health'].includes(industry)
      const pSpecialized = { large: 0.2, medium: 0.35, small: 0.15, micro: 0.04 }[size] + (newCluster ? 0.1 : 0)
      out.push({
        index: out.length,
        name,
        short,
        creditCode,
        districtCode: d.code,
        address,
        industry,
        size,
        specialized: rng.chance(pSpecialized),
        contact: { name: personName(rng), phone: rng.chance(0.8) ? mobile(rng) : landline(rng) },
        served: false,
      })
    }
  }
  return out
}

// ---- demands ------------------------------------------------------------------------

function templatesFor(industry: Industry): DemandTemplate[] {
  return DEMAND_TEMPLATES.filter((t) => t.industries.includes(industry))
}

function demandBody(rng: Rng, template: DemandTemplate): DemandBody {
  const vars: Record<string, string> = {}
  for (const [k, values] of Object.entries(template.vars ?? {})) vars[k] = rng.pick(values)
  const urgencyShift: Urgency[] = ['low', 'normal', 'high', 'critical']
  let urgency = template.urgency ?? 'normal'
  // Not every enterprise with the same problem is in the same hurry.
  if (rng.chance(0.25)) urgency = urgencyShift[Math.max(0, urgencyShift.indexOf(urgency) - 1)]!
  const body: DemandBody = {
    title: fill(template.title, vars),
    description: fill(template.description, vars),
    serviceKinds: [...template.serviceKinds],
    skills: [...template.skills],
    urgency,
  }
  if (template.trainees) body.traineesWanted = rng.int(template.trainees[0], template.trainees[1] + 5)
  if (template.hope && rng.chance(0.8)) body.estimatedBenefitYuan = Math.round(rng.int(template.hope[0], template.hope[1]) / 10_000) * 10_000
  return body
}

interface DemandDraft {
  fate: DemandFate
  owner: PlanEnterprise
  /** Some history before the final assignment. */
  prelude: 'none' | 'declined' | 'reassigned'
  /** For cancelled demands: when and by whom. */
  cancel?: 'ownerOpen' | 'ownerAssigned' | 'adminInProgress'
  declineReason?: DeclineReason
}

/**
 * The team that declines first, fitting the reason it gives: a team without the skills
 * (wrong_skills), a city team based in another district (too_far), or one of the suitable
 * teams that is busy or must stand aside (no_capacity, other). Falls back to no_capacity.
 */
function decliner(rng: Rng, candidates: PlanTeam[], ask: Ask, wanted: DeclineReason): { team: PlanTeam; reasonCode: DeclineReason; note?: string } {
  const best = Math.max(...candidates.map((t) => suitability(t, ask)))
  const pools: Record<DeclineReason, PlanTeam[]> = {
    wrong_skills: candidates.filter((t) => suitability(t, ask) < best && suitability(t, ask) < 4),
    too_far: candidates.filter((t) => t.def.level === 'city' && t.def.districtCode !== ask.district),
    no_capacity: candidates,
    other: candidates,
  }
  const reasonCode: DeclineReason = pools[wanted].length && candidates.length >= 2 ? wanted : 'no_capacity'
  const team = reasonCode === 'no_capacity' || reasonCode === 'other' ? chooseTeam(rng, candidates, ask)! : rng.pick(pools[reasonCode])
  // (The island note is for 南澳 only.)
  const notes = DECLINE_NOTES[reasonCode].filter((n) => ask.district === '440523' || !n.includes('海岛'))
  const note = rng.pick(notes)
  return reasonCode === 'other' || rng.chance(0.7) ? { team, reasonCode, note } : { team, reasonCode }
}

// ---- the plan -----------------------------------------------------------------------

export function buildDemoPlan(seed: string = DEMO_SEED): DemoPlan {
  checkDesign()
  const root = createRng(seed)
  const teams = planTeams(root.fork('teams'))
  const enterprises = planEnterprises(root.fork('enterprises'))
  const { demands, completions } = planDemands(root.fork('demands'), teams, enterprises)
  const activities = planActivities(root.fork('activities'), teams, enterprises, demands, completions)
  const plan: DemoPlan = { teams, enterprises, demands, activities }
  assertPlan(plan)
  return plan
}

function planDemands(rng: Rng, teams: PlanTeam[], enterprises: PlanEnterprise[]) {
  const D = DESIGN.demands
  // Enterprises that can post an order that at least two teams may take and one suits well.
  const askOf = (e: PlanEnterprise, t: DemandTemplate): Ask => ({ district: e.districtCode, industry: e.industry, kinds: t.serviceKinds, skills: t.skills })
  const bestSuitability = (c: PlanTeam[], ask: Ask) => Math.max(-1, ...c.map((x) => suitability(x, ask)))
  const canOrder = (e: PlanEnterprise) =>
    templatesFor(e.industry).some((t) => {
      const c = eligibleTeams(teams, askOf(e, t))
      return c.length >= 2 && bestSuitability(c, askOf(e, t)) >= 3
    })
  const orderers = rng.shuffle(enterprises.filter(canOrder))
  const need = DESIGN.completedOwners + D.inProgressTrained + DESIGN.pendingOnlyOwners
  if (orderers.length < need) throw new Error(`only ${orderers.length} enterprises can order, ${need} needed`)
  const completedOwners = orderers.slice(0, DESIGN.completedOwners)
  const trainedOwners = orderers.slice(DESIGN.completedOwners, DESIGN.completedOwners + D.inProgressTrained)
  const pendingOnly = orderers.slice(DESIGN.completedOwners + D.inProgressTrained, need)

  // Who orders what, and how it ends.
  const drafts: DemandDraft[] = []
  const completedFates: DemandFate[] = rng.shuffle([...Array<DemandFate>(D.solved).fill('solved'), ...Array<DemandFate>(D.unsolved).fill('unsolved')])
  const completedBy = [...completedOwners, ...rng.sample(completedOwners, completedFates.length - completedOwners.length)]
  completedFates.forEach((fate, i) => drafts.push({ fate, owner: completedBy[i]!, prelude: 'none' }))
  for (const owner of trainedOwners) drafts.push({ fate: 'inProgressTrained', owner, prelude: 'none' })
  const pendingFates: DemandFate[] = [
    ...Array<DemandFate>(D.inProgress).fill('inProgress'),
    ...Array<DemandFate>(D.accepted).fill('accepted'),
    ...Array<DemandFate>(D.assigned).fill('assigned'),
    ...Array<DemandFate>(D.open).fill('open'),
    ...Array<DemandFate>(D.cancelled).fill('cancelled'),
  ]
  const pendingBy = rng.shuffle([...pendingOnly, ...rng.sample(completedOwners, DESIGN.pendingFromServedOwners)])
  if (pendingBy.length !== pendingFates.length) throw new Error('pending owners and pending demands differ in number')
  rng.shuffle(pendingFates).forEach((fate, i) => drafts.push({ fate, owner: pendingBy[i]!, prelude: 'none' }))

  // Histories: a few completed demands were declined or reassigned first; open ones may be back in the queue.
  const completedDrafts = drafts.filter((d) => d.fate === 'solved' || d.fate === 'unsolved')
  const withPrelude = rng.sample(completedDrafts, 11)
  withPrelude.forEach((d, i) => (d.prelude = i < 8 ? 'declined' : 'reassigned'))
  const openDrafts = drafts.filter((d) => d.fate === 'open')
  openDrafts.slice(0, 4).forEach((d) => (d.prelude = 'declined'))
  openDrafts.slice(4, 6).forEach((d) => (d.prelude = 'reassigned'))
  const accepted = drafts.find((d) => d.fate === 'accepted')
  if (accepted) accepted.prelude = 'declined'
  // Decline reasons: every code of GET /v1/codes/declineReason shows up.
  const declined = drafts.filter((d) => d.prelude === 'declined')
  const reasons: DeclineReason[] = ['wrong_skills', 'no_capacity', 'too_far', 'other']
  rng.shuffle(declined).forEach((d, i) => (d.declineReason = reasons[i % reasons.length]))
  const cancelledDrafts = drafts.filter((d) => d.fate === 'cancelled')
  cancelledDrafts.forEach((d, i) => (d.cancel = i < 3 ? 'ownerOpen' : i < 5 ? 'ownerAssigned' : 'adminInProgress'))

  // Order of play: demands that end free of a team first, then those that keep one (so the
  // teams' capacity is only ever taken by the final active assignments, plus one at a time).
  const holdsTeam = (f: DemandFate) => f === 'inProgressTrained' || f === 'inProgress' || f === 'accepted' || f === 'assigned'
  const ordered = [...rng.shuffle(drafts.filter((d) => !holdsTeam(d.fate))), ...rng.shuffle(drafts.filter((d) => holdsTeam(d.fate)))]

  const load = new Map<number, number>()
  const hasRoom = (t: PlanTeam) => (load.get(t.index) ?? 0) < t.def.capacity
  const demands: PlanDemand[] = []
  const completions: { demand: PlanDemand; outcome: Completion }[] = []

  for (const draft of ordered) {
    const owner = draft.owner
    const needsTwo = draft.prelude !== 'none'
    const keeps = holdsTeam(draft.fate)
    // A template whose kinds enough teams (with room, if the demand keeps one) can serve,
    // preferably one a team suits well. Orders trained for while in progress ask for training.
    const teamsFor = (t: DemandTemplate, exclude: ReadonlySet<number> = new Set()) =>
      eligibleTeams(teams, askOf(owner, t), exclude).filter((x) => !keeps || hasRoom(x))
    const usable = (t: DemandTemplate, minBest: number) => {
      const c = teamsFor(t)
      return c.length >= (needsTwo ? 2 : 1) && bestSuitability(c, askOf(owner, t)) >= minBest
    }
    const options = rng.shuffle(templatesFor(owner.industry)).filter((t) => draft.fate !== 'inProgressTrained' || t.trainees)
    const template = options.find((t) => usable(t, 3)) ?? options.find((t) => usable(t, 0))
    if (!template) throw new Error(`no template and team for ${owner.name}`)
    const body = demandBody(rng, template)
    const ask = askOf(owner, template)
    const steps: Step[] = []
    const exclude = new Set<number>()

    if (draft.prelude === 'declined') {
      const first = decliner(rng, teamsFor(template), ask, draft.declineReason ?? 'no_capacity')
      steps.push({ do: 'assign', team: first.team.index }, { do: 'decline', reasonCode: first.reasonCode, ...(first.note ? { note: first.note } : {}) })
      exclude.add(first.team.index)
    } else if (draft.prelude === 'reassigned') {
      const first = chooseTeam(rng, teamsFor(template), ask)!
      steps.push({ do: 'assign', team: first.index }, { do: 'cancelAssignment', reason: rng.pick(ASSIGNMENT_CANCEL_REASONS) })
      exclude.add(first.index)
    }

    let team: PlanTeam | null = null
    const pickFinal = () => {
      const t = chooseTeam(rng, teamsFor(template, exclude), ask)
      if (!t) throw new Error(`no team left for "${body.title}" of ${owner.name}`)
      return t
    }

    switch (draft.fate) {
      case 'solved':
      case 'unsolved': {
        team = pickFinal()
        steps.push({ do: 'assign', team: team.index }, { do: 'accept' })
        if (rng.chance(0.7)) steps.push({ do: 'start' })
        const serviceKind = body.serviceKinds.find((k) => team!.offered.has(k)) ?? body.serviceKinds[0]!
        const outcome: Completion = { solved: draft.fate === 'solved', serviceKind, traineeCount: 0, completedOn: randomDay(rng, FIRST_DAY + 9), summary: '' }
        steps.push({ do: 'complete', outcome })
        break
      }
      case 'inProgressTrained':
      case 'inProgress':
        team = pickFinal()
        steps.push({ do: 'assign', team: team.index }, { do: 'accept' }, { do: 'start' })
        break
      case 'accepted':
        team = pickFinal()
        steps.push({ do: 'assign', team: team.index }, { do: 'accept' })
        break
      case 'assigned':
        team = pickFinal()
        steps.push({ do: 'assign', team: team.index })
        break
      case 'open':
        break
      case 'cancelled': {
        const by = draft.cancel === 'adminInProgress' ? 'admin' : 'enterprise'
        if (draft.cancel !== 'ownerOpen') {
          const t = pickFinal()
          steps.push({ do: 'assign', team: t.index })
          if (draft.cancel === 'adminInProgress') steps.push({ do: 'accept' }, { do: 'start' })
        }
        steps.push({ do: 'cancelDemand', by, reason: rng.pick(by === 'admin' ? DEMAND_CANCEL_REASONS_BY_ADMIN : DEMAND_CANCEL_REASONS_BY_ENTERPRISE) })
        break
      }
    }
    if (keeps && team) load.set(team.index, (load.get(team.index) ?? 0) + 1)

    const demand: PlanDemand = {
      index: demands.length,
      enterprise: owner.index,
      postedBy: rng.chance(0.15) ? 'admin' : 'enterprise',
      body,
      template,
      fate: draft.fate,
      team: team ? team.index : null,
      steps,
    }
    demands.push(demand)
    for (const s of steps) if (s.do === 'complete') completions.push({ demand, outcome: s.outcome })
  }

  fillCompletionFigures(rng, completions)
  addFeedback(rng, demands)
  for (const e of completedOwners) e.served = true
  for (const e of trainedOwners) e.served = true
  return { demands, completions }
}

/** Trainees, benefit and summaries of the completions, summing exactly to the design. */
function fillCompletionFigures(rng: Rng, completions: { demand: PlanDemand; outcome: Completion }[]) {
  const solved = completions.filter((c) => c.outcome.solved)
  // Trainees are reported where the work included teaching (the summary says so).
  const teaching = solved.filter((c) => c.demand.template.solved.includes('{n}'))
  const counts = partitionWithin(
    rng,
    DESIGN.trainees.completions,
    teaching.map((c) => {
      const [lo, hi] = c.demand.template.trainees ?? [2, 10]
      return [Math.max(1, lo), hi * 2] as const
    }),
  )
  teaching.forEach((c, i) => (c.outcome.traineeCount = counts[i]!))

  // Benefit: most solved demands report one; the recent ones as expected (预期), the rest as actual.
  const B = DESIGN.benefitRecords
  const withBenefit = rng.sample(solved, B.completionActual + B.completionExpected)
  const byDate = [...withBenefit].sort((a, b) => a.outcome.completedOn.localeCompare(b.outcome.completedOn) || a.demand.index - b.demand.index)
  const actual = byDate.slice(0, B.completionActual)
  const expected = byDate.slice(B.completionActual)
  const bounds = (c: { demand: PlanDemand }) => [5, Math.max(20, Math.round((c.demand.template.hope?.[1] ?? 100_000) / 1000))] as const
  const a = partitionWithin(rng, DESIGN.benefitThousands.completionActual, actual.map(bounds))
  const e = partitionWithin(rng, DESIGN.benefitThousands.completionExpected, expected.map(bounds))
  actual.forEach((c, i) => Object.assign(c.outcome, { benefitYuan: a[i]! * 1000, benefitKind: 'actual' }))
  expected.forEach((c, i) => Object.assign(c.outcome, { benefitYuan: e[i]! * 1000, benefitKind: 'expected' }))

  for (const c of completions) {
    const t = c.demand.template
    c.outcome.summary = c.outcome.solved ? withTrainees(t.solved, c.outcome.traineeCount) : t.unsolved
    if (c.outcome.benefitKind === 'expected') c.outcome.summary += `预计年新增效益约 ${c.outcome.benefitYuan! / 10_000} 万元。`
    else if (c.outcome.benefitKind === 'actual') c.outcome.summary += `经企业核算，已产生经济效益约 ${c.outcome.benefitYuan! / 10_000} 万元。`
  }
}

function addFeedback(rng: Rng, demands: PlanDemand[]) {
  for (const d of demands) {
    const done = d.steps.find((s): s is Extract<Step, { do: 'complete' }> => s.do === 'complete')
    if (!done) continue
    const solved = done.outcome.solved
    if (!rng.chance(solved ? 0.82 : 0.85)) continue
    const rating = solved ? rng.weighted([[5, 70], [4, 25], [3, 5]] as const) : rng.weighted([[3, 40], [2, 45], [4, 10], [1, 5]] as const)
    const outcomeConfirmed = rng.chance(solved ? 0.94 : 0.9)
    const comment = !outcomeConfirmed ? rng.pick(OUTCOME_NOT_CONFIRMED_COMMENTS) : rng.chance(0.75) ? rng.pick(FEEDBACK_COMMENTS[rating]) : undefined
    d.steps.push(comment ? { do: 'feedback', rating, outcomeConfirmed, comment } : { do: 'feedback', rating, outcomeConfirmed })
  }
}

/** `partition` with a range per part; exact sum, throws when impossible. */
function partitionWithin(rng: Rng, total: number, bounds: readonly (readonly [number, number])[]): number[] {
  const lo = sum(bounds.map((b) => b[0]))
  const hi = sum(bounds.map((b) => b[1]))
  if (lo > total || hi < total) throw new Error(`cannot split ${total} within bounds summing to [${lo}, ${hi}]`)
  // Every part starts at its minimum; the rest is shared out in proportion to random weights
  // times each part's room, then topped up unit by unit where there is room left.
  const parts = bounds.map((b) => b[0])
  const weights = bounds.map((b) => (b[1] - b[0]) * (0.3 + rng.next()))
  const wsum = sum(weights)
  const rest = total - lo
  bounds.forEach((b, i) => (parts[i] = Math.min(b[1], b[0] + Math.floor((rest * weights[i]!) / wsum))))
  let left = total - sum(parts)
  while (left > 0) {
    const i = rng.int(0, parts.length - 1)
    if (parts[i]! < bounds[i]![1]) {
      parts[i]!++
      left--
    }
  }
  return parts
}

// ---- activities ---------------------------------------------------------------------

function planActivities(
  rng: Rng,
  teams: PlanTeam[],
  enterprises: PlanEnterprise[],
  demands: PlanDemand[],
  completions: { demand: PlanDemand; outcome: Completion }[],
): PlanActivity[] {
  const A = DESIGN.activities
  const acts: PlanActivity[] = []
  const push = (a: Omit<PlanActivity, 'index'>) => acts.push({ index: acts.length, ...a })

  // Diagnosis visits before a completed demand's hands-on work: linked, no figures of their own.
  const handsOn = completions.filter((c) => c.outcome.serviceKind !== 'training' && c.outcome.serviceKind !== 'exchange')
  for (const c of rng.sample(handsOn, A.diagnosis)) {
    const owner = enterprises[c.demand.enterprise]!
    const date = Math.max(FIRST_DAY, dayNumber(c.outcome.completedOn) - rng.int(6, 28))
    push({
      kind: 'diagnosis',
      team: c.demand.team!,
      date: isoOfDay(date),
      serviceKind: c.outcome.serviceKind,
      title: clip(fill(rng.pick(DIAGNOSIS_VISITS), { brand: owner.short, title: c.demand.body.title }), 100),
      districtCode: owner.districtCode,
      enterprises: [],
      demands: [c.demand.index],
      traineeCount: 0,
      onSiteProblemsSolved: [],
    })
  }

  // Training sessions for orders still in progress: linked, with trainees.
  const trained = demands.filter((d) => d.fate === 'inProgressTrained')
  const orderTrainees = partition(rng, DESIGN.trainees.orderTraining, trained.length, 6, 15)
  trained.forEach((d, i) => {
    const owner = enterprises[d.enterprise]!
    push({
      kind: 'orderTraining',
      team: d.team!,
      date: randomDay(rng, dayNumber('2024-04-08'), LAST_DAY),
      serviceKind: 'training',
      title: clip(fill(rng.pick(ORDER_TRAININGS), { brand: owner.short, title: d.body.title }), 100),
      districtCode: owner.districtCode,
      enterprises: [],
      demands: [d.index],
      traineeCount: orderTrainees[i]!,
      onSiteProblemsSolved: [],
    })
  })

  // Unlinked activities: one per team, the rest to the bigger teams.
  const slots: PlanTeam[] = [...teams]
  const extra = A.training + A.exchange + A.onSite - teams.length
  for (let i = 0; i < extra; i++) slots.push(rng.weighted(teams.map((t) => [t, t.def.capacity + (t.def.level === 'city' ? 2 : 0)] as const)))
  const shuffled = rng.shuffle(slots)
  const kinds: (ActivityKind | undefined)[] = shuffled.map(() => undefined)
  const quota = { training: A.training, exchange: A.exchange, onSite: A.onSite }
  // Teams with training on their menu run the trainings; city teams host most exchange meetings.
  shuffled.forEach((t, i) => {
    if (quota.training > 0 && t.offered.has('training') && rng.chance(0.6)) {
      kinds[i] = 'training'
      quota.training--
    } else if (quota.exchange > 0 && (t.def.level === 'city' || t.offered.has('exchange')) && rng.chance(0.35)) {
      kinds[i] = 'exchange'
      quota.exchange--
    }
  })
  shuffled.forEach((_t, i) => {
    if (kinds[i]) return
    const k = quota.onSite > 0 ? 'onSite' : quota.training > 0 ? 'training' : 'exchange'
    kinds[i] = k
    quota[k]--
  })

  // Where each industry's enterprises are: a city team goes where its industry is; a
  // district team works on the industries its district has.
  const present = new Map<string, number>()
  for (const e of enterprises) present.set(`${e.districtCode}:${e.industry}`, (present.get(`${e.districtCode}:${e.industry}`) ?? 0) + 1)
  const districtsOf = (industry: Industry) =>
    DISTRICT_PROFILES.map((d) => [d.code, present.get(`${d.code}:${industry}`) ?? 0] as const).filter(([, n]) => n > 0)
  const localIndustries = (team: PlanTeam) =>
    team.def.industries.map((ind) => [ind, present.get(`${team.def.districtCode}:${ind}`) ?? 0] as const).filter(([, n]) => n > 0)

  const unlinked: PlanActivity[] = []
  shuffled.forEach((team, i) => {
    const kind = kinds[i]!
    let industry: Industry | undefined
    let districtCode: string
    if (team.def.level === 'district') {
      const local = localIndustries(team)
      industry = local.length ? rng.weighted(local) : undefined
      districtCode = team.def.districtCode
    } else {
      const spread = team.def.industries.filter((ind) => districtsOf(ind).length > 0)
      industry = spread.length ? rng.pick(spread) : undefined
      districtCode = industry ? rng.weighted(districtsOf(industry)) : team.def.districtCode
    }
    // An on-site visit delivers one of the team's hands-on kinds.
    const handsOn = (['assistance', 'tackling', 'collaboration'] as const).filter((k) => team.offered.has(k))
    const serviceKind: ServiceKind = kind === 'training' ? 'training' : kind === 'exchange' ? 'exchange' : handsOn.length ? rng.pick(handsOn) : 'assistance'
    const a: PlanActivity = {
      index: -1,
      kind,
      team: team.index,
      date: randomDay(rng),
      serviceKind,
      title: '',
      districtCode,
      ...(industry ? { industry } : {}),
      enterprises: [],
      demands: [],
      traineeCount: 0,
      onSiteProblemsSolved: [],
    }
    unlinked.push(a)
  })
  listEnterprises(rng, teams, enterprises, unlinked, new Set(demands.map((d) => d.enterprise)))

  // Figures of the unlinked activities.
  const ofKind = (k: ActivityKind) => unlinked.filter((a) => a.kind === k)
  const trainings = ofKind('training')
  const exchanges = ofKind('exchange')
  const visits = ofKind('onSite')
  partition(rng, DESIGN.trainees.training, trainings.length, 20, 120).forEach((n, i) => (trainings[i]!.traineeCount = n))
  partition(rng, DESIGN.trainees.exchange, exchanges.length, 6, 30).forEach((n, i) => (exchanges[i]!.traineeCount = n))
  partition(rng, DESIGN.trainees.onSite, visits.length, 0, 15).forEach((n, i) => (visits[i]!.traineeCount = n))
  const problemCounts = partition(rng, DESIGN.onSiteProblems, visits.length, 1, 4)
  visits.forEach((a, i) => (a.onSiteProblemsSolved = onSiteProblems(rng, a, enterprises, problemCounts[i]!)))
  const B = DESIGN.benefitRecords
  const paying = rng.sample(visits, B.activityActual + B.activityExpected).sort((x, y) => x.date.localeCompare(y.date))
  const act = partition(rng, DESIGN.benefitThousands.activityActual, B.activityActual, 8, 60)
  const exp = partition(rng, DESIGN.benefitThousands.activityExpected, B.activityExpected, 10, 50)
  paying.forEach((a, i) => {
    if (i < B.activityActual) Object.assign(a, { benefitYuan: act[i]! * 1000, benefitKind: 'actual' })
    else Object.assign(a, { benefitYuan: exp[i - B.activityActual]! * 1000, benefitKind: 'expected' })
  })

  for (const a of unlinked) {
    a.title = activityTitle(rng, a, teams[a.team]!, enterprises)
    push({ ...a })
  }
  // Chronological, as a ledger reads.
  acts.sort((x, y) => x.date.localeCompare(y.date) || x.index - y.index)
  acts.forEach((a, i) => (a.index = i))
  return acts
}

/**
 * Lists enterprises on the unlinked activities so that every enterprise the plan serves
 * and that no completion or linked demand reaches is listed at least once, and no
 * unserved one ever is. Then tops activities up with repeat visits of served enterprises.
 */
function listEnterprises(rng: Rng, teams: PlanTeam[], enterprises: PlanEnterprise[], acts: PlanActivity[], orderers: ReadonlySet<number>) {
  const unservedWanted = enterprises.length - SEED_TABLE.enterprisesServed
  // Already served (completions, linked demands); the rest, in random order.
  const reached = enterprises.filter((e) => e.served)
  const free = rng.shuffle(enterprises.filter((e) => !e.served))
  // Owners whose orders are all still pending stay unserved; of the enterprises that never
  // ordered, enough stay idle (registered, not yet reached) to leave exactly `unservedWanted`.
  const pendingOnly = free.filter((e) => orderers.has(e.index)).length
  const idle = unservedWanted - pendingOnly
  if (idle < 0) throw new Error(`${pendingOnly} pending-only owners exceed the ${unservedWanted} unserved enterprises`)
  const toList = free.filter((e) => !orderers.has(e.index)).slice(idle)
  for (const e of toList) e.served = true

  const target = new Map<PlanActivity, number>()
  for (const a of acts) target.set(a, a.kind === 'training' ? rng.int(8, 18) : a.kind === 'exchange' ? rng.int(6, 14) : rng.weighted([[1, 50], [2, 35], [3, 15]] as const))
  const isCity = (a: PlanActivity) => teams[a.team]!.def.level === 'city'
  const industryOk = (a: PlanActivity, e: PlanEnterprise) => a.industry === undefined || a.industry === e.industry
  const fill = (a: PlanActivity) => a.enterprises.length / target.get(a)!

  const place = (e: PlanEnterprise) => {
    const tiers: ((a: PlanActivity) => boolean)[] = [
      (a) => a.districtCode === e.districtCode && industryOk(a, e) && a.enterprises.length < target.get(a)!,
      (a) => isCity(a) && industryOk(a, e) && a.enterprises.length < target.get(a)!,
      (a) => a.districtCode === e.districtCode && a.kind !== 'onSite' && a.enterprises.length < target.get(a)!,
      (a) => (a.districtCode === e.districtCode || isCity(a)) && industryOk(a, e),
      (a) => a.districtCode === e.districtCode && a.kind !== 'onSite',
      (a) => isCity(a) && a.kind !== 'onSite',
    ]
    for (const tier of tiers) {
      const c = acts.filter(tier)
      if (c.length === 0) continue
      const least = Math.min(...c.map(fill))
      const best = c.filter((a) => fill(a) === least)
      rng.pick(best).enterprises.push(e.index)
      return
    }
    throw new Error(`nowhere to list ${e.name}`)
  }
  for (const e of toList) place(e)

  // Repeat visits: served enterprises come again to other trainings and meetings.
  const served = [...reached, ...toList]
  for (const a of rng.shuffle(acts)) {
    const room = target.get(a)! - a.enterprises.length
    if (room <= 0) continue
    const pool = served.filter((e) => !a.enterprises.includes(e.index) && industryOk(a, e) && (a.districtCode === e.districtCode || (isCity(a) && a.kind !== 'onSite')))
    a.enterprises.push(...rng.sample(pool, room).map((e) => e.index))
    // A visit needs a host: failing one of its industry, a local enterprise of any other.
    if (a.enterprises.length === 0) a.enterprises.push(rng.pick(served.filter((e) => e.districtCode === a.districtCode)).index)
  }
}

function onSiteProblems(rng: Rng, a: PlanActivity, enterprises: PlanEnterprise[], n: number): string[] {
  const hosts = a.enterprises.map((i) => enterprises[i]!)
  const pool = [...new Set([...(ON_SITE_PROBLEMS[a.industry ?? hosts[0]?.industry ?? ''] ?? []), ...(ON_SITE_PROBLEMS[''] ?? [])])]
  return rng.sample(pool, n).map((p, i) => {
    const host = hosts[i % Math.max(1, hosts.length)]
    return host ? `${host.short}：${p}` : p
  })
}

function activityTitle(rng: Rng, a: PlanActivity, team: PlanTeam, enterprises: PlanEnterprise[]): string {
  const host = enterprises[a.enterprises[0] ?? -1]
  const industry = a.industry ?? host?.industry
  const vars = {
    industry: industry ? industryZh(industry) : '',
    district: districtName(a.districtCode),
    brand: host ? host.short : '企业',
    // A skill of a dish for the host's industry (or for any), else any of the team's.
    skill: rng.pick(
      ((h) => (h.length ? h : team.menu).flatMap((d) => d.skills))(team.menu.filter((d) => d.industries.length === 0 || (industry !== undefined && d.industries.includes(industry)))),
    ),
  }
  const year = a.date.slice(0, 4)
  switch (a.kind) {
    case 'training': {
      // The course of a dish the team cooks for this industry (or for any), else a general one.
      const dishes = team.menu.filter((d) => d.course && (!industry || d.industries.length === 0 || d.industries.includes(industry)))
      const courses = dishes.length ? dishes.map((d) => d.course!) : (TRAINING_COURSES[industry ?? ''] ?? TRAINING_COURSES[''] ?? ['职工技能提升培训'])
      const course = rng.pick(courses)
      return clip(rng.chance(0.5) ? `${year}年${course}（${vars.district}）` : course, 100)
    }
    case 'exchange':
      return clip(fill(rng.pick(EXCHANGE_MEETINGS), vars), 100)
    default: {
      const several = a.enterprises.length > 1
      return clip(fill(rng.pick(ON_SITE_VISITS.filter((t) => t.includes('等') === several)), vars), 100)
    }
  }
}

// ---- recount ------------------------------------------------------------------------

/** The figures of the plan by API.md's counting rules (no period), counted afresh. */
export function countFigures(plan: DemoPlan): PlanFigures {
  const f: PlanFigures = {
    teams: plan.teams.length,
    activities: plan.activities.length,
    problemsSolved: 0,
    workersTrained: 0,
    enterprisesServed: 0,
    enterpriseVisits: 0,
    benefitYuan: { actual: 0, expected: 0, total: 0 },
  }
  const served = new Set<number>()
  const benefit = (yuan: number | undefined, kind: BenefitKind | undefined) => {
    if (yuan === undefined || kind === undefined) return
    f.benefitYuan[kind] += yuan
    f.benefitYuan.total += yuan
  }
  for (const a of plan.activities) {
    f.problemsSolved += a.onSiteProblemsSolved.length
    f.workersTrained += a.traineeCount
    benefit(a.benefitYuan, a.benefitKind)
    const touched = new Set([...a.enterprises, ...a.demands.map((d) => plan.demands[d]!.enterprise)])
    f.enterpriseVisits += touched.size
    for (const e of touched) served.add(e)
  }
  for (const d of plan.demands) {
    for (const s of d.steps) {
      if (s.do !== 'complete') continue
      if (s.outcome.solved) f.problemsSolved++
      f.workersTrained += s.outcome.traineeCount
      benefit(s.outcome.benefitYuan, s.outcome.benefitKind)
      f.enterpriseVisits++
      served.add(d.enterprise)
    }
  }
  f.enterprisesServed = served.size
  return f
}

/** The plan reproduces the seed's table and keeps the API's rules, or the build fails here. */
function assertPlan(plan: DemoPlan) {
  const f = countFigures(plan)
  const want = SEED_TABLE
  const got = { teams: f.teams, activities: f.activities, problemsSolved: f.problemsSolved, workersTrained: f.workersTrained, enterprisesServed: f.enterprisesServed, benefitYuan: f.benefitYuan.total }
  const off = (Object.keys(want) as (keyof typeof want)[]).filter((k) => got[k] !== want[k])
  if (off.length) throw new Error(`demo plan misses the seed table: ${off.map((k) => `${k} ${got[k]} ≠ ${want[k]}`).join(', ')}`)
  if (f.benefitYuan.actual === 0 || f.benefitYuan.expected === 0) throw new Error('demo plan needs both actual and expected benefit')

  // The plan's own verdict on each enterprise agrees with the recount.
  const servedByPlan = plan.enterprises.filter((e) => e.served).length
  if (servedByPlan !== f.enterprisesServed) throw new Error(`plan marks ${servedByPlan} enterprises served, recount finds ${f.enterprisesServed}`)

  // Each demand's outcome is reported once: a completion with figures and a linked activity with figures never meet.
  const reports = (a: { traineeCount: number; benefitYuan?: number | undefined; problems: number }) => a.traineeCount > 0 || (a.benefitYuan ?? 0) > 0 || a.problems > 0
  for (const a of plan.activities) {
    if (!reports({ traineeCount: a.traineeCount, benefitYuan: a.benefitYuan, problems: a.onSiteProblemsSolved.length })) continue
    for (const di of a.demands) {
      const done = plan.demands[di]!.steps.find((s): s is Extract<Step, { do: 'complete' }> => s.do === 'complete')
      if (done && reports({ traineeCount: done.outcome.traineeCount, benefitYuan: done.outcome.benefitYuan, problems: done.outcome.solved ? 1 : 0 }))
        throw new Error(`activity ${a.index} and the completion of demand ${di} both report its outcome`)
    }
  }

  // Team capacity: the active assignments left at the end fit.
  const load = new Map<number, number>()
  for (const d of plan.demands) if (d.team !== null && ['inProgressTrained', 'inProgress', 'accepted', 'assigned'].includes(d.fate)) load.set(d.team, (load.get(d.team) ?? 0) + 1)
  for (const [t, n] of load) if (n > plan.teams[t]!.def.capacity) throw new Error(`team ${plan.teams[t]!.def.name} holds ${n} > capacity`)

  // Credit codes valid and unique.
  const codes = new Set(plan.enterprises.map((e) => e.creditCode))
  if (codes.size !== plan.enterprises.length) throw new Error('duplicate credit codes')
}
