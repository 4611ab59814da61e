import { v7 } from 'uuid'

/** Time-ordered ids (UUIDv7): creation order is id order, which keyset pagination relies on. */
export const newId = (): string => v7()
