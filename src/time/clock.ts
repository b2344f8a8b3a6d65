import type { Clock } from '../types/clock.js'
import { sleep } from './sleep.js'

export const systemClock: Clock = { now: () => Date.now(), sleep }
