import { errorTextBoth } from '../../cards/lib/errorText.js';

/** The words a user reads for a refusal (REST and CLI show both languages): what service tests assert on. */
export const wordsOf = (err: unknown): string => errorTextBoth(err);

/** The words of the refusal a promise ends with; a promise that succeeds gives a marker no pattern matches. */
export const refusalOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => '(no refusal)',
    (err: unknown) => wordsOf(err),
  );
