import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MissionCalendarSource } from '../../../src/calendar/index.js';

interface MissionRecord extends MissionCalendarSource {
  kind: string;
  name: string;
  city: string;
}

/** The seeded missions (the same file `npm start` seeds the agencies from). */
function loadMissions(): MissionRecord[] {
  const url = new URL('../../../src/db/seed-data/missions.json', import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as MissionRecord[];
}

export const missions = loadMissions();

export function mission(code: string): MissionRecord {
  const found = missions.find((m) => m.code === code);
  if (!found) throw new Error(`mission ${code} not in missions.json`);
  return found;
}

/** Local wall-clock reading `YYYY-MM-DD HH:MM:SS` of an instant in a time zone. */
export function local(instant: Date, timeZone: string): string {
  return instant.toLocaleString('sv-SE', { timeZone });
}

export const SEOUL = 'Asia/Seoul';
