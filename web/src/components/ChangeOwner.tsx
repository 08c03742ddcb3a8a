import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, message, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client.ts';
import { showSaveError } from '../api/formErrors.ts';
import { SaveDialog } from './SaveDialog.tsx';

export interface Assignee {
  id: string;
  name: string;
  role: string;
}
const POOL = '__pool';

/** Colleagues the signed-in user may give customers (or tasks) to, as the server decides. */
export const useAssignees = (kind: 'customer' | 'task') =>
  useQuery({
    queryKey: ['assignees', kind],
    queryFn: () => get<{ data: Assignee[] }>(`/assignees?for=${kind}`),
    staleTime: 300_000,
  });

/**
 * Gives one or many customers a new owner, or releases them to the pool (公海). The choices are the colleagues
 * within the user's reach; the server checks every file again and changes all or none.
 */
export function ChangeOwnerButton(props: {
  ids: string[];
  currentOwnerId?: string | null;
  size?: 'small' | 'middle';
  onDone?: () => unknown;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [owner, setOwner] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const people = useAssignees('customer');
  const bulk = props.ids.length > 1;
  const save = async () => {
    if (!owner) {
      message.warning(t('owners.choose'));
      return;
    }
    setBusy(true);
    try {
      const r = await post<{ updated: number }>('/customers/owner', {
        ids: props.ids,
        ownerId: owner === POOL ? null : owner,
      });
      message.success(t('owners.changed', { count: r.updated }));
      setOpen(false);
      await Promise.all(
        ['customers', 'customer', 'timeline', 'audit'].map((k) => client.invalidateQueries({ queryKey: [k] })),
      );
      await props.onDone?.();
    } catch (e) {
      showSaveError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size={props.size}
        data-testid="change-owner"
        onClick={() => {
          setOwner(undefined);
          setOpen(true);
        }}
      >
        {bulk ? t('owners.bulk', { count: props.ids.length }) : t('owners.change')}
      </Button>
      <SaveDialog
        open={open}
        title={bulk ? t('owners.bulkTitle', { count: props.ids.length }) : t('owners.change')}
        busy={busy}
        onOk={save}
        onCancel={() => setOpen(false)}
      >
        <p className="muted">{t('owners.explain')}</p>
        <Select
          showSearch
          autoFocus
          optionFilterProp="label"
          style={{ width: '100%' }}
          placeholder={t('owners.newOwner')}
          aria-label={t('owners.newOwner')}
          data-testid="owner-select"
          value={owner}
          onChange={setOwner}
          loading={people.isPending}
          options={[
            ...(people.data?.data ?? [])
              .filter((u) => bulk || u.id !== props.currentOwnerId)
              .map((u) => ({ value: u.id, label: `${u.name} · ${t(`settings.roles.${u.role}`)}` })),
            ...(props.currentOwnerId !== null ? [{ value: POOL, label: t('owners.pool') }] : []),
          ]}
        />
      </SaveDialog>
    </>
  );
}

/** The list's owner filter value for "no owner" (公海); the API takes it as `unowned=true`. */
export const UNOWNED = '__unowned';

/** Owner filter choices: the shared pool first, then everyone by name. */
export function ownerFilterOptions(users: { id: string; name: string }[], t: (k: string) => string) {
  return [{ value: UNOWNED, label: t('owners.poolFilter') }, ...users.map((u) => ({ value: u.id, label: u.name }))];
}

/** The list's filters as the API takes them: the pool choice becomes `unowned=true`. */
export function ownerQuery<F extends { ownerId?: string }>(f: F): F & { unowned?: string } {
  return f.ownerId === UNOWNED ? { ...f, ownerId: undefined, unowned: 'true' } : f;
}
