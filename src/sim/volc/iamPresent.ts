import { formatXDate } from '../../volc/signer.js';
import type { SimAccessKey, SimLoginProfile, SimUser } from './state.js';

export const iamDate = (d: Date): string => formatXDate(d);

export function presentUser(accountId: number, u: SimUser): Record<string, unknown> {
  return {
    Id: u.id,
    UserName: u.userName,
    AccountId: accountId,
    Trn: `trn:iam::${accountId}:user/${u.userName}`,
    DisplayName: u.displayName,
    Description: u.description,
    MobilePhone: u.mobilePhone,
    MobilePhoneIsVerify: false,
    Email: u.email,
    EmailIsVerify: false,
    CreateDate: iamDate(u.createDate),
    UpdateDate: iamDate(u.updateDate),
    Tags: u.tags,
  };
}

export function presentKey(k: SimAccessKey, withSecret = false): Record<string, unknown> {
  return {
    AccessKeyId: k.accessKeyId,
    ...(withSecret ? { SecretAccessKey: k.secretAccessKey } : {}),
    Status: k.status,
    UserName: k.userName ?? '',
    CreateDate: iamDate(k.createDate),
    UpdateDate: iamDate(k.updateDate),
  };
}

export function presentLoginProfile(p: SimLoginProfile, userId: number): Record<string, unknown> {
  return {
    UserName: p.userName,
    UserId: userId,
    LoginAllowed: p.loginAllowed,
    PasswordResetRequired: p.passwordResetRequired,
    LoginLocked: false,
    LastLoginDate: '',
    LastLoginIp: '',
    LastResetPasswordTime: 0,
    PasswordExpireAt: 0,
    SafeAuthFlag: false,
    SafeAuthType: '',
    SafeAuthExemptRequired: 0,
    SafeAuthExemptDuration: 0,
    SafeAuthExemptUnit: 0,
    CreateDate: iamDate(p.createDate),
    UpdateDate: iamDate(p.updateDate),
  };
}
