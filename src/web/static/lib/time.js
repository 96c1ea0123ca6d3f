// Times in the viewer's time zone with the other party's local time beside, relative times, durations.
import { h } from './dom.js';

const formatters = new Map();
function formatter(timeZone, withDate) {
  const key = `${timeZone}|${withDate}`;
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, format);
  }
  return format;
}

function dayKey(date, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export function placeOfZone(timeZone) {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

/**
 * A date in the viewer's time zone, and beside it the other party's local time when their zone
 * differs: `Fri 8 May 14:03:27 Seoul · 12:03:27 Hanoi`.
 */
export function dualTime(iso, viewer, other) {
  if (!iso) return h('span', {}, '—');
  const date = new Date(iso);
  const main = h(
    'time',
    { datetime: date.toISOString() },
    `${formatter(viewer.timeZone, true).format(date)} `,
    h('span', { className: 'zone' }, viewer.place ?? placeOfZone(viewer.timeZone)),
  );
  if (!other || other.timeZone === viewer.timeZone) return main;
  const sameDay = dayKey(date, other.timeZone) === dayKey(date, viewer.timeZone);
  return h(
    'span',
    { className: 'dual' },
    main,
    h(
      'span',
      { className: 'other-time' },
      ` · ${formatter(other.timeZone, !sameDay).format(date)} `,
      h('span', { className: 'zone' }, other.place ?? placeOfZone(other.timeZone)),
    ),
  );
}

export function relative(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  const units = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  const [size, unit] = units.find(([size]) => abs >= size) ?? [1_000, 's'];
  const amount = Math.round(abs / size);
  return ms >= 0 ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
}

export function duration(ms) {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round((minutes / 60) * 10) / 10;
  if (hours < 48) return `${hours} h`;
  return `${Math.round((hours / 24) * 10) / 10} d`;
}
