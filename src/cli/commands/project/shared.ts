import { t } from '../../i18n.js';

export const userArg = t('子账号用户名', 'sub-account user name');
export const yes = () => t('是', 'yes');
export const no = () => t('否', 'no');
