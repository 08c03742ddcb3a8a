import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from './api/client.ts';
import type { CustomField, Picklists, Product, User } from './api/types.ts';

type PicklistName = keyof Picklists;

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

const PHONE = '(max-width: 767px)';
/** A phone-sized screen (below antd's md): lists become cards, filters fold into a drawer. */
export function useIsPhone(): boolean {
  return useSyncExternalStore(
    (change) => {
      const mq = window.matchMedia(PHONE);
      mq.addEventListener('change', change);
      return () => mq.removeEventListener('change', change);
    },
    () => window.matchMedia(PHONE).matches,
  );
}

export const usePicklists = () =>
  useQuery({ queryKey: ['picklists'], queryFn: () => get<Picklists>('/picklists'), staleTime: 300_000 });
export const useFieldDefs = () =>
  useQuery({
    queryKey: ['fields'],
    queryFn: () => get<{ data: CustomField[] }>('/custom-fields'),
    staleTime: 300_000,
  });
/** The catalogue (a small shop's fits one page; the sale form searches it locally). */
export const useProducts = () =>
  useQuery({
    queryKey: ['products'],
    queryFn: () => get<{ data: Product[] }>('/products?limit=200'),
    staleTime: 60_000,
  });
export const useUsers = () =>
  useQuery({ queryKey: ['users'], queryFn: () => get<{ data: User[] }>('/users?limit=200'), staleTime: 300_000 });

/** After a write that changes what a customer's file, timeline or the customer list shows. */
export function useRefreshCustomer(customerId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all(
      [['customer', customerId], ['timeline', customerId], ['customers']].map((queryKey) =>
        client.invalidateQueries({ queryKey }),
      ),
    );
}

/** Built-in codes are translated; a business's own items show the label it gave them. */
export function usePicklistLabel() {
  const { t, i18n } = useTranslation();
  const lists = usePicklists();
  return (list: PicklistName, code: string | null | undefined) => {
    if (!code) return '—';
    const key = list === 'source' ? `sources.${code}` : list === 'stage' ? `stages.${code}` : '';
    if (key && i18n.exists(key)) return t(key);
    return lists.data?.[list]?.find((i) => i.code === code)?.label ?? code;
  };
}

/** A list's items still in use, as select options labelled like everywhere else. */
export function usePicklistOptions() {
  const lists = usePicklists();
  const label = usePicklistLabel();
  return (list: PicklistName) =>
    (lists.data?.[list] ?? []).filter((i) => !i.archived).map((i) => ({ value: i.code, label: label(list, i.code) }));
}
