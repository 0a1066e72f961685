// The rules of a field where someone chooses a console password (changing one's own, an administrator setting an
// account's first one): the length the server's contract demands (core/consoleApi.ts), checked before sending.
import type { FormRule } from 'antd';
import { MIN_PASSWORD_LENGTH, PASSWORD_TOO_SHORT } from '../../../core/consoleApi';

export const newPasswordRules = (requiredMessage: string): FormRule[] => [
  { required: true, message: requiredMessage },
  { min: MIN_PASSWORD_LENGTH, message: PASSWORD_TOO_SHORT },
];
