import type { errors as zh } from '../zh/errors.js';

/** English: why a service refused (one key per ErrorReason). */
export const errors: Record<keyof typeof zh, string> = {
  'error.amount_invalid': 'amount must be > 0 with at most 2 decimals, ≤ {max}',
  'error.text_required': '{field} is required',
  'error.text_too_long': '{field} is longer than {max} characters',
  'error.date_invalid': 'a date is YYYY-MM-DD: {value}',
  'error.setting_invalid': 'invalid setting {field}: {cause}',
  'error.sub_account_not_found': 'sub-account not found: {id}',
  'error.sub_account_name_not_found': 'no sub-account named {name}',
  'error.sub_account_ambiguous': 'ambiguous name {name}, use {choices}',
  'error.sub_account_exists': 'sub-account {name} already exists',
  'error.sub_account_just_created': 'sub-account {name} was just created',
  'error.sub_account_already_managed': 'sub-account {name} is already managed',
  'error.sub_account_just_imported': 'sub-account {name} was just imported',
  'error.sub_account_missing_synced': 'sub-account {name} no longer exists on Volcengine (found by a sync)',
  'error.sub_account_missing': 'sub-account {name} no longer exists on Volcengine',
  'error.sub_account_changed_disable': '{name} changed during the disable; try again',
  'error.sub_account_changed_enable': '{name} changed during the enable; try again',
  'error.keys_keep_reenabled': 'the keys of {name} keep being switched back on',
  'error.api_keys_unreadable':
    'the access keys and login of {name} are off, but its API keys could not be read',
  'error.stuck_keys':
    'the earlier undelivered keys of {name} still cannot be deleted ({keys}), so no new key can be made; delete them in the Volcengine console and try again',
  'error.access_key_failed':
    'sub-account {name} was created and recorded, but creating its access key failed; creating it again makes only the key: {why}',
  'error.orphan_key':
    'recording {name} failed and its new key {key} could not be deleted (now {outcome}); delete it in the Volcengine console',
  'error.user_name_invalid': 'a user name is 1-64 letters, digits or ._@+=,-: {value}',
  'error.display_name_too_long': 'a display name is at most 128 characters',
  'error.policy_type_invalid': 'policy type must be System or Custom: {value}',
  'error.policy_name_invalid': 'invalid policy name: {value}',
  'error.project_name_invalid': 'a project name is 1-64 letters, digits or _.-: {value}',
  'error.policy_not_attached': 'policy {policy} is not attached to {name}',
  'error.policy_not_attached_in_project': 'policy {policy} is not attached to {name} in project {project}',
  'error.volc_user_not_found': 'no such user on Volcengine: {detail}',
  'error.volc_project_not_found': 'no such project on Volcengine: {detail} ({action}: {apiCode})',
  'error.volc_policy_not_found': 'no such policy on Volcengine: {detail} ({action}: {apiCode})',
  'error.volc_object_not_found': 'no such object on Volcengine: {detail} ({action}: {apiCode})',
  'error.volc_user_exists': 'the user already exists on Volcengine: {detail}',
  'error.volc_user_gone': 'user {name} no longer exists on Volcengine; run a sync',
  'error.volc_user_id_gone': 'no Volcengine user has the id {id} of {name} any more',
  'error.volc_rename_clash':
    '{name} was renamed {to} on Volcengine, but AirGate already records that name; run a sync',
  'error.sync_running': 'another sync ran at the same time; try again',
  'error.main_account_not_found': 'no main account {name}',
  'error.main_account_none': 'no Volcengine main account yet: set VOLC_* or add one',
  'error.main_account_ambiguous': 'several main accounts, name one: {names}',
  'error.project_added_elsewhere': 'project {project} is already added to {name}',
  'error.project_monitored_elsewhere':
    'project {project} is already monitored for sub-account {owner}; it cannot be added to {name}',
  'error.project_not_on_sub_account': 'sub-account {name} has no project {project}',
  'error.project_just_added': 'project {project} was just added',
  'error.request_id_reused': 'request id {requestId} already used for a different amount',
  'error.account_exists': 'an account named {name} exists',
  'error.account_not_found': 'no account named {name}',
  'error.account_id_not_found': 'no such account: {id}',
  'error.account_from_env_rotate': 'this account comes from VOLC_* variables; change them there',
  'error.account_from_env_remove': 'this account comes from VOLC_* variables; remove it there',
  'error.account_changed': 'the account changed meanwhile; try again',
  'error.account_has_sub_accounts': 'account {name} still has {count} sub-account(s)',
  'error.account_name_invalid': 'account name must be 1-64 letters, digits, _ -',
  'error.access_key_id_invalid': 'AccessKeyId looks wrong',
  'error.secret_access_key_invalid': 'SecretAccessKey looks wrong',
  'error.endpoint_invalid': 'endpoint must be a URL',
  'error.encryption_key_missing': 'AIRGATE_ENCRYPTION_KEY must be set to store a Volcengine secret',
  'error.volc_env_missing': 'VOLC_ACCESS_KEY_ID / VOLC_SECRET_ACCESS_KEY not set',
  'error.account_secret_missing': 'account {name} has no stored secret',
  'error.open_id_invalid': 'invalid Feishu open_id: {value}',
  'error.roles_invalid': 'roles must be some of {roles}',
  'error.member_not_found': 'no member {openId}',
  'error.last_admin': 'cannot remove the last admin',
  'error.api_key_name_invalid': 'name must be 1-64 letters, digits, _ . -',
  'error.scopes_invalid': 'scopes must be some of {scopes}',
  'error.api_key_exists': 'an active API key named {name} exists',
  'error.api_key_not_found': 'no API key {ref}',
  'error.api_key_just_revoked': 'the key was revoked meanwhile',
  'error.database_unavailable': 'database not available: {where}: {why} (waited {seconds} s)',
  'error.sealed_malformed': 'sealed value is malformed',
  'error.sealed_tampered': 'sealed value failed authentication',
  'error.sealed_unknown_key': 'sealed with unknown key {keyId}',
  'error.no_such_endpoint': 'no such endpoint: {method} {path}',
  'error.main_account_name_not_found': 'no main account named {name}',
  'error.form_invalid': 'the form data is not valid',
  'error.form_unreadable': 'the form could not be read',
  'error.reason_required': 'please give a reason',
  'error.alert_type_unknown': 'unknown alert type',
  'error.sub_account_pick': 'pick a sub-account',
  'error.feishu_not_configured': 'Feishu is not configured',
  'error.setting_not_whole': 'setting {field} must be a whole number: {value}',
  'error.command_unknown': 'unknown command "{word}"',
  'error.command_missing': 'type a command',
  'error.quota_request_not_found': 'quota request not found: {id}',
  'error.request_cancel_not_requester': 'only the requester can cancel a request',
  'error.request_self_approve': 'you cannot approve your own request',
  'error.idempotency_key_invalid': 'Idempotency-Key must be printable ASCII',
  'error.idempotency_key_reused': 'this Idempotency-Key was used for a different request',
  'error.deduction_too_large':
    'deducting {requested} would take the remaining quota below zero; at most {max} can be deducted',
  'error.amount_not_a_number': 'invalid amount: {preview}',
  'error.amount_too_many_decimals': 'at most 2 decimals: {preview}',
  'error.amount_not_positive': 'amount must be greater than 0: {preview}',
  'error.amount_too_large': 'amount must not exceed {max}',
  'error.pending_limit_sub_account':
    '{name} already has {limit} pending requests; wait for a decision before filing another',
  'error.pending_limit_requester':
    'you already have {limit} pending requests; wait for a decision before filing another',
  'error.api_key_refused': 'invalid or revoked API key',
  'error.port_in_use':
    'port {port} on {host} is already in use: choose another (PORT or METRICS_PORT) or stop the process holding it',
  'error.approve_above_request':
    'only an admin may approve more than was requested ({asked}); you may approve up to {asked}',
  'error.project_attach_failed_undone':
    'attaching {policy} in project {project} failed; {undone} detached again; the project was not added: {cause}',
  'error.project_attach_failed_nothing':
    'attaching {policy} in project {project} failed; nothing had been attached; the project was not added: {cause}',
  'error.project_attach_failed_stuck':
    'attaching {policy} in project {project} failed; detaching {stuck} failed too: the project stays recorded with them, removing it cleans up: {cause}',
  'error.migration_lock_timeout':
    'timed out after {seconds} seconds waiting for another process to finish migrating',
  'error.cycle_taken_over': 'the spending cycle was taken over by another process (fence {fence} → {now})',
  'error.duplicate_record':
    'this duplicates an existing record (a name or request id already in use); nothing was changed',
  'error.thresholds_invalid': '1 to 10 whole percents between 1 and 99',
  'error.request_expiry_too_long': 'at most {max} hours (14 days): Feishu updates a card for 14 days only',
  'error.chat_amount_invalid':
    'invalid amount: {preview}. an amount is a number > 0 with at most 2 decimals: 100, 100.5, ¥100, 1,000 or 1万',
  'error.chat_amount_not_positive':
    'the amount must be greater than 0: {preview}. an amount is a number > 0 with at most 2 decimals: 100, 100.5, ¥100, 1,000 or 1万',
  'error.chat_amount_too_many_decimals':
    'at most 2 decimals: {preview}. an amount is a number > 0 with at most 2 decimals: 100, 100.5, ¥100, 1,000 or 1万',
  'error.chat_amount_too_large':
    'the amount must not exceed {max}: {preview}. an amount is a number > 0 with at most 2 decimals: 100, 100.5, ¥100, 1,000 or 1万',
  'error.chat_thresholds_invalid':
    'invalid thresholds: {value}. write 50,80,90 (1 to 10 whole percents 1–99), or "default" to use the global ones',
  'error.enable_over_quota':
    'sub-account {name} has used {percent}% of its quota: enabled now, the next check disables it again. allocate quota first, or confirm to enable anyway',
  'error.statement_period_invalid': 'a month is YYYY-MM, e.g. 2026-11: {period}',
  'error.statement_not_final':
    'the {period} bill is final only after {finalAt} (Shanghai); the statement is written at the first check after that',
  'error.statement_not_written': 'no statement for {period} yet',
  'error.statement_account_unknown': 'no main account {account}',
  'error.request_withdraw_none': 'you have no pending quota request to withdraw',
  'error.request_withdraw_which':
    'you have several pending requests; say which to withdraw: {choices} (e.g. "withdraw {example}")',
};
