/** Where a sub-account stands: a domain fact the watch decides on and the database stores. */
export const SUB_ACCOUNT_STATUSES = ['active', 'disabling', 'disabled', 'enabling', 'missing'] as const;
export type SubAccountStatus = (typeof SUB_ACCOUNT_STATUSES)[number];
