import type { ack as zh } from '../zh/ack.js';

/** English: a card click answered at once, its work following (the approval card's Approve). */
export const ack: Record<keyof typeof zh, string> = {
  'ack.approving': 'Approving {amount}… the card will show the outcome.',
  'ack.deciding': '{who} is approving this request ({amount}); the card will show the outcome.',
  'ack.decidingSelf': 'Your approval ({amount}) is being processed; the card will show the outcome.',
  'ack.refused': 'Your approval of {sub} {amount} did not go through: {reason} The request is still pending.',
  'ack.retrying':
    'Approving {sub} {amount} hit an error (event {ref}); it is being retried. If the card shows no outcome in a few minutes, press Approve again.',
  'ack.gaveUp':
    'Your approval of {sub} {amount} still failed after several retries (event {ref}); retrying has stopped and the request is still pending. Press Approve again; if it fails again, tell an admin.',
} as const;
