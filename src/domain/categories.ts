import categories from '../db/seed-data/categories.json' with { type: 'json' };

/** The request categories (reference data seeded from src/db/seed-data/categories.json), for schemas to name. */
export const categoryCodes = categories.map((category) => category.code) as [string, ...string[]];
