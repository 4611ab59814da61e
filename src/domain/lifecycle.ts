// The two state machines of API.md. A demand's status follows its active assignment.
import type { AssignmentStatus, DemandStatus } from './codes/codes.js'

export const DEMAND_TRANSITIONS: Readonly<Record<DemandStatus, readonly DemandStatus[]>> = {
  open: ['assigned', 'cancelled'],
  // Back to `open` when the assignment is declined or cancelled.
  assigned: ['accepted', 'open', 'cancelled'],
  // start is optional: accepted → completed directly.
  accepted: ['in_progress', 'completed', 'open', 'cancelled'],
  in_progress: ['completed', 'open', 'cancelled'],
  completed: [],
  cancelled: [],
}

export const ASSIGNMENT_TRANSITIONS: Readonly<Record<AssignmentStatus, readonly AssignmentStatus[]>> = {
  assigned: ['accepted', 'declined', 'cancelled'],
  accepted: ['in_progress', 'completed', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  declined: [],
  cancelled: [],
}

export const ACTIVE_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['assigned', 'accepted', 'in_progress']
export const FINAL_DEMAND_STATUSES: readonly DemandStatus[] = ['completed', 'cancelled']

export const canMoveDemand = (from: DemandStatus, to: DemandStatus) => DEMAND_TRANSITIONS[from].includes(to)
export const canMoveAssignment = (from: AssignmentStatus, to: AssignmentStatus) => ASSIGNMENT_TRANSITIONS[from].includes(to)
