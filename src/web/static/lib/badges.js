// Status and SLA badges: the text says it (colour only repeats it).
import { h } from './dom.js';

export function humanize(value) {
  return String(value ?? '').replace(/_/g, ' ');
}

const badgeTexts = {
  on_track: 'on track',
  at_risk: 'at risk',
  auto_closed: 'auto-closed',
  in_progress: 'in progress',
  info_requested: 'information requested',
};

export function badge(value, prefix) {
  const text = badgeTexts[value] ?? humanize(value);
  return h(
    'span',
    { className: `badge badge-${value}` },
    prefix ? h('span', { className: 'visually-hidden' }, `${prefix}: `) : null,
    text,
  );
}

export function statusBadge(request) {
  const status =
    request.status === 'closed' && request.outcome
      ? `closed · ${badgeTexts[request.outcome] ?? humanize(request.outcome)}`
      : humanize(request.status);
  return h(
    'span',
    { className: `badge badge-status badge-${request.status}` },
    h('span', { className: 'visually-hidden' }, 'Status: '),
    status,
  );
}

/** The SLA badge of an open request (a closed one has none). */
export function slaBadge(request) {
  return request.status === 'closed' ? null : badge(request.slaState, 'SLA');
}
