// Agencies (provinces, MOFA, the missions) and countries, named in English and Korean.
import { api } from './api.js';
import { h } from './dom.js';
import { placeOfZone } from './time.js';
import { humanize, missionKind } from './vocabulary.js';

let koreanRegions = null;
let englishRegions = null;
export function countryName(code, language = 'en') {
  try {
    if (language === 'ko') {
      koreanRegions ??= new Intl.DisplayNames(['ko'], { type: 'region' });
      return koreanRegions.of(code) ?? code;
    }
    englishRegions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return englishRegions.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The Korean name: the recorded one, else for a mission "주<country> 대한민국 <kind>". */
export function koreanName(agency) {
  if (agency.nameKo) return agency.nameKo;
  if (agency.kind === 'mission') {
    // The seed data has no Korean mission names: "주베트남 대한민국 대사관", "주미국 대한민국 총영사관 (Los Angeles)".
    const kind = missionKind(agency.missionKind)?.ko ?? '공관';
    const name = `주${countryName(agency.country, 'ko')} 대한민국 ${kind}`;
    return agency.missionKind === 'embassy' || !agency.city ? name : `${name} (${agency.city})`;
  }
  return null;
}

export async function loadAgencies() {
  const result = await api('/v1/agencies');
  const agencies = new Map();
  if (result.ok) for (const agency of result.data.items) agencies.set(agency.code, agency);
  return agencies;
}

/** `<span>English name <span lang="ko">한국어</span> (CODE)</span>` */
export function agencyLabel(agencies, code, { short = false } = {}) {
  const agency = agencies.get(code);
  if (agency === undefined) return h('span', { className: 'agency' }, code ?? '—');
  const ko = koreanName(agency);
  const english =
    short && agency.kind === 'mission' && agency.city
      ? `${agency.city} (${missionKind(agency.missionKind)?.en ?? humanize(agency.missionKind)})`
      : agency.name;
  return h(
    'span',
    { className: 'agency', title: code },
    h('span', { className: 'agency-en' }, english),
    ko ? [' ', h('span', { className: 'agency-ko', lang: 'ko' }, ko)] : null,
  );
}

/** The agency code in a user handle or an actor ("VN-HAN:mission_officer" → "VN-HAN"). */
export function agencyOf(actor) {
  return String(actor ?? '').split(':')[0];
}

/** The zone and place name of an agency, for `dualTime`. */
export function zoneOf(agencies, code) {
  const agency = agencies.get(code);
  if (agency === undefined) return null;
  return { timeZone: agency.timeZone, place: agency.city ?? placeOfZone(agency.timeZone) };
}
