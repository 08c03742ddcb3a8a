import { useQueryClient } from '@tanstack/react-query';
import { type Form, message } from 'antd';
import { showSaveError } from '../../api/formErrors.ts';
import i18n from '../../i18n/index.ts';

export const ROLES = ['owner', 'admin', 'manager', 'sales', 'service'];

/** Runs a settings write, shows the API's field errors on the form, then refreshes the query it changed. */
export function useSubmit(queryKey: string) {
  const client = useQueryClient();
  return async (fn: () => Promise<unknown>, form?: ReturnType<typeof Form.useForm>[0]) => {
    try {
      await fn();
      message.success(i18n.t('common.saved'));
      form?.resetFields();
      await client.invalidateQueries({ queryKey: [queryKey] });
    } catch (e) {
      showSaveError(e, form);
    }
  };
}
