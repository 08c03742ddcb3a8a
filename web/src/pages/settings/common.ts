import { type Form, message } from 'antd';
import { ApiError } from '../../api/client.ts';

export const ROLES = ['owner', 'admin', 'manager', 'sales', 'service'];

/** Runs a settings write, shows the API's field errors on the form, then refreshes. */
export function useSubmit(after: () => Promise<unknown>) {
  return async (fn: () => Promise<unknown>, form?: ReturnType<typeof Form.useForm>[0]) => {
    try {
      await fn();
      message.success('✓');
      form?.resetFields();
      await after();
    } catch (e) {
      if (e instanceof ApiError && e.errors.length && form)
        form.setFields(e.errors.map((x) => ({ name: x.path.replace(/^body\./, ''), errors: [x.message] })));
      else message.error((e as Error).message);
    }
  };
}
