/** What a member may be given and what an API key may carry: stored with them, checked by the policies. */
export const ROLES = ['admin', 'approver', 'lead', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const API_SCOPES = ['read', 'request', 'allocate', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
