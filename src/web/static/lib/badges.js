// Status and SLA badges: the text says it (colour only repeats it).
import { h } from './dom.js';
import { word } from './vocabulary.js';

/** A badge for a value of a vocabulary, e.g. `badge('slaState', 'at_risk', 'SLA')`. */
export function badge(vocabulary, value, prefix) {
  return h(
    'span',
    { className: `badge badge-${value}` },
    prefix ? h('span', { className: 'visually-hidden' }, `${prefix}: `) : null,
    word(vocabulary, value),
  );
}

export function statusBadge(request) {
  const status =
    request.status === 'closed' && request.outcome
      ? `${word('requestStatus', 'closed')} · ${word('outcome', request.outcome)}`
      : word('requestStatus', request.status);
  return h(
    'span',
    { className: `badge badge-status badge-${request.status}` },
    h('span', { className: 'visually-hidden' }, 'Status: '),
    status,
  );
}

/** The SLA badge of an open request (a closed one has none, nor one whose SLA state is not shown to the caller). */
export function slaBadge(request) {
  return request.status === 'closed' || request.slaState === undefined
    ? null
    : badge('slaState', request.slaState, 'SLA');
}
