import missions from '../db/seed-data/missions.json' with { type: 'json' };

/** The overseas missions' codes (reference data seeded from src/db/seed-data/missions.json), for schemas to name. */
export const missionCodes = missions.map((mission) => mission.code) as [string, ...string[]];
