import { monthlyStatementCard } from '../../../cards/monthlyStatement.js';
import type { Renderer } from './notifier.js';

/** The month-end statement's summary card, from its stored notice. */
export const statementRenderers: { 'statement.monthly': Renderer<'statement.monthly'> } = {
  'statement.monthly': (v, locale) => monthlyStatementCard(v, locale),
};
